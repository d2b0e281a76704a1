"""B2's plans: every statement of the hot use cases EXPLAINed, and what deleting a question costs.

The statements are captured from the services themselves (bench.play_sql.capturing), so what
is explained is what the code really issues.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.orm import sessionmaker

from bench.play_sql import capturing
from bench.scale_content import Content
from quizflow.auth import Principal
from quizflow.services import answers, attempts, scenarios
from quizflow.services.content import VersionCache

#: Tables the hot paths must reach through an index, whatever their size.
HOT_TABLES = (
    "answers",
    "answer_choices",
    "user_progress",
    "questions",
    "choices",
    "question_links",
)


@dataclass(frozen=True, slots=True)
class Plan:
    use_case: str
    statement: str
    key_lines: list[str]
    seq_scans: list[str]


_SEQ = re.compile(r"Seq Scan on (\w+)")


def explain_all(engine: Engine, content: Content, learner: Principal) -> list[Plan]:
    """Capture each use case's statements and EXPLAIN them (no ANALYZE)."""
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    scenario_id = content.played[0]
    state_box: dict[str, Any] = {}

    def start() -> object:
        state, _ = attempts.start_attempt(
            sessions=sessions, actor=learner, scenario_id=scenario_id, restart=True
        )
        state_box["state"] = state
        return state

    def resume() -> object:
        return attempts.start_attempt(sessions=sessions, actor=learner, scenario_id=scenario_id)

    def view() -> object:
        return attempts.get_attempt(
            sessions=sessions, actor=learner, attempt_id=state_box["state"].id
        )

    def answer() -> object:
        state = attempts.get_attempt(
            sessions=sessions, actor=learner, attempt_id=state_box["state"].id
        )
        question = state.current_question
        assert question is not None
        key = uuid.uuid4().hex
        state_box["last"] = (question, key)
        with capturing(engine) as seen:
            result = answers.submit_answer(
                sessions=sessions,
                actor=learner,
                attempt_id=state.id,
                question_id=question.id,
                idempotency_key=key,
                labels=[question.choices[0].label] if question.choices else [],
                text=None if question.choices else "hazard",
            )
        state_box["answer_sql"] = seen
        return result

    def retry() -> object:
        question, key = state_box["last"]
        return answers.submit_answer(
            sessions=sessions,
            actor=learner,
            attempt_id=state_box["state"].id,
            question_id=question.id,
            idempotency_key=key,
            labels=[question.choices[0].label] if question.choices else [],
            text=None if question.choices else "hazard",
        )

    def history() -> object:
        return answers.attempt_history(
            sessions=sessions, actor=learner, attempt_id=state_box["state"].id
        )

    with sessions() as session:
        version_id = session.execute(
            text("SELECT latest_version_id FROM scenarios WHERE id = :id"), {"id": scenario_id}
        ).scalar_one()

    def read_version() -> object:
        with sessions() as session:
            return VersionCache().get(session, version_id)  # a cold cache: the real read

    def read_draft() -> object:
        return scenarios.get_scenario(
            sessions=sessions, actor=content.author, scenario_id=scenario_id
        )

    def history_list() -> object:
        return attempts.list_attempts(sessions=sessions, actor=learner, scenario_id=scenario_id)

    cases: list[tuple[str, Callable[[], object]]] = [
        ("start an attempt", start),
        ("resume an attempt", resume),
        ("view an attempt", view),
        ("answer", answer),
        ("answer retried (same key)", retry),
        ("attempt history", history),
        ("list my attempts", history_list),
        ("read a version (cold cache)", read_version),
        ("read a scenario (author)", read_draft),
    ]
    return explain_cases(engine, cases, replace={"answer": lambda: state_box["answer_sql"]})


def explain_cases(
    engine: Engine,
    cases: list[tuple[str, Callable[[], object]]],
    *,
    hot_tables: tuple[str, ...] = HOT_TABLES,
    replace: dict[str, Callable[[], list[tuple[str, Any]]]] | None = None,
) -> list[Plan]:
    """Run each case, capture its statements and EXPLAIN them (COSTS OFF, no ANALYZE), each
    case's in a transaction rolled back. `replace` names cases whose statements to explain
    are captured by the case itself (a subset of what it runs)."""
    plans: list[Plan] = []
    raw = engine.raw_connection()
    try:
        for name, action in cases:
            with capturing(engine) as seen:
                action()
            if replace and name in replace:
                seen = replace[name]()
            for statement, params in seen:
                row = params[0] if isinstance(params, list | tuple) and params else params
                cursor = raw.cursor()
                if statement.lstrip().upper().startswith("SET "):
                    # A setting the case makes for its statements (SET LOCAL): made here too.
                    cursor.execute(statement, row or None)
                    cursor.close()
                    continue
                cursor.execute("EXPLAIN (COSTS OFF) " + statement, row or None)
                lines = [r[0] for r in cursor.fetchall()]
                cursor.close()
                plans.append(
                    Plan(
                        name,
                        " ".join(statement.split())[:160],
                        [
                            line.strip()
                            for line in lines
                            if "Scan" in line or "Insert" in line or "Update" in line
                        ],
                        [t for line in lines for t in _SEQ.findall(line) if t in hot_tables],
                    )
                )
            raw.rollback()
    finally:
        raw.close()
    return plans


_TRIGGER = re.compile(r"Trigger for constraint (\w+)(?: on \w+)?: time=([\d.]+) calls=(\d+)")


def deletion_triggers(engine: Engine, content: Content) -> list[tuple[str, float, int]]:
    """What deleting one draft question costs in foreign-key checks (rolled back): each
    referencing column without an index makes PostgreSQL scan that whole table."""
    with engine.connect() as conn:
        question_id = conn.execute(
            text(
                "SELECT id FROM questions WHERE scenario_id = :s AND version_id IS NULL "
                "ORDER BY position DESC LIMIT 1"
            ),
            {"s": content.played[0]},
        ).scalar_one()
        lines = conn.execute(
            text("EXPLAIN ANALYZE DELETE FROM questions WHERE id = :id"),
            {"id": question_id},
        ).scalars()
        found = [_TRIGGER.search(line) for line in lines]
        conn.rollback()
    triggers = [(m.group(1), float(m.group(2)), int(m.group(3))) for m in found if m]
    return sorted(triggers, key=lambda t: -t[1])
