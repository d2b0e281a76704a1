"""Validate, publish (freeze a numbered version), unpublish, and draw a scenario's flow."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.diagrams.svg import render_svg
from quizflow.errors import InvalidFlowError
from quizflow.flow import diagrams
from quizflow.flow.validation import FlowIssue, has_errors, validate_flow
from quizflow.services import access
from quizflow.services.content import ScenarioContent, copy_questions, load_draft
from quizflow.services.scenarios import touch

DiagramFormat = Literal["mermaid", "dot", "svg"]


@dataclass(frozen=True, slots=True)
class VersionSummary:
    id: uuid.UUID
    scenario_id: uuid.UUID
    number: int
    title: str
    published_at: datetime
    question_count: int


def issues_of(content: ScenarioContent) -> list[FlowIssue]:
    """Errors and warnings of a draft, with questions named Q1, Q2… as the author sees them."""
    return validate_flow(content.flow, names=content.titles())


def validate_scenario(
    *, sessions: sessionmaker[Session], actor: Principal, scenario_id: uuid.UUID
) -> list[FlowIssue]:
    """What stands between the draft and publishing (errors), and what looks odd (warnings)."""
    with sessions() as session:
        access.authored_scenario(session, actor, scenario_id)
        return issues_of(load_draft(session, scenario_id))


def publish(
    *, sessions: sessionmaker[Session], actor: Principal, scenario_id: uuid.UUID
) -> VersionSummary:
    """Freeze the draft as the next numbered version and offer it to learners.

    Raises InvalidFlowError (with the issues) while the flow has errors. Attempts already
    under way keep playing the version they started on.
    """
    with sessions.begin() as session:
        scenario = access.authored_scenario(session, actor, scenario_id, lock=True)
        return publish_draft(session, actor, scenario)


def publish_draft(session: Session, actor: Principal, scenario: orm.Scenario) -> VersionSummary:
    """Freeze the draft inside the caller's transaction (scenario row locked); see `publish`."""
    content = load_draft(session, scenario.id)
    issues = issues_of(content)
    if has_errors(issues):
        errors = [i for i in issues if i.severity == "error"]
        raise InvalidFlowError(
            f"the flow has {len(errors)} error(s); first: {errors[0].message}",
            issues=tuple(issues),
        )
    number = (
        session.scalar(
            select(func.max(orm.ScenarioVersion.number)).where(
                orm.ScenarioVersion.scenario_id == scenario.id
            )
        )
        or 0
    ) + 1
    version = orm.ScenarioVersion(
        scenario_id=scenario.id,
        number=number,
        title=content.title,
        context_html=content.context_html,
        context_text=content.context_text,
        published_by_id=actor.user_id,
    )
    session.add(version)
    session.flush()
    copies = _freeze(session, content, version.id)
    if content.first_question_id is not None:
        version.first_question_id = copies[content.first_question_id]
    scenario.latest_version_id = version.id
    scenario.status = orm.ScenarioStatus.PUBLISHED
    touch(scenario)
    session.flush()
    session.refresh(version)
    return VersionSummary(
        version.id, scenario.id, number, version.title, version.published_at, len(copies)
    )


def _freeze(
    session: Session, content: ScenarioContent, version_id: uuid.UUID
) -> dict[uuid.UUID, uuid.UUID]:
    """Copy the draft's questions, choices and links into the version; return id → copy id."""
    return copy_questions(session, content, scenario_id=content.scenario_id, version_id=version_id)


def unpublish(*, sessions: sessionmaker[Session], actor: Principal, scenario_id: uuid.UUID) -> None:
    """Stop offering the scenario to learners; attempts under way can still be finished."""
    with sessions.begin() as session:
        scenario = access.authored_scenario(session, actor, scenario_id, lock=True)
        scenario.status = orm.ScenarioStatus.DRAFT
        touch(scenario)


def list_versions(
    *, sessions: sessionmaker[Session], actor: Principal, scenario_id: uuid.UUID
) -> list[VersionSummary]:
    """Every published version, newest first."""
    with sessions() as session:
        access.authored_scenario(session, actor, scenario_id)
        rows = session.execute(
            select(orm.ScenarioVersion, func.count(orm.Question.id))
            .outerjoin(orm.Question, orm.Question.version_id == orm.ScenarioVersion.id)
            .where(orm.ScenarioVersion.scenario_id == scenario_id)
            .group_by(orm.ScenarioVersion.id)
            .order_by(orm.ScenarioVersion.number.desc())
        )
        return [
            VersionSummary(v.id, v.scenario_id, v.number, v.title, v.published_at, count)
            for v, count in rows
        ]


def render_diagram(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    scenario_id: uuid.UUID,
    diagram_format: DiagramFormat,
) -> str:
    """The draft's flow as Mermaid, Graphviz DOT or SVG (SVG needs Graphviz installed)."""
    with sessions() as session:
        access.authored_scenario(session, actor, scenario_id)
        content = load_draft(session, scenario_id)
    titles = content.titles()
    if diagram_format == "mermaid":
        return diagrams.to_mermaid(content.flow, titles=titles)
    if diagram_format == "dot":
        return diagrams.to_dot(content.flow, titles=titles)
    return render_svg(diagrams.to_dot(content.flow, titles=titles))
