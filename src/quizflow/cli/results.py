"""`quizflow results …`: learners' attempts, their answers as CSV, one attempt's path.

The CLI acts as the operator (whoever reaches the database), so it reads any scenario's
results. A scenario is named by its id or exact title, a class likewise. Analytics commands
(`items`, `paths`) come from cli/results_analytics.py.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from quizflow.cli import results_analytics
from quizflow.cli.runtime import console, err_console, get_sessions
from quizflow.cli.targets import SCENARIO_HELP

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from quizflow.services.results import AttemptFilter

app = typer.Typer(help="Results: attempts, answers, paths and item analysis.", no_args_is_help=True)

ScenarioArg = Annotated[str, typer.Argument(help=SCENARIO_HELP)]
ClassOpt = Annotated[
    str | None, typer.Option("--class", help="Only this class's members (its id or exact title).")
]
StatusOpt = Annotated[
    str | None, typer.Option("--status", help="in_progress, completed or abandoned.")
]
CsvOpt = Annotated[
    str | None,
    typer.Option(
        "--csv", help="Write CSV (UTF-8 with BOM) to this file, or - for standard output."
    ),
]


def _filter(
    sessions: sessionmaker[Session], class_: str | None, status: str | None
) -> AttemptFilter:
    from quizflow.errors import InvalidInputError
    from quizflow.services import classes
    from quizflow.services.results import AttemptFilter

    if status is not None and status not in ("in_progress", "completed", "abandoned"):
        raise InvalidInputError(f"--status: {status!r} is not in_progress, completed or abandoned")
    class_id = None if class_ is None else classes.find_class(sessions=sessions, title_or_id=class_)
    return AttemptFilter(class_id=class_id, status=status)  # type: ignore[arg-type]


def _write(chunks: Iterator[str], target: str) -> None:
    from quizflow.errors import InvalidInputError
    from quizflow.services.results_csv import BOM

    if target == "-":
        for chunk in chunks:
            sys.stdout.write(chunk.removeprefix(BOM))
        sys.stdout.flush()
        return
    path = Path(target)
    try:
        with (
            err_console.status(f"writing {path}"),
            path.open("w", encoding="utf-8", newline="") as out,
        ):
            for chunk in chunks:
                out.write(chunk)
    except OSError as exc:
        raise InvalidInputError(f"cannot write {path}: {exc.strerror}") from exc
    err_console.print(f"wrote {path}")


def _csv(kind: str, scenario: str, class_: str | None, status: str | None, target: str) -> None:
    from quizflow.cli.targets import local_admin, resolve_scenario
    from quizflow.services import results_csv

    sessions = get_sessions()
    chunks = results_csv.export(
        sessions=sessions,
        actor=local_admin(sessions),
        kind="attempts" if kind == "attempts" else "answers",
        scenario_id=resolve_scenario(sessions, scenario),
        wanted=_filter(sessions, class_, status),
    )
    _write(chunks, target)


@app.command()
def attempts(
    scenario: ScenarioArg,
    class_: ClassOpt = None,
    status: StatusOpt = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="Rows in the table.")] = 50,
    csv: CsvOpt = None,
) -> None:
    """The scenario's attempts, newest first: learner, version, status, score, times."""
    if csv is not None:
        _csv("attempts", scenario, class_, status, csv)
        return
    from rich.table import Table

    from quizflow.cli.targets import local_admin, resolve_scenario
    from quizflow.services import results

    sessions = get_sessions()
    page = results.scenario_attempts(
        sessions=sessions,
        actor=local_admin(sessions),
        scenario_id=resolve_scenario(sessions, scenario),
        wanted=_filter(sessions, class_, status),
        limit=limit,
    )
    table = Table(
        "attempt",
        "learner",
        "v",
        "status",
        "score",
        "started",
        "time s",
        "answers",
        title=f"{page.total} attempts" + (f" (first {limit})" if page.total > limit else ""),
        title_justify="left",
    )
    for a in page.items:
        table.add_row(
            str(a.attempt_id),
            a.learner.email,
            str(a.version),
            a.status,
            f"{a.score}/{a.max_score}",
            a.started_at.isoformat(timespec="seconds"),
            "" if a.time_taken_s is None else f"{a.time_taken_s:.0f}",
            str(a.answer_count),
        )
    console.print(table)


@app.command()
def answers(
    scenario: ScenarioArg,
    class_: ClassOpt = None,
    status: StatusOpt = None,
    csv: CsvOpt = "-",
) -> None:
    """Every answer to the scenario, one CSV row each, with the seconds spent on it."""
    _csv("answers", scenario, class_, status, csv or "-")


@app.command()
def attempt(attempt_id: Annotated[uuid.UUID, typer.Argument(help="The attempt's id.")]) -> None:
    """One attempt's path, answer by answer, with the time spent on each question."""
    from rich.table import Table

    from quizflow.cli.targets import local_admin
    from quizflow.services import results

    sessions = get_sessions()
    found = results.attempt_detail(
        sessions=sessions, actor=local_admin(sessions), attempt_id=attempt_id
    )
    a = found.attempt
    table = Table(
        "#",
        "question",
        "answer",
        "correct",
        "score",
        "seconds",
        "link",
        title=f"{found.scenario_title} v{a.version}: {a.learner.email}, {a.status}, "
        f"{a.score}/{a.max_score}",
        title_justify="left",
    )
    for step in found.path:
        answer = ", ".join(c.label for c in step.choices) or (step.free_text or "")
        table.add_row(
            str(step.position),
            f"Q{step.question_position} {step.prompt_text[:60]}",
            answer,
            "" if step.is_correct is None else ("yes" if step.is_correct else "no"),
            f"{step.score} ({step.score_after})",
            f"{step.seconds:.0f}",
            step.link_condition or "end",
        )
    console.print(table)


results_analytics.register(app)
