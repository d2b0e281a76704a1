"""Authoring the links between questions: where each answer leads."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.errors import ConflictError, InvalidInputError, NotFoundError
from quizflow.flow.condition_nodes import Default
from quizflow.flow.conditions import (
    Condition,
    format_condition,
    labels_in,
    parse_condition,
    uses_choices,
)
from quizflow.services import UNSET, Unset, access
from quizflow.services.content import LinkContent
from quizflow.services.scenarios import require_draft_question, touch


def _link_view(row: orm.QuestionLink) -> LinkContent:
    return LinkContent(
        id=row.id,
        from_question_id=row.from_question_id,
        to_question_id=row.to_question_id,
        condition=row.condition,
        priority=row.priority,
    )


def _checked_condition(session: Session, source: orm.Question, text: str) -> Condition:
    """Parse (raising ConditionSyntaxError with the column) and check it fits the question."""
    condition = parse_condition(text)
    labels = frozenset(
        label.upper()
        for label in session.scalars(
            select(orm.Choice.label).where(orm.Choice.question_id == source.id)
        )
    )
    if not source.is_multiple_choice and uses_choices(condition):
        raise InvalidInputError(
            "this is a free-text question: its conditions can test `text contains`, "
            "`text matches` or `score`, not choices"
        )
    unknown = sorted(labels_in(condition) - labels)
    if unknown:
        raise InvalidInputError(
            f"the condition names {', '.join(unknown)}, which the question does not have "
            f"(its choices are {', '.join(sorted(labels)) or 'none'})"
        )
    return condition


def _refuse_second_default(
    session: Session, from_question_id: uuid.UUID, except_link: uuid.UUID | None = None
) -> None:
    query = select(orm.QuestionLink.id).where(
        orm.QuestionLink.from_question_id == from_question_id,
        func.lower(func.trim(orm.QuestionLink.condition)) == "default",
    )
    if except_link is not None:
        query = query.where(orm.QuestionLink.id != except_link)
    existing = session.scalar(query.limit(1))
    if existing is not None:
        raise ConflictError(
            f"this question already has a default link ({existing}); change that one instead"
        )


def _draft_link(session: Session, scenario_id: uuid.UUID, link_id: uuid.UUID) -> orm.QuestionLink:
    row = session.get(orm.QuestionLink, link_id)
    if row is not None:
        source = session.get(orm.Question, row.from_question_id)
        if source is not None and source.scenario_id == scenario_id and source.version_id is None:
            return row
    raise NotFoundError(f"link {link_id} is not in this scenario")


def _source(session: Session, scenario_id: uuid.UUID, question_id: uuid.UUID) -> orm.Question:
    require_draft_question(session, scenario_id, question_id, "from_question_id")
    question = session.get(orm.Question, question_id)
    assert question is not None
    return question


def add_link(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    scenario_id: uuid.UUID,
    from_question_id: uuid.UUID,
    to_question_id: uuid.UUID | None,
    condition: str = "default",
    priority: int | None = None,
) -> LinkContent:
    """A link; `to_question_id` None ends the scenario. Conditions are stored canonically."""
    with sessions.begin() as session:
        scenario = access.authored_scenario(session, actor, scenario_id, lock=True)
        return new_link(
            session,
            scenario,
            from_question_id=from_question_id,
            to_question_id=to_question_id,
            condition=condition,
            priority=priority,
        )


def new_link(
    session: Session,
    scenario: orm.Scenario,
    *,
    from_question_id: uuid.UUID,
    to_question_id: uuid.UUID | None,
    condition: str = "default",
    priority: int | None = None,
) -> LinkContent:
    """Add a checked link inside the caller's transaction (scenario row locked)."""
    source = _source(session, scenario.id, from_question_id)
    if to_question_id is not None:
        require_draft_question(session, scenario.id, to_question_id, "to_question_id")
    parsed = _checked_condition(session, source, condition)
    if isinstance(parsed, Default):
        _refuse_second_default(session, from_question_id)
    if priority is None:
        highest = session.scalar(
            select(func.max(orm.QuestionLink.priority)).where(
                orm.QuestionLink.from_question_id == from_question_id
            )
        )
        priority = 0 if highest is None else highest + 1
    row = orm.QuestionLink(
        from_question_id=from_question_id,
        to_question_id=to_question_id,
        condition=format_condition(parsed),
        priority=priority,
    )
    session.add(row)
    touch(scenario)
    session.flush()
    return _link_view(row)


def update_link(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    scenario_id: uuid.UUID,
    link_id: uuid.UUID,
    to_question_id: uuid.UUID | Unset | None = UNSET,
    condition: str | None = None,
    priority: int | None = None,
) -> LinkContent:
    """Change where a link goes, its condition or its priority."""
    with sessions.begin() as session:
        scenario = access.authored_scenario(session, actor, scenario_id, lock=True)
        row = _draft_link(session, scenario_id, link_id)
        if not isinstance(to_question_id, Unset):
            if to_question_id is not None:
                require_draft_question(session, scenario_id, to_question_id, "to_question_id")
            row.to_question_id = to_question_id
        if condition is not None:
            source = _source(session, scenario_id, row.from_question_id)
            parsed = _checked_condition(session, source, condition)
            if isinstance(parsed, Default):
                _refuse_second_default(session, row.from_question_id, except_link=row.id)
            row.condition = format_condition(parsed)
        if priority is not None:
            row.priority = priority
        touch(scenario)
        session.flush()
        return _link_view(row)


def delete_link(
    *, sessions: sessionmaker[Session], actor: Principal, scenario_id: uuid.UUID, link_id: uuid.UUID
) -> None:
    """Remove a link."""
    with sessions.begin() as session:
        scenario = access.authored_scenario(session, actor, scenario_id, lock=True)
        _draft_link(session, scenario_id, link_id)
        session.execute(delete(orm.QuestionLink).where(orm.QuestionLink.id == link_id))
        touch(scenario)
