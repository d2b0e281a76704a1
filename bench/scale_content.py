"""B2's content: four played scenarios built by the services, and a catalogue copied in SQL.

The catalogue (400 copies of one scenario, drafts and versions) makes questions, choices and
links big enough for the planner to choose between scans.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import sessionmaker

from quizflow.auth import Principal
from quizflow.services import publishing, users
from quizflow.services.definitions import create_from_definition
from quizflow.services.demo import DEMO

CATALOGUE = 400


def branching(title: str, count: int) -> dict[str, Any]:
    """`count` questions of four choices (every fourth multi-select, the last free text) where
    a B answer skips a question and anything else goes on."""
    keys = [f"q{i}" for i in range(count)]
    questions: dict[str, Any] = {}
    for i, key in enumerate(keys):
        after = keys[i + 1] if i + 1 < count else None
        skip = keys[i + 2] if i + 2 < count else None
        if i == count - 1:
            questions[key] = {
                "prompt_html": f"<p>Question {i + 1}: explain your choice.</p>",
                "links": [{"if": "default", "to": None}],
            }
            continue
        multi = i % 4 == 3
        questions[key] = {
            "prompt_html": f"<p>Question {i + 1} of {title}: what comes next?</p>",
            "choices": [
                {
                    "body": f"Step {label} of the procedure",
                    "correct": label == "A" or (multi and label == "B"),
                    "feedback": f"About {label}.",
                }
                for label in "ABCD"
            ],
            "explanation": f"<p>Step A comes first (question {i + 1}).</p>",
            "links": [{"if": "answer == B", "to": skip}, {"if": "default", "to": after}]
            if not multi
            else [{"if": "default", "to": after}],
        }
    return {
        "title": title,
        "context_html": f"<p>The context of {title}.</p>",
        "questions": questions,
    }


@dataclass(frozen=True, slots=True)
class Content:
    author: Principal
    #: The scenarios learners play, and (version id, share of attempts) for the fill.
    played: list[uuid.UUID]
    versions: list[tuple[uuid.UUID, uuid.UUID, float]]
    template: uuid.UUID


def build_content(engine: Engine) -> Content:
    """Four played scenarios (six versions) through the services, then the SQL catalogue."""
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    made = users.create_user(sessions=sessions, email="author@scale.test", role="author")
    author = Principal(made.id, "author", made.email)
    demo = create_from_definition(sessions=sessions, actor=author, definition=DEMO)
    drill = create_from_definition(
        sessions=sessions, actor=author, definition=branching("Fire drill", 10)
    )
    audit = create_from_definition(
        sessions=sessions, actor=author, definition=branching("Audit", 12)
    )
    intro = create_from_definition(
        sessions=sessions, actor=author, definition=branching("Induction", 6)
    )
    # A second version of two of them: older attempts keep playing version 1.
    publishing.publish(sessions=sessions, actor=author, scenario_id=demo)
    publishing.publish(sessions=sessions, actor=author, scenario_id=audit)
    shares = {demo: (0.10, 0.35), drill: (0.25,), audit: (0.05, 0.15), intro: (0.10,)}
    with engine.begin() as conn:
        version_rows = conn.execute(
            text(
                "SELECT id, scenario_id FROM scenario_versions WHERE scenario_id = ANY(:ids) "
                "ORDER BY scenario_id, number"
            ),
            {"ids": list(shares)},
        ).all()
        copy_catalogue(conn, drill, CATALOGUE)
    by_scenario: dict[uuid.UUID, list[uuid.UUID]] = {}
    for version_id, scenario_id in version_rows:
        by_scenario.setdefault(scenario_id, []).append(version_id)
    weighted = [
        (scenario_id, version_id, share)
        for scenario_id, share_list in shares.items()
        for version_id, share in zip(by_scenario[scenario_id], share_list, strict=True)
    ]
    return Content(author, list(shares), weighted, drill)


_COPY = {
    "scenarios": """
        INSERT INTO scenarios (id, owner_id, title, context_html, context_text,
            first_question_id, status, created_at, updated_at, latest_version_id)
        SELECT md5(k || ':' || s.id)::uuid, s.owner_id, s.title || ' #' || k, s.context_html,
            s.context_text, NULL, s.status, s.created_at, s.updated_at, NULL
        FROM scenarios s, generate_series(1, :copies) k WHERE s.id = :template""",
    "scenario_versions": """
        INSERT INTO scenario_versions (id, scenario_id, number, title, context_html,
            context_text, first_question_id, published_by_id, published_at)
        SELECT md5(k || ':' || v.id)::uuid, md5(k || ':' || v.scenario_id)::uuid, v.number,
            v.title || ' #' || k, v.context_html, v.context_text, NULL, v.published_by_id,
            v.published_at
        FROM scenario_versions v, generate_series(1, :copies) k WHERE v.scenario_id = :template""",
    "questions": """
        INSERT INTO questions (id, scenario_id, prompt_html, prompt_text, is_multiple_choice,
            multi_select, explanation, points, position, created_at, updated_at, origin_id,
            version_id)
        SELECT md5(k || ':' || q.id)::uuid, md5(k || ':' || q.scenario_id)::uuid, q.prompt_html,
            q.prompt_text, q.is_multiple_choice, q.multi_select, q.explanation, q.points,
            q.position, q.created_at, q.updated_at, md5(k || ':' || q.origin_id)::uuid,
            md5(k || ':' || q.version_id)::uuid
        FROM questions q, generate_series(1, :copies) k WHERE q.scenario_id = :template""",
    "choices": """
        INSERT INTO choices (id, question_id, label, body, is_correct, feedback, position)
        SELECT md5(k || ':' || c.id)::uuid, md5(k || ':' || c.question_id)::uuid, c.label,
            c.body, c.is_correct, c.feedback, c.position
        FROM choices c JOIN questions q ON q.id = c.question_id, generate_series(1, :copies) k
        WHERE q.scenario_id = :template""",
    "question_links": """
        INSERT INTO question_links (id, from_question_id, to_question_id, condition, priority)
        SELECT md5(k || ':' || l.id)::uuid, md5(k || ':' || l.from_question_id)::uuid,
            md5(k || ':' || l.to_question_id)::uuid, l.condition, l.priority
        FROM question_links l JOIN questions q ON q.id = l.from_question_id,
            generate_series(1, :copies) k
        WHERE q.scenario_id = :template""",
    # The references back, now that the questions exist.
    "first questions": """
        UPDATE scenario_versions c
        SET first_question_id = md5(k || ':' || v.first_question_id)::uuid
        FROM scenario_versions v, generate_series(1, :copies) k
        WHERE v.scenario_id = :template AND c.id = md5(k || ':' || v.id)::uuid""",
    "latest versions": """
        UPDATE scenarios c SET first_question_id = md5(k || ':' || s.first_question_id)::uuid,
            latest_version_id = md5(k || ':' || s.latest_version_id)::uuid
        FROM scenarios s, generate_series(1, :copies) k
        WHERE s.id = :template AND c.id = md5(k || ':' || s.id)::uuid""",
}


def copy_catalogue(conn: Connection, template: uuid.UUID, copies: int) -> None:
    """`copies` copies of a scenario (its draft and versions), ids derived from the originals.

    Rows reference each other in circles (a scenario its first question, the question its
    scenario): the scenarios and versions come first without their first question."""
    for statement in _COPY.values():
        conn.execute(text(statement), {"copies": copies, "template": template})
