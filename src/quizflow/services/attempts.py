"""Playing: start or resume an attempt, see where it stands, abandon it, list them.

Everything a learner receives about a question they have not answered yet comes from
`question_view`, which carries no correctness, feedback, explanation or link condition.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, bindparam, exists, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.types import Uuid

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.errors import ConflictError, NotFoundError
from quizflow.services import access, audience, xapi_outbox, xapi_statements
from quizflow.services.content import ScenarioContent, versions
from quizflow.services.xapi_statements import XapiSource


@dataclass(frozen=True, slots=True)
class ChoiceView:
    label: str
    body: str


@dataclass(frozen=True, slots=True)
class QuestionView:
    """A question as a learner may see it before answering it."""

    id: uuid.UUID
    number: int
    total: int
    prompt_html: str
    prompt_text: str
    is_multiple_choice: bool
    multi_select: bool
    points: int
    choices: tuple[ChoiceView, ...]


@dataclass(frozen=True, slots=True)
class AttemptState:
    id: uuid.UUID
    scenario_id: uuid.UUID
    version: int
    title: str
    context_html: str
    context_text: str
    attempt: int
    status: str
    score: int
    started_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    current_question: QuestionView | None


def question_view(content: ScenarioContent, question_id: uuid.UUID) -> QuestionView:
    """The learner-safe view of a question."""
    q = content.question(question_id)
    return QuestionView(
        id=q.id,
        number=content.number_of(q.id),
        total=len(content.questions),
        prompt_html=q.prompt_html,
        prompt_text=q.prompt_text,
        is_multiple_choice=q.is_multiple_choice,
        multi_select=q.multi_select,
        points=q.points,
        choices=tuple(ChoiceView(c.label, c.body) for c in q.choices),
    )


def attempt_state(content: ScenarioContent, row: orm.UserProgress) -> AttemptState:
    current = row.current_question_id
    return AttemptState(
        id=row.id,
        scenario_id=row.scenario_id,
        version=content.version_number or 0,
        title=content.title,
        context_html=content.context_html,
        context_text=content.context_text,
        attempt=row.attempt,
        status=row.status.value,
        score=row.score,
        started_at=row.started_at,
        updated_at=row.updated_at,
        completed_at=row.completed_at,
        current_question=question_view(content, current) if current else None,
    )


def start_attempt(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    scenario_id: uuid.UUID,
    restart: bool = False,
    xapi: XapiSource | None = None,
) -> tuple[AttemptState, bool]:
    """Resume the actor's attempt in progress, or start one; returns (state, started).

    With `restart`, an attempt in progress is abandoned (its answers are kept) and a new one
    starts on the latest published version. With `xapi`, the attempted (and abandoned)
    statements are queued in the same transaction.
    """
    try:
        return _start(sessions, actor, scenario_id, restart, xapi)
    except IntegrityError:
        # Two starts raced and the other one won (one in-progress attempt per learner and
        # scenario): resume what it created.
        return _start(sessions, actor, scenario_id, False, xapi)


_ATTEMPTS: Table = orm.UserProgress.__table__  # type: ignore[assignment]
_SCENARIOS: Table = orm.Scenario.__table__  # type: ignore[assignment]
#: What starting needs to know, in one round trip: the scenario, and whether the account exists.
_PLAY_CONTEXT = select(
    _SCENARIOS.c.status,
    _SCENARIOS.c.owner_id,
    _SCENARIOS.c.latest_version_id,
    _SCENARIOS.c.audience,
    exists().where(orm.User.id == bindparam("user_id")).label("has_account"),
).where(_SCENARIOS.c.id == bindparam("scenario_id"))
_IN_PROGRESS = (
    select(_ATTEMPTS)
    .where(
        _ATTEMPTS.c.user_id == bindparam("user_id"),
        _ATTEMPTS.c.scenario_id == bindparam("scenario_id"),
        _ATTEMPTS.c.status == orm.ProgressStatus.IN_PROGRESS,
    )
    .with_for_update()
)
_ABANDON = (
    update(_ATTEMPTS)
    .where(_ATTEMPTS.c.id == bindparam("attempt_id"))
    .values(status=orm.ProgressStatus.ABANDONED, updated_at=func.now())
    .returning(_ATTEMPTS.c.score, _ATTEMPTS.c.version_id, _ATTEMPTS.c.updated_at)
)
_EARLIER = _ATTEMPTS.alias("earlier")
#: The next attempt, numbered after the learner's last one on this scenario in the same
#: statement (so after the lock above), returned whole.
_NEW_ATTEMPT = (
    insert(_ATTEMPTS)
    .from_select(
        ["user_id", "scenario_id", "version_id", "current_question_id", "attempt"],
        select(
            bindparam("user_id", type_=Uuid),
            bindparam("scenario_id", type_=Uuid),
            bindparam("version_id", type_=Uuid),
            bindparam("first_question_id", type_=Uuid),
            func.coalesce(func.max(_EARLIER.c.attempt), 0) + 1,
        ).where(
            _EARLIER.c.user_id == bindparam("user_id"),
            _EARLIER.c.scenario_id == bindparam("scenario_id"),
        ),
    )
    .returning(*_ATTEMPTS.c)
)


def _start(
    sessions: sessionmaker[Session],
    actor: Principal,
    scenario_id: uuid.UUID,
    restart: bool,
    xapi: XapiSource | None,
) -> tuple[AttemptState, bool]:
    keys = {"user_id": actor.user_id, "scenario_id": scenario_id}
    with sessions.begin() as session:
        connection = session.connection()  # Core statements: the hot path after answering
        scenario = connection.execute(_PLAY_CONTEXT, keys).one_or_none()
        if scenario is None or not scenario.has_account:
            # Creates the account, or refuses the token: an unknown caller hears 401, not 404.
            access.require_account(session, actor)
        missing = NotFoundError(f"scenario {scenario_id} does not exist or is not published")
        if scenario is None:
            raise missing
        current = connection.execute(_IN_PROGRESS, keys).one_or_none()
        if current is not None and not restart:
            row = orm.UserProgress(**current._mapping)  # never added to the session
            return attempt_state(versions.get(session, row.version_id), row), False
        if not _may_play(actor, scenario.status, scenario.owner_id):
            raise missing
        if scenario.status != orm.ScenarioStatus.PUBLISHED or scenario.latest_version_id is None:
            raise ConflictError("this scenario is not published; publish it before playing it")
        audience.check_may_start(session, actor, scenario_id, scenario.audience)
        statements: list[dict[str, Any]] = []
        if current is not None:
            abandoned = connection.execute(_ABANDON, {"attempt_id": current.id}).one()
            if xapi is not None:
                statements.append(
                    xapi_statements.attempt_event(
                        xapi,
                        versions.get(session, abandoned.version_id),
                        xapi_statements.ABANDONED,
                        attempt_id=current.id,
                        user_id=actor.user_id,
                        score=abandoned.score,
                        at=abandoned.updated_at,
                    )
                )
        content = versions.get(session, scenario.latest_version_id)
        created = connection.execute(
            _NEW_ATTEMPT,
            keys
            | {
                "version_id": scenario.latest_version_id,
                "first_question_id": content.first_question_id,
            },
        ).one()
        if xapi is not None:
            statements.append(
                xapi_statements.attempt_event(
                    xapi,
                    content,
                    xapi_statements.ATTEMPTED,
                    attempt_id=created.id,
                    user_id=actor.user_id,
                    score=None,
                    at=created.started_at,
                )
            )
        xapi_outbox.queue(connection, statements)
        return attempt_state(content, orm.UserProgress(**created._mapping)), True


def _may_play(actor: Principal, status: orm.ScenarioStatus, owner_id: uuid.UUID) -> bool:
    if status == orm.ScenarioStatus.PUBLISHED:
        return True
    # Unpublished: only its author (or an admin) may learn that it exists.
    return actor.is_admin or owner_id == actor.user_id


def get_attempt(
    *, sessions: sessionmaker[Session], actor: Principal, attempt_id: uuid.UUID
) -> AttemptState:
    """Where an attempt stands: status, score and the question to answer next."""
    with sessions() as session:
        row = access.own_attempt(session, actor, attempt_id, write=False)
        return attempt_state(versions.get(session, row.version_id), row)


def list_attempts(
    *, sessions: sessionmaker[Session], actor: Principal, scenario_id: uuid.UUID | None = None
) -> list[AttemptState]:
    """The actor's own attempts, newest first."""
    query = (
        select(orm.UserProgress)
        .where(orm.UserProgress.user_id == actor.user_id)
        .order_by(orm.UserProgress.started_at.desc(), orm.UserProgress.attempt.desc())
    )
    if scenario_id is not None:
        query = query.where(orm.UserProgress.scenario_id == scenario_id)
    with sessions() as session:
        rows = list(session.scalars(query))
        return [attempt_state(versions.get(session, r.version_id), r) for r in rows]


def abandon_attempt(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    attempt_id: uuid.UUID,
    xapi: XapiSource | None = None,
) -> AttemptState:
    """Give up an attempt in progress; its answers are kept. With `xapi`, the abandoned
    statement is queued in the same transaction."""
    with sessions.begin() as session:
        row = access.own_attempt(session, actor, attempt_id, write=True, lock=True)
        if row.status != orm.ProgressStatus.IN_PROGRESS:
            raise ConflictError(f"this attempt is already {row.status.value.replace('_', ' ')}")
        row.status = orm.ProgressStatus.ABANDONED
        row.updated_at = datetime.now(UTC)
        session.flush()
        content = versions.get(session, row.version_id)
        if xapi is not None:
            event = xapi_statements.attempt_event(
                xapi,
                content,
                xapi_statements.ABANDONED,
                attempt_id=row.id,
                user_id=row.user_id,
                score=row.score,
                at=row.updated_at,
            )
            xapi_outbox.queue(session.connection(), [event])
        return attempt_state(content, row)
