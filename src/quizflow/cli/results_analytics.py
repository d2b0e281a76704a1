"""`quizflow results items|paths|recount`: item analysis and path traffic of a published version.

`register(app)` adds the commands to the `results` group (cli/results.py). The CLI acts as the
operator (whoever reaches the database), so it reads any scenario's analytics.
"""

from __future__ import annotations

import csv
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from quizflow.cli.runtime import console, get_sessions
from quizflow.cli.targets import SCENARIO_HELP

if TYPE_CHECKING:
    import uuid

    from sqlalchemy.orm import Session, sessionmaker

ScenarioArg = Annotated[str, typer.Argument(help=SCENARIO_HELP)]
VersionOpt = Annotated[
    int, typer.Option("--version", "-v", min=1, help="The published version's number.")
]
ClassOpt = Annotated[
    str | None,
    typer.Option("--class", help="Only this class's members (its id or exact title)."),
]
CsvOpt = Annotated[bool, typer.Option("--csv", help="CSV on standard output instead of a table.")]


def _class_id(sessions: sessionmaker[Session], reference: str | None) -> uuid.UUID | None:
    from quizflow.services import classes

    return (
        None if reference is None else classes.find_class(sessions=sessions, title_or_id=reference)
    )


def _number(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def items(
    scenario: ScenarioArg,
    version: VersionOpt,
    class_: ClassOpt = None,
    first: Annotated[
        bool, typer.Option("--first", help="Each learner's first completed attempt only.")
    ] = False,
    as_csv: CsvOpt = False,
) -> None:
    """Item analysis: Moodle's facility and discrimination indices per question, and how
    often each choice was picked (distractors nobody picks, or strong learners pick, flagged)."""
    from quizflow.cli.targets import local_admin, resolve_scenario
    from quizflow.services import analytics

    sessions = get_sessions()
    found = analytics.item_analysis(
        sessions=sessions,
        actor=local_admin(sessions),
        scenario_id=resolve_scenario(sessions, scenario),
        version=version,
        class_id=_class_id(sessions, class_),
        attempts="first" if first else "all",
        count_now=True,
    )
    header = [
        "question",
        "choice",
        "correct",
        "answered",
        "picked",
        "share",
        "facility",
        "discrimination",
        "flags",
        "text",
    ]
    rows = []
    for q in found.questions:
        rows.append(
            [
                f"Q{q.position}",
                "",
                "",
                str(q.answered),
                "",
                "",
                _number(q.facility),
                _number(q.discrimination),
                "",
                q.prompt_text,
            ]
        )
        for c in q.choices:
            rows.append(
                [
                    f"Q{q.position}",
                    c.label,
                    "yes" if c.is_correct else "",
                    "",
                    str(c.picked),
                    f"{c.picked_share:.2f}",
                    "",
                    "",
                    " ".join(c.flags),
                    c.body_text,
                ]
            )
    _print(header, rows, as_csv, f"version {found.version}: {found.attempts_counted} attempts")


def paths(
    scenario: ScenarioArg,
    version: VersionOpt,
    class_: ClassOpt = None,
    as_csv: CsvOpt = False,
) -> None:
    """Path traffic: per question how many reached it, stopped there and the median time on
    it; per link how many answers took it."""
    from quizflow.cli.targets import local_admin, resolve_scenario
    from quizflow.services import analytics

    sessions = get_sessions()
    found = analytics.path_analysis(
        sessions=sessions,
        actor=local_admin(sessions),
        scenario_id=resolve_scenario(sessions, scenario),
        version=version,
        class_id=_class_id(sessions, class_),
        count_now=True,
    )
    number = {q.question_id: q.position for q in found.questions}
    header = ["what", "reached", "stopped", "median s", "taken", "text"]
    rows = [
        [
            f"Q{q.position}",
            str(q.reached),
            str(q.stopped),
            _number(q.median_seconds),
            "",
            q.prompt_text,
        ]
        for q in found.questions
    ]
    rows += [
        [
            f"Q{number[link.from_question_id]} → "
            + (f"Q{number[link.to_question_id]}" if link.to_question_id else "end"),
            "",
            "",
            "",
            str(link.taken),
            link.condition,
        ]
        for link in found.links
    ]
    summary = (
        f"version {found.version}: {found.attempts} attempts ({found.completed} completed, "
        f"{found.in_progress} in progress, {found.abandoned} abandoned)"
    )
    _print(header, rows, as_csv, summary)


def _print(header: list[str], rows: list[list[str]], as_csv: bool, summary: str) -> None:
    if as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(header)
        writer.writerows(rows)
        return
    from rich.table import Table

    table = Table(*header, title=summary, title_justify="left")
    for row in rows:
        table.add_row(*row)
    console.print(table)


def recount(
    once: Annotated[
        bool,
        typer.Option("--once", help="Recount what is wanted now, then exit (for a scheduler)."),
    ] = False,
) -> None:
    """Recount the analytics of large versions that the studio found stale (the worker
    `quizflow serve` runs too). Runs until Ctrl-C or SIGTERM; any number may run at once."""
    import signal
    import threading

    from quizflow.services import analytics_worker

    stop = threading.Event()
    if not once:
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        console.print("recounting analytics as the studio asks (Ctrl-C stops)")
    done = analytics_worker.run(
        get_sessions(),
        stop,
        once=once,
        on_recount=lambda n: console.print(f"{n} result(s) recounted", highlight=False),
    )
    console.print(f"[green]{done}[/] result(s) recounted.", highlight=False)


def register(app: typer.Typer) -> None:
    """Add `items`, `paths` and `recount` to the `results` command group."""
    app.command("items")(items)
    app.command("paths")(paths)
    app.command("recount")(recount)
