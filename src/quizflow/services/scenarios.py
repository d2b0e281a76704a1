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
from quizflow.services.content import ScenarioContent, copy_questions, load_draft
from quizflow.services.etags import matches, precondition_failed, scenario_etag
from quizflow.services.grants import GrantView, scenario_grants


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
    learner_count: int
    created_at: datetime
    updated_at: datetime
    etag: str
    audience: str
    grants: tuple[GrantView, ...]


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
    # One statement for every figure of every scenario listed, each through an index:
    # questions by scenario, versions by scenario, attempts by version (an attempt always
    # plays a version; user_progress has no index that starts with the scenario).
    scenario = orm.Scenario.id
    question_count = (
        select(func.count())
        .where(orm.Question.scenario_id == scenario, orm.Question.version_id.is_(None))
        .scalar_subquery()
    )
    latest_version = (
        select(func.max(orm.ScenarioVersion.number))
        .where(orm.ScenarioVersion.scenario_id == scenario)
        .scalar_subquery()
    )
    learner_count = (
        select(func.count(orm.UserProgress.user_id.distinct()))
        .join(orm.ScenarioVersion, orm.ScenarioVersion.id == orm.UserProgress.version_id)
        .where(orm.ScenarioVersion.scenario_id == scenario)
        .scalar_subquery()
    )
    figures = {
        scenario_id: (questions, version, learners)
        for scenario_id, questions, version, learners in session.execute(
            select(scenario, question_count, latest_version, learner_count).where(
                scenario.in_([s.id for s in scenarios])
            )
        )
    }
    grants = scenario_grants(session, [s.id for s in scenarios])
    return [
        ScenarioSummary(
            id=s.id,
            owner_id=s.owner_id,
            title=s.title,
            context_html=s.context_html,
            context_text=s.context_text,
            status=s.status.value,
            first_question_id=s.first_question_id,
            latest_version=figures[s.id][1],
            question_count=figures[s.id][0],
            learner_count=figures[s.id][2],
            created_at=s.created_at,
            updated_at=s.updated_at,
            etag=etag_of(s),
            audience=s.audience.value,
            grants=grants.get(s.id, ()),
        )
        for s in scenarios
    ]


def etag_of(scenario: orm.Scenario) -> str:
    """The strong ETag of the text a PATCH of this scenario replaces."""
    return scenario_etag(title=scenario.title, context_html=scenario.context_html)


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


def like_pattern(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, its own % _ and \\ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_scenarios(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    status: str | None = None,
    title_contains: str | None = None,
) -> list[ScenarioSummary]:
    """The actor's own and granted scenarios (all of them, for admins), newest first;
    `title_contains` keeps those whose title contains it, ignoring case."""
    access.require_author(actor, "list scenarios for authoring")
    query = select(orm.Scenario).order_by(orm.Scenario.updated_at.desc(), orm.Scenario.id)
    query = query.where(access.visible_scenarios_clause(actor))
    if status is not None:
        query = query.where(orm.Scenario.status == orm.ScenarioStatus(status))
    if title_contains:
        query = query.where(orm.Scenario.title.ilike(like_pattern(title_contains), escape="\\"))
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
    if_match: str | None = None,
) -> ScenarioSummary:
    """Change the title, the context or which question comes first.

    With `if_match`, only if the scenario still has that etag; otherwise PreconditionFailedError
    carries its current summary and nothing changes.
    """
    with sessions.begin() as session:
        scenario = access.authored_scenario(session, actor, scenario_id, lock=True)
        current = etag_of(scenario)
        if not matches(if_match, current):
            raise precondition_failed("scenario", current, summary(session, scenario))
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


def duplicate_scenario(
    *, sessions: sessionmaker[Session], actor: Principal, scenario_id: uuid.UUID
) -> ScenarioSummary:
    """A new draft owned by the actor, "<title> (copy)": the same questions, choices, links
    and first question (the copy's own rows; versions and learners' attempts stay behind)."""
    with sessions.begin() as session:
        source = access.authored_scenario(session, actor, scenario_id)
        content = load_draft(session, scenario_id)
        copy = new_scenario(
            session, actor, title=_copy_title(source.title), context_html=source.context_html
        )
        new_ids = copy_questions(session, content, scenario_id=copy.id)
        if content.first_question_id is not None:
            copy.first_question_id = new_ids[content.first_question_id]
        session.flush()
        return summary(session, copy)


def _copy_title(title: str) -> str:
    suffix = " (copy)"
    return title[: 300 - len(suffix)].rstrip() + suffix
