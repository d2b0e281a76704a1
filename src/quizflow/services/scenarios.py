"""Authoring scenarios: create, read, update, delete, and the learners' catalogue."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.documents.sanitize import html_to_text, sanitize_html
from quizflow.errors import ConflictError, InvalidInputError
from quizflow.services import UNSET, Unset, access
from quizflow.services.content import ScenarioContent, load_draft


@dataclass(frozen=True, slots=True)
class ScenarioSummary:
    id: uuid.UUID
    owner_id: uuid.UUID
    title: str
    context_html: str
    context_text: str
    status: str
    first_question_id: uuid.UUID | None
    latest_version: int | None
    question_count: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class AuthoredScenario:
    summary: ScenarioSummary
    content: ScenarioContent


def clean_title(title: str) -> str:
    cleaned = " ".join("".join(ch for ch in title if ch.isprintable() or ch.isspace()).split())
    if not cleaned:
        raise InvalidInputError("the title is empty")
    if len(cleaned) > 300:
        raise InvalidInputError("the title is longer than 300 characters")
    return cleaned


def _summaries(session: Session, scenarios: list[orm.Scenario]) -> list[ScenarioSummary]:
    if not scenarios:
        return []
    ids = [s.id for s in scenarios]
    counts: dict[uuid.UUID, int] = {
        scenario_id: count
        for scenario_id, count in session.execute(
            select(orm.Question.scenario_id, func.count())
            .where(orm.Question.scenario_id.in_(ids), orm.Question.version_id.is_(None))
            .group_by(orm.Question.scenario_id)
        )
    }
    numbers: dict[uuid.UUID, int] = {
        scenario_id: number
        for scenario_id, number in session.execute(
            select(orm.ScenarioVersion.scenario_id, func.max(orm.ScenarioVersion.number))
            .where(orm.ScenarioVersion.scenario_id.in_(ids))
            .group_by(orm.ScenarioVersion.scenario_id)
        )
    }
    return [
        ScenarioSummary(
            id=s.id,
            owner_id=s.owner_id,
            title=s.title,
            context_html=s.context_html,
            context_text=s.context_text,
            status=s.status.value,
            first_question_id=s.first_question_id,
            latest_version=numbers.get(s.id),
            question_count=counts.get(s.id, 0),
            created_at=s.created_at,
            updated_at=s.updated_at,
        )
        for s in scenarios
    ]


def summary(session: Session, scenario: orm.Scenario) -> ScenarioSummary:
    return _summaries(session, [scenario])[0]


def touch(scenario: orm.Scenario) -> None:
    """Record an edit (updated_at is ours to keep: the generated models have no onupdate)."""
    scenario.updated_at = datetime.now(UTC)


def create_scenario(
    *, sessions: sessionmaker[Session], actor: Principal, title: str, context_html: str = ""
) -> ScenarioSummary:
    """A new draft scenario owned by the actor."""
    access.require_author(actor, "create scenarios")
    with sessions.begin() as session:
        scenario = new_scenario(session, actor, title=title, context_html=context_html)
        return summary(session, scenario)


def new_scenario(
    session: Session, actor: Principal, *, title: str, context_html: str
) -> orm.Scenario:
    """Add a draft scenario inside the caller's transaction."""
    access.require_author(actor, "create scenarios")
    access.require_account(session, actor)
    context = sanitize_html(context_html)
    scenario = orm.Scenario(
        owner_id=actor.user_id,
        title=clean_title(title),
        context_html=context,
        context_text=html_to_text(context),
    )
    session.add(scenario)
    session.flush()
    session.refresh(scenario)
    return scenario


def list_scenarios(
    *, sessions: sessionmaker[Session], actor: Principal, status: str | None = None
) -> list[ScenarioSummary]:
    """The actor's own scenarios (all of them, for admins), newest first."""
    access.require_author(actor, "list scenarios for authoring")
    query = select(orm.Scenario).order_by(orm.Scenario.updated_at.desc(), orm.Scenario.id)
    if not actor.is_admin:
        query = query.where(orm.Scenario.owner_id == actor.user_id)
    if status is not None:
        query = query.where(orm.Scenario.status == orm.ScenarioStatus(status))
    with sessions() as session:
        return _summaries(session, list(session.scalars(query)))


def get_scenario(
    *, sessions: sessionmaker[Session], actor: Principal, scenario_id: uuid.UUID
) -> AuthoredScenario:
    """The full draft, with correct answers and conditions: for its author only."""
    with sessions() as session:
        scenario = access.authored_scenario(session, actor, scenario_id)
        return AuthoredScenario(summary(session, scenario), load_draft(session, scenario_id))


def update_scenario(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    scenario_id: uuid.UUID,
    title: str | None = None,
    context_html: str | None = None,
    first_question_id: uuid.UUID | Unset | None = UNSET,
) -> ScenarioSummary:
    """Change the title, the context or which question comes first."""
    with sessions.begin() as session:
        scenario = access.authored_scenario(session, actor, scenario_id, lock=True)
        if title is not None:
            scenario.title = clean_title(title)
        if context_html is not None:
            scenario.context_html = sanitize_html(context_html)
            scenario.context_text = html_to_text(scenario.context_html)
        if not isinstance(first_question_id, Unset):
            if first_question_id is not None:
                require_draft_question(session, scenario_id, first_question_id, "first_question_id")
            scenario.first_question_id = first_question_id
        touch(scenario)
        session.flush()
        return summary(session, scenario)


def require_draft_question(
    session: Session, scenario_id: uuid.UUID, question_id: uuid.UUID, field: str
) -> None:
    """Raise InvalidInputError unless the question belongs to this scenario's draft."""
    found = session.scalar(
        select(
            exists().where(
                orm.Question.id == question_id,
                orm.Question.scenario_id == scenario_id,
                orm.Question.version_id.is_(None),
            )
        )
    )
    if not found:
        raise InvalidInputError(f"{field}: question {question_id} is not in this scenario")


def delete_scenario(
    *, sessions: sessionmaker[Session], actor: Principal, scenario_id: uuid.UUID
) -> None:
    """Delete a scenario nobody has played; raises ConflictError otherwise."""
    with sessions.begin() as session:
        access.authored_scenario(session, actor, scenario_id, lock=True)
        played = session.scalar(select(exists().where(orm.UserProgress.scenario_id == scenario_id)))
        if played:
            raise ConflictError(
                "learners have played this scenario, so deleting it would delete their answers; "
                "unpublish it instead"
            )
        session.execute(delete(orm.Scenario).where(orm.Scenario.id == scenario_id))


def list_catalog(*, sessions: sessionmaker[Session], actor: Principal) -> list[ScenarioSummary]:
    """Published scenarios, for anyone signed in to play."""
    query = (
        select(orm.Scenario)
        .where(orm.Scenario.status == orm.ScenarioStatus.PUBLISHED)
        .order_by(orm.Scenario.title, orm.Scenario.id)
    )
    with sessions() as session:
        return _summaries(session, list(session.scalars(query)))
