"""CSV exports of a scenario's or a class's attempts and answers, streamed.

UTF-8 with a byte-order mark (so Excel reads it as UTF-8), a header row, and text cells that
a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) prefixed
with a quote (OWASP's advice). Rows are read from a server-side cursor in batches, so memory
stays flat however many attempts there are.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.services import results
from quizflow.services.results import UP, AttemptFilter

Kind = Literal["attempts", "answers"]
BOM = "\ufeff"
_BATCH = 1000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

ATTEMPT_HEADER = [
    "attempt_id",
    "learner_email",
    "learner_name",
    "version",
    "status",
    "score",
    "max_score",
    "started_at",
    "finished_at",
    "time_taken_s",
    "answer_count",
]
ANSWER_HEADER = [
    "attempt_id",
    "learner_email",
    "learner_name",
    "version",
    "position",
    "question_position",
    "question_id",
    "prompt_text",
    "choices",
    "free_text",
    "is_correct",
    "score",
    "score_after",
    "answered_at",
    "seconds",
    "link_condition",
]


def safe_cell(value: object) -> str:
    """A cell as text, defused if a spreadsheet would take it for a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, int | uuid.UUID):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_lines(header: list[str], rows: Iterable[list[object]]) -> Iterator[str]:
    """The BOM and header, then the rows, in chunks of about `_BATCH` rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    yield BOM + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    for count, row in enumerate(rows, start=1):
        writer.writerow([safe_cell(v) for v in row])
        if count % _BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def export(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    kind: Kind,
    scenario_id: uuid.UUID | None = None,
    class_id: uuid.UUID | None = None,
    wanted: AttemptFilter = AttemptFilter(),
) -> Iterator[str]:
    """The CSV text in chunks. Rights are checked before the first chunk is returned (raises
    like `results.scenario_attempts` / `results.class_attempts`); the rest streams lazily."""
    session = sessions()
    try:
        scope = results.scope_of(session, actor, scenario_id=scenario_id, class_id=class_id)
    except BaseException:
        session.close()
        raise
    return _stream(session, kind, scope, wanted)


def _stream(session: Session, kind: Kind, scope: Any, wanted: AttemptFilter) -> Iterator[str]:
    with session:
        attempts = results.attempts_statement(scope, wanted)
        if kind == "attempts":
            yield from csv_lines(ATTEMPT_HEADER, _attempt_rows(session, attempts))
        else:
            yield from csv_lines(ANSWER_HEADER, _answer_rows(session, attempts))


def _attempt_rows(session: Session, attempts: Any) -> Iterator[list[object]]:
    tops: dict[uuid.UUID, int] = {}
    ordered = attempts.order_by(UP.started_at, UP.id).execution_options(yield_per=_BATCH)
    for row in session.execute(ordered):
        if row.version_id not in tops:
            tops.update(results.max_scores(session, {row.version_id}))
        yield [
            row.id,
            row.email,
            row.display_name,
            row.number,
            row.status.value,
            row.score,
            tops[row.version_id],
            row.started_at,
            row.finished_at,
            None if row.time_taken is None else float(row.time_taken),
            row.answer_count,
        ]


def _answer_rows(session: Session, attempts: Any) -> Iterator[list[object]]:
    scoped = attempts.subquery()
    steps = results.path_statement(select(scoped.c.id)).subquery()
    statement = (
        select(steps, scoped.c.email, scoped.c.display_name, scoped.c.number)
        .join(scoped, scoped.c.id == steps.c.progress_id)
        .order_by(scoped.c.started_at, scoped.c.id, steps.c.position)
        .execution_options(yield_per=_BATCH)
    )
    for row in session.execute(statement):
        yield [
            row.progress_id,
            row.email,
            row.display_name,
            row.number,
            row.position,
            row.question_position,
            row.question_id,
            row.prompt_text,
            row.labels,
            row.free_text,
            row.is_correct,
            row.score,
            row.score_after,
            row.created_at,
            float(row.seconds),
            row.link_condition,
        ]
