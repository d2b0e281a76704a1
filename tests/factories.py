"""Factories that build rows with sensible defaults; tests override what they care about."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from quizflow.auth import Principal
from quizflow.db import models as orm


def make_user(session: Session, *, role: str = "learner", email: str | None = None) -> orm.User:
    user = orm.User(
        email=email or f"user-{uuid.uuid4().hex[:10]}@example.test",
        display_name="Test User",
        role=orm.UserRole(role),
    )
    session.add(user)
    session.flush()
    return user


def make_scenario(
    session: Session, *, owner: orm.User | None = None, title: str = "S"
) -> orm.Scenario:
    scenario = orm.Scenario(owner=owner or make_user(session, role="author"), title=title)
    session.add(scenario)
    session.flush()
    return scenario


def make_question(
    session: Session, scenario: orm.Scenario, *, position: int = 0, labels: str = "AB"
) -> orm.Question:
    question = orm.Question(
        scenario_id=scenario.id,
        prompt_html=f"<p>Q{position}</p>",
        prompt_text=f"Q{position}",
        position=position,
    )
    session.add(question)
    session.flush()
    for index, label in enumerate(labels):
        session.add(
            orm.Choice(
                question_id=question.id,
                label=label,
                body=f"choice {label}",
                is_correct=index == 0,
                position=index,
            )
        )
    session.flush()
    return question


def make_version(
    session: Session, scenario: orm.Scenario, *, number: int = 1
) -> orm.ScenarioVersion:
    version = orm.ScenarioVersion(
        scenario_id=scenario.id,
        number=number,
        title=scenario.title,
        context_html="",
        context_text="",
        published_by_id=scenario.owner_id,
    )
    session.add(version)
    session.flush()
    return version


def make_principal(session: Session, role: str = "learner") -> Principal:
    """A signed-in user of that role, with the account row that services expect."""
    user = make_user(session, role=role)
    return Principal(user_id=user.id, role=role, email=user.email)  # type: ignore[arg-type]
