"""B1 — play throughput: learners playing through the real HTTP server, next to raw pgbench.

    python -m bench play                       # 8, 32 and 128 learners, 15 s each
    python -m bench.bench_play --quick         # 5 s per level
    python -m bench.bench_play --learners 32 --workers 1 --duration 20

Simulated learners (bench/loadgen.py, one asyncio process, httpx over HTTP/1.1 keep-alive)
play the demo's branching scenario against `uvicorn` on loopback with production settings
(no reload, log level warning, no access log) and the API's own JWT auth. Then pgbench runs
the SQL of one answer — the statements the answer path really issues, captured from the
service with SQLAlchemy's `before_cursor_execute` — at the same concurrency, on the same
PostgreSQL. The figure that matters is API answers/s ÷ pgbench tps: how much of what the
database alone could do the whole stack delivers. Target at 32 learners: ≥ 0.5, p99 < 50 ms.

The parts: bench/play_world.py (the database and the demo world), bench/play_sql.py (the SQL
of one answer and pgbench), bench/play_server.py (uvicorn), bench/loadgen.py (the learners),
bench/ceiling_app.py (the HTTP stack alone); --app serves another app factory (a what-if).

Runs on the PostgreSQL server DATABASE_URL or TEST_DATABASE_URL names (any database on it),
else on an embedded one: it creates quizflow_bench_play there and drops it at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr
from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.pool import StaticPool

from bench.common import RESULTS_DIR, Figure, Report, machine
from bench.loadgen import LoadResult, choose, play
from bench.play_server import API_APP, Server, machine_busy, serving
from bench.play_sql import PgbenchResult, answer_script, run_pgbench
from bench.play_world import (
    PlayWorld,
    build_world,
    connections_available,
    fresh_database,
    server_url,
    server_version,
)
from quizflow.settings import Settings

LEVELS = (8, 32, 128)
DURATION_S = 15.0
WARMUP_S = 3.0
QUICK_DURATION_S = 5.0
QUICK_WARMUP_S = 1.5
TARGET_RATIO = 0.5
TARGET_P99_MS = 50.0
DATABASE = "quizflow_bench_play"
#: Connections one server process may hold: the default pool, 20 plus 10 overflow.
SERVER_POOL = 30
#: uvicorn worker processes: one per core (measured on 2 cores: 2 workers beat 1 by 10-20 %,
#: one process being held to a single core by the GIL).
WORKERS = max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1))


# --- one level, all levels --------------------------------------------------------------------


def percentile_ms(latencies_s: Sequence[float], q: int) -> float:
    if len(latencies_s) < 2:
        return latencies_s[0] * 1000 if latencies_s else float("nan")
    return statistics.quantiles(latencies_s, n=100, method="inclusive")[q - 1] * 1000


@dataclass(frozen=True, slots=True)
class Level:
    learners: int
    load: LoadResult
    pgbench: PgbenchResult
    server_cpu: float
    machine_cpu: float
    loadavg: tuple[float, float, float]

    def as_run(self) -> dict[str, Any]:
        lat = self.load.latencies_s
        answers_per_s = self.load.answers_per_s
        requests = self.load.answers + self.load.starts
        return {
            "learners": self.learners,
            "answers_per_s": round(answers_per_s, 1),
            "p50_ms": round(percentile_ms(lat, 50), 2),
            "p95_ms": round(percentile_ms(lat, 95), 2),
            "p99_ms": round(percentile_ms(lat, 99), 2),
            "pgbench_tps": round(self.pgbench.tps, 1),
            "ratio_vs_pgbench": round(answers_per_s / self.pgbench.tps, 3),
            "loadgen_cpu_share": round(self.load.cpu_share, 3),
            "answers": self.load.answers,
            "attempts_started": self.load.starts,
            "attempts_completed": self.load.completed,
            "errors": self.load.errors,
            "error_samples": self.load.error_samples,
            "window_s": self.load.window_s,
            "pgbench_clients": self.pgbench.clients,
            "pgbench_latency_avg_ms": self.pgbench.latency_avg_ms,
            "pgbench_failed": self.pgbench.failed,
            "server_cpu_cores": round(self.server_cpu, 3),
            "db_connections_opened": int(self.load.counters.get("db_sessions", 0)),
            "server_cpu_ms_per_request": round(
                self.server_cpu * self.load.window_s * 1000 / max(requests, 1), 2
            ),
            "machine_cpu_busy": round(self.machine_cpu, 3),
            "loadavg_before": list(self.loadavg),
        }


def play_level(
    server: Server,
    world: PlayWorld,
    learners: int,
    *,
    warmup_s: float,
    duration_s: float,
    client: str,
    counters: Callable[[], dict[str, float]],
) -> LoadResult:
    """`learners` of the world's learners playing against `server` (bench/loadgen.py)."""
    return asyncio.run(
        play(
            server.base_url,
            world.tokens[:learners],
            str(world.scenario_id),
            warmup_s=warmup_s,
            duration_s=duration_s,
            seed=learners,
            client=client,
            counters=counters,
        )
    )


def run_level(
    server: Server,
    url: URL,
    world: PlayWorld,
    script: Path,
    *,
    learners: int,
    warmup_s: float,
    duration_s: float,
    pgbench_cap: int,
    client: str = "raw",
) -> Level:
    loadavg = os.getloadavg()
    stats = create_engine(url, poolclass=StaticPool)

    def counters() -> dict[str, float]:
        busy, total = machine_busy()
        with stats.connect() as conn:  # one connection throughout: it is not counted twice
            sessions = conn.execute(
                text("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")
            ).scalar_one()
        return {
            "server_cpu_s": server.cpu_seconds(),
            "busy_s": busy,
            "total_s": total,
            "db_sessions": float(sessions),
        }

    result = play_level(
        server,
        world,
        learners,
        warmup_s=warmup_s,
        duration_s=duration_s,
        client=client,
        counters=counters,
    )
    stats.dispose()
    server_cpu = result.counters["server_cpu_s"] / duration_s
    machine_cpu = result.counters["busy_s"] / max(result.counters["total_s"], 1e-9)
    bench = run_pgbench(url, script, clients=min(learners, pgbench_cap), duration_s=duration_s)
    return Level(learners, result, bench, server_cpu, machine_cpu, loadavg)


def measure(
    *,
    levels: Sequence[int] = LEVELS,
    duration_s: float = DURATION_S,
    warmup_s: float = WARMUP_S,
    workers: int = WORKERS,
    server_env: dict[str, str] | None = None,
    uvicorn_args: Sequence[str] = (),
    client: str = "raw",
    on_level: Callable[[Level], None] | None = None,
    app: str = API_APP,
) -> dict[str, Any]:
    """Run every level; returns the play.json payload (runs, machine, the captured SQL)."""
    server = server_url()
    secret = secrets.token_hex(32)
    settings = Settings(jwt_secret=SecretStr(secret))
    with fresh_database(server, DATABASE) as url:
        engine = create_engine(url)
        try:
            cap = connections_available(engine)
            world = build_world(engine, settings, max(levels), max(levels))
            script_text, statements = answer_script(engine, world)
            version = server_version(engine)
        finally:
            engine.dispose()
        workdir = Path(tempfile.mkdtemp(prefix="quizflow-pgbench-"))
        script = workdir / "answer.sql"
        script.write_text(script_text)
        runs = []
        try:
            with serving(
                url, secret, workers=workers, env=server_env, uvicorn_args=uvicorn_args, app=app
            ) as http:
                busiest = 0
                for learners in levels:
                    # Connections the server's pools may hold by now are not pgbench's to take:
                    # one per concurrent request so far (and one spare) per process, at most
                    # the pool (its connections stay open after a level).
                    busiest = max(busiest, learners)
                    per_process = min(SERVER_POOL, math.ceil(busiest / workers) + 1)
                    pgbench_cap = max(1, cap - per_process * workers)
                    level = run_level(
                        http,
                        url,
                        world,
                        script,
                        learners=learners,
                        warmup_s=warmup_s,
                        duration_s=duration_s,
                        pgbench_cap=pgbench_cap,
                        client=client,
                    )
                    runs.append(level.as_run())
                    if on_level is not None:
                        on_level(level)
                canned = capture_play_responses(http, world, workdir / "canned.json")
            ceiling = {
                routes: measure_ceiling(
                    url,
                    secret,
                    world,
                    canned,
                    learners=32 if 32 in levels else levels[0],
                    warmup_s=warmup_s,
                    duration_s=duration_s,
                    workers=workers,
                    client=client,
                    async_routes=routes == "async_routes",
                )
                for routes in ("sync_routes", "async_routes")
            }
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    facts = machine() | {"postgresql": version}
    facts["uvicorn_workers"] = workers
    facts["server_env"] = server_env or {}
    facts["uvicorn_args"] = list(uvicorn_args)
    facts["load_generator"] = f"bench/loadgen.py, {client} client"
    facts["app"] = app
    return {
        "runs": runs,
        "ceiling": ceiling,
        "machine": facts,
        "answer_sql": statements,
        "pgbench_script": script_text,
    }


def capture_play_responses(server: Server, world: PlayWorld, path: Path) -> Path:
    """One real attempt and one real answer as the server sends them, for the ceiling app."""
    headers = {"Authorization": f"Bearer {world.tokens[0]}"}
    with httpx.Client(base_url=server.base_url, headers=headers, timeout=10) as client:
        attempt = client.post("/attempts", json={"scenario_id": str(world.scenario_id)})
        attempt.raise_for_status()
        state = attempt.json()
        body = choose(state["current_question"], random.Random(0))
        answer = client.post(f"/attempts/{state['id']}/answers", json=body)
        answer.raise_for_status()
    path.write_text(json.dumps({"attempt": state, "answer": answer.json()}))
    return path


def measure_ceiling(
    url: URL,
    secret: str,
    world: PlayWorld,
    canned: Path,
    *,
    learners: int,
    warmup_s: float,
    duration_s: float,
    workers: int,
    client: str,
    async_routes: bool,
) -> dict[str, Any]:
    """The same load against bench/ceiling_app.py: the HTTP stack with no database work."""
    env = {
        "QUIZFLOW_BENCH_CANNED": str(canned),
        "QUIZFLOW_BENCH_ASYNC_ROUTES": "1" if async_routes else "0",
    }
    with serving(url, secret, workers=workers, env=env, app="bench.ceiling_app:create_app") as http:
        load = play_level(
            http,
            world,
            learners,
            warmup_s=warmup_s,
            duration_s=duration_s,
            client=client,
            counters=lambda: {"server_cpu_s": http.cpu_seconds()},
        )
    requests = load.answers + load.starts
    return {
        "learners": learners,
        "answers_per_s": round(load.answers_per_s, 1),
        "p99_ms": round(percentile_ms(load.latencies_s, 99), 2),
        "server_cpu_ms_per_request": round(
            load.counters["server_cpu_s"] * 1000 / max(requests, 1), 3
        ),
        "loadgen_cpu_share": round(load.cpu_share, 3),
        "errors": load.errors,
    }


def print_runs(payload: dict[str, Any], console: Console) -> None:
    table = Table(
        "learners",
        "answers/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "pgbench tps",
        "API/pgbench",
        "loadgen CPU",
        "server CPU",
        "CPU ms/req",
        "new conns",
        "errors",
        title="B1 — play throughput over HTTP vs pgbench running the SQL of one answer",
        title_justify="left",
    )
    for run in payload["runs"]:
        ok = run["learners"] != 32 or (
            run["ratio_vs_pgbench"] >= TARGET_RATIO and run["p99_ms"] < TARGET_P99_MS
        )
        ratio = f"{run['ratio_vs_pgbench']:.2f}"
        clients = (
            f" (-c {run['pgbench_clients']})" if run["pgbench_clients"] != run["learners"] else ""
        )
        table.add_row(
            str(run["learners"]),
            f"{run['answers_per_s']:,.0f}",
            f"{run['p50_ms']:.1f}",
            f"{run['p95_ms']:.1f}",
            f"{run['p99_ms']:.1f}",
            f"{run['pgbench_tps']:,.0f}{clients}",
            ratio if ok else f"[bold red]{ratio}[/]",
            f"{run['loadgen_cpu_share']:.2f}",
            f"{run['server_cpu_cores']:.2f}",
            f"{run['server_cpu_ms_per_request']:.2f}",
            str(run["db_connections_opened"]),
            str(run["errors"]),
        )
    console.print(table)
    for routes, ceiling in payload.get("ceiling", {}).items():
        at = next((r for r in payload["runs"] if r["learners"] == ceiling["learners"]), None)
        versus = f" = {ceiling['answers_per_s'] / at['pgbench_tps']:.2f} × pgbench" if at else ""
        kind = "async def" if routes == "async_routes" else "def, as the API's"
        console.print(
            f"HTTP stack alone (bench/ceiling_app.py, no database; routes {kind}) at "
            f"{ceiling['learners']} learners: {ceiling['answers_per_s']:,.0f} answers/s"
            f"{versus}, p99 {ceiling['p99_ms']:.1f} ms, "
            f"{ceiling['server_cpu_ms_per_request']:.2f} ms server CPU per request",
            highlight=False,
        )
    console.print(
        "CPU columns: cores used (1.0 = one core) by the load generator and by the server; "
        "CPU ms/req: server CPU per HTTP request (answers and attempt starts); new conns: "
        "database connections the server opened while measuring.",
        style="dim",
    )


def write_play_json(payload: dict[str, Any], path: Path = RESULTS_DIR / "play.json") -> Path:
    """bench/results/play.json: {"runs": [...], "ceiling": {...}, "machine": {...}}."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "runs": payload["runs"],
        "ceiling": payload["ceiling"],
        "machine": payload["machine"],
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def report_of(payload: dict[str, Any]) -> Report:
    at32 = next((r for r in payload["runs"] if r["learners"] == 32), payload["runs"][0])
    note = f"{at32['learners']} learners"
    figures = [
        Figure(
            "pgbench tps ÷ API answers/s",
            at32["pgbench_tps"] / max(at32["answers_per_s"], 1e-9),
            "×",
            1 / TARGET_RATIO,
            note=f"{note}; API ÷ pgbench = {at32['ratio_vs_pgbench']:.2f}, target ≥ {TARGET_RATIO}",
        ),
        Figure("answer p99", at32["p99_ms"], "ms", TARGET_P99_MS, note=note),
    ]
    # Not "play": bench/results/play.json is the runs themselves, in the shape tools read.
    return Report(
        "play_summary",
        "B1 — play throughput",
        figures,
        details={
            "runs": "bench/results/play.json",
            "answer_sql": payload["answer_sql"],
            "pgbench_script": payload["pgbench_script"],
        },
        notes=[
            "answers/s by learners: "
            + ", ".join(f"{r['learners']}: {r['answers_per_s']:,.0f}" for r in payload["runs"])
            + " (every figure: bench/results/play.json)"
        ],
    )


def run(quick: bool = False) -> Report:
    """The benchmark as `python -m bench` runs it: prints the table, writes play.json."""
    console = Console(width=max(Console().width, 130))
    payload = measure(
        duration_s=QUICK_DURATION_S if quick else DURATION_S,
        warmup_s=QUICK_WARMUP_S if quick else WARMUP_S,
    )
    print_runs(payload, console)
    console.print(f"wrote {write_play_json(payload)}", style="dim", highlight=False)
    return report_of(payload)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_play", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="5 s per level instead of 15 s")
    parser.add_argument("--learners", type=int, nargs="*", default=list(LEVELS))
    parser.add_argument("--duration", type=float, help="seconds measured per level")
    parser.add_argument("--warmup", type=float, help="seconds of warm-up per level")
    parser.add_argument(
        "--workers", type=int, default=WORKERS, help=f"uvicorn worker processes ({WORKERS})"
    )
    parser.add_argument(
        "--env", action="append", default=[], metavar="NAME=VALUE", help="server setting"
    )
    parser.add_argument("--client", choices=("raw", "httpx"), default="raw")
    parser.add_argument(
        "--app",
        default=API_APP,
        help="the app factory to serve instead of the API, as module:function",
    )
    parser.add_argument("--uvicorn-arg", action="append", default=[], help="e.g. --http=h11")
    parser.add_argument("--no-write", action="store_true", help="do not write play.json")
    args = parser.parse_args(argv)
    console = Console(width=max(Console().width, 130))
    payload = measure(
        levels=args.learners,
        duration_s=args.duration or (QUICK_DURATION_S if args.quick else DURATION_S),
        warmup_s=args.warmup or (QUICK_WARMUP_S if args.quick else WARMUP_S),
        workers=args.workers,
        server_env=dict(item.split("=", 1) for item in args.env),
        uvicorn_args=args.uvicorn_arg,
        client=args.client,
        app=args.app,
    )
    print_runs(payload, console)
    if not args.no_write:
        console.print(f"wrote {write_play_json(payload)}", style="dim", highlight=False)
    return 0 if report_of(payload).passed else 1


if __name__ == "__main__":
    sys.exit(main())
