"""B2 — scale: the answer path on a database of 100,000 users, 1,000,000 answers, 100,000 attempts.

    python -m bench scale
    python -m bench.bench_scale --quick

Two databases get the same content: four played scenarios (six published versions, built by the
services) and a catalogue of 400 more (copied in SQL, so questions, choices and links are big
enough for the planner to choose between scans). One of them is then filled in SQL with
100,000 users, 100,000 attempts over the played versions (repeat attempts, abandoned and
unfinished ones) and 1,000,000 answers with their choices, foreign keys consistent.

Latency: learners answer through `submit_answer` (the service layer, one at a time, version
cache warm), in rounds that alternate between the empty and the filled database so a busy
machine slows both alike. Target: the filled database's median within 1.2× of the empty one's.

Indexes: every statement the answer path issues, plus reading a scenario and a version,
starting and resuming an attempt and reading an attempt's history, is captured from the
services and EXPLAINed on the filled database; no Seq Scan on answers, answer_choices,
user_progress, questions, choices or question_links is allowed.

Runs on the server DATABASE_URL or TEST_DATABASE_URL names, else on an embedded one; creates
quizflow_bench_scale_empty and quizflow_bench_scale_full there and drops them at the end.

The parts: bench/scale_content.py (the scenarios and the catalogue), bench/scale_fill.py (the
bulk fill), bench/scale_learners.py (the timed answers), bench/scale_plans.py (EXPLAIN).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy.engine import URL
from sqlalchemy.orm import sessionmaker

from bench.bench_play import percentile_ms
from bench.common import Figure, Report, machine, write_report
from bench.play_world import fresh_database, server_url
from bench.scale_content import build_content
from bench.scale_fill import fill
from bench.scale_learners import Side, learners_on, play_answers
from bench.scale_plans import deletion_triggers, explain_all
from quizflow.db.engine import create_db_engine
from quizflow.settings import Settings

#: Rounds alternate between the databases (ABBA…), so a busy machine slows both alike.
ANSWERS_PER_ROUND = 250
ROUNDS = 10
QUICK_ANSWERS_PER_ROUND = 150
QUICK_ROUNDS = 4
TARGET_RATIO = 1.2


@contextlib.contextmanager
def two_databases(server: URL) -> Iterator[tuple[URL, URL]]:
    with (
        fresh_database(server, "quizflow_bench_scale_empty") as empty,
        fresh_database(server, "quizflow_bench_scale_full") as full,
    ):
        yield empty, full


def measure(*, rounds: int = ROUNDS, per_round: int = ANSWERS_PER_ROUND) -> dict[str, Any]:
    settings = Settings()
    console = Console(width=max(Console().width, 130))
    with two_databases(server_url()) as (empty_url, full_url):
        engines = [create_db_engine(u, settings) for u in (empty_url, full_url)]
        try:
            contents = [build_content(e) for e in engines]
            console.print("filling the full database …", style="dim")
            filled = fill(engines[1], contents[1], lambda line: console.print(line, style="dim"))
            # The empty database keeps the statistics a new deployment has: autovacuum's.
            sides = [
                Side(
                    name,
                    engine,
                    sessionmaker(bind=engine, expire_on_commit=False),
                    learners_on(engine, filled=name == "filled"),
                    content.played,
                    [],
                )
                for name, engine, content in zip(
                    ("empty", "filled"), engines, contents, strict=True
                )
            ]
            rng = random.Random(11)
            for side in sides:  # warm-up: caches, pools, prepared statements
                play_answers(side, 100, rng)
                side.latencies_s.clear()
            load = []
            round_ratios = []
            for n in range(rounds):
                load.append(os.getloadavg()[0])
                medians = {}
                for side in sides if n % 2 == 0 else sides[::-1]:
                    before = len(side.latencies_s)
                    play_answers(side, per_round, random.Random(n))
                    medians[side.name] = statistics.median(side.latencies_s[before:])
                round_ratios.append(round(medians["filled"] / medians["empty"], 3))
            plans = explain_all(engines[1], contents[1], sides[1].learners[0])
            triggers = deletion_triggers(engines[1], contents[1])
        finally:
            for engine in engines:
                engine.dispose()
    stats = {
        side.name: {
            "answers": len(side.latencies_s),
            "p50_ms": round(percentile_ms(side.latencies_s, 50), 3),
            "p95_ms": round(percentile_ms(side.latencies_s, 95), 3),
            "p99_ms": round(percentile_ms(side.latencies_s, 99), 3),
            "mean_ms": round(sum(side.latencies_s) * 1000 / max(len(side.latencies_s), 1), 3),
        }
        for side in sides
    }
    ratios = {
        q: round(stats["filled"][f"{q}_ms"] / stats["empty"][f"{q}_ms"], 3)
        for q in ("p50", "p95", "p99")
    }
    ratios["median_of_round_p50s"] = statistics.median(round_ratios)
    return {
        "latency": stats,
        "ratio_filled_vs_empty": ratios,
        "round_p50_ratios": round_ratios,
        "fill": {
            "seconds": round(filled.seconds, 1),
            "vacuum_analyze_seconds": round(filled.analyze_seconds, 1),
            "rows": filled.rows,
            "foreign_key_violations": filled.orphans,
            "foreign_keys": filled.fk_checks,
        },
        "explain": [
            {
                "use_case": p.use_case,
                "statement": p.statement,
                "plan": p.key_lines,
                "seq_scans_on_hot_tables": p.seq_scans,
            }
            for p in plans
        ],
        "delete_a_draft_question": [
            {"trigger": name, "ms": ms, "calls": calls} for name, ms, calls in triggers
        ],
        "loadavg_per_round": load,
        "rounds": rounds,
        "answers_per_round": per_round,
    }


def print_results(payload: dict[str, Any], console: Console) -> None:
    fill_info = payload["fill"]
    rows = ", ".join(f"{n:,} {t}" for t, n in fill_info["rows"].items())
    console.print(
        f"filled in {fill_info['seconds']} s (+ {fill_info['vacuum_analyze_seconds']} s VACUUM "
        f"ANALYZE): {rows}; FK violations: {fill_info['foreign_key_violations']}",
        highlight=False,
    )
    table = Table(
        "database",
        "answers",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        title="B2 — submit_answer latency (service layer, sequential)",
        title_justify="left",
    )
    for name, s in payload["latency"].items():
        table.add_row(
            name,
            str(s["answers"]),
            f"{s['p50_ms']:.2f}",
            f"{s['p95_ms']:.2f}",
            f"{s['p99_ms']:.2f}",
        )
    r = payload["ratio_filled_vs_empty"]
    table.add_row("filled ÷ empty", "", f"{r['p50']:.2f}×", f"{r['p95']:.2f}×", f"{r['p99']:.2f}×")
    console.print(table)
    console.print(
        f"filled ÷ empty p50, round by round: {payload['round_p50_ratios']} "
        f"(median {r['median_of_round_p50s']:.2f}×; target < {TARGET_RATIO}×)",
        highlight=False,
    )
    plans = Table(
        "use case",
        "statement",
        "plan (scans)",
        title="EXPLAIN on the filled database",
        title_justify="left",
    )
    for p in payload["explain"]:
        shown = "; ".join(p["plan"]) or "(no scan)"
        if p["seq_scans_on_hot_tables"]:
            shown = f"[bold red]{shown}[/]"
        plans.add_row(p["use_case"], p["statement"][:60], shown)
    console.print(plans)


def report_of(payload: dict[str, Any]) -> Report:
    seq = [
        f"{p['use_case']}: {t}" for p in payload["explain"] for t in p["seq_scans_on_hot_tables"]
    ]
    r = payload["ratio_filled_vs_empty"]
    return Report(
        "scale",
        "B2 — scale: 100k users, 1M answers, 100k attempts",
        [
            Figure(
                "answer p50, filled ÷ empty",
                r["median_of_round_p50s"],
                "×",
                TARGET_RATIO,
                note=f"median of {len(payload['round_p50_ratios'])} alternating rounds",
            ),
            Figure("Seq Scans on hot tables", len(seq), "", 1, note="; ".join(seq)),
            Figure(
                "foreign-key violations in the fill",
                payload["fill"]["foreign_key_violations"],
                "",
                1,
            ),
            Figure("fill time", payload["fill"]["seconds"], "s", 120),
        ],
        details=payload,
        notes=[
            f"Deleting one draft question on the filled database: {t['trigger']} took "
            f"{t['ms']:.0f} ms (a foreign key whose referencing column has no index scans "
            "its whole table)"
            for t in payload["delete_a_draft_question"]
            if t["ms"] >= 5
        ],
    )


def run(quick: bool = False) -> Report:
    """The benchmark as `python -m bench` runs it."""
    payload = measure(
        rounds=QUICK_ROUNDS if quick else ROUNDS,
        per_round=QUICK_ANSWERS_PER_ROUND if quick else ANSWERS_PER_ROUND,
    )
    print_results(payload, Console(width=max(Console().width, 130)))
    return report_of(payload)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_scale", description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    from bench.common import print_report

    report = run(quick=args.quick)
    console = Console()
    print_report(report, console)
    console.print(f"wrote {write_report(report, machine())}", style="dim")
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
