"""Build a whole scenario from a plain definition (the demo, fixtures, scripted set-ups).

A definition is a dict: title, context_html, and questions keyed by a short name, each with
its links written as `{"if": condition, "to": key or None}` in priority order.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.services import access
from quizflow.services.links import new_link
from quizflow.services.publishing import publish_draft
from quizflow.services.questions import (
    CheckedQuestion,
    ChoiceInput,
    QuestionInput,
    append_question,
    check_question,
)
from quizflow.services.scenarios import new_scenario


def create_from_definition(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    definition: Mapping[str, Any],
    publish: bool = True,
) -> uuid.UUID:
    """Create (and by default publish) the scenario a definition describes, in one transaction:
    all of it or, when any part is refused, nothing. Return its id."""
    checked = _checked_questions(definition)
    with sessions.begin() as session:
        return build_scenario(session, actor, definition, checked=checked, publish=publish).id


def build_scenario(
    session: Session,
    actor: Principal,
    definition: Mapping[str, Any],
    *,
    checked: Mapping[str, CheckedQuestion] | None = None,
    publish: bool = True,
) -> orm.Scenario:
    """Add the scenario a definition describes inside the caller's transaction."""
    access.require_author(actor, "create scenarios")
    questions = checked if checked is not None else _checked_questions(definition)
    scenario = new_scenario(
        session,
        actor,
        title=definition["title"],
        context_html=definition.get("context_html", ""),
    )
    ids = {
        key: append_question(session, scenario, question, link_from_previous=False)
        for key, question in questions.items()
    }
    for key, spec in definition["questions"].items():
        for priority, link in enumerate(spec.get("links", ())):
            new_link(
                session,
                scenario,
                from_question_id=ids[key],
                to_question_id=ids[link["to"]] if link["to"] is not None else None,
                condition=link.get("if", "default"),
                priority=priority,
            )
    if publish:
        publish_draft(session, actor, scenario)
    return scenario


def _checked_questions(definition: Mapping[str, Any]) -> dict[str, CheckedQuestion]:
    return {
        key: check_question(
            QuestionInput(
                prompt_html=spec["prompt_html"],
                is_multiple_choice=bool(spec.get("choices")),
                multi_select=spec.get("multi_select"),
                explanation=spec.get("explanation"),
                points=spec.get("points", 1),
                choices=tuple(
                    ChoiceInput(
                        body=c["body"],
                        is_correct=c.get("correct", False),
                        label=c.get("label"),
                        feedback=c.get("feedback"),
                    )
                    for c in spec.get("choices", ())
                ),
            )
        )
        for key, spec in definition["questions"].items()
    }
