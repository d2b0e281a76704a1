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
from quizflow.services import links, publishing, questions, scenarios
from quizflow.services.questions import ChoiceInput, QuestionInput


def create_from_definition(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    definition: Mapping[str, Any],
    publish: bool = True,
) -> uuid.UUID:
    """Create (and by default publish) the scenario a definition describes; return its id."""
    scenario = scenarios.create_scenario(
        sessions=sessions,
        actor=actor,
        title=definition["title"],
        context_html=definition.get("context_html", ""),
    )
    ids: dict[str, uuid.UUID] = {}
    for key, spec in definition["questions"].items():
        created = questions.add_question(
            sessions=sessions,
            actor=actor,
            scenario_id=scenario.id,
            question=QuestionInput(
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
            ),
            link_from_previous=False,
        )
        ids[key] = created.id
    for key, spec in definition["questions"].items():
        for priority, link in enumerate(spec.get("links", ())):
            links.add_link(
                sessions=sessions,
                actor=actor,
                scenario_id=scenario.id,
                from_question_id=ids[key],
                to_question_id=ids[link["to"]] if link["to"] is not None else None,
                condition=link.get("if", "default"),
                priority=priority,
            )
    if publish:
        publishing.publish(sessions=sessions, actor=actor, scenario_id=scenario.id)
    return scenario.id
