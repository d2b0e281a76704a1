"""B2's learners: who plays on each database, and the timed answers they give."""

from __future__ import annotations

import random
import time
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.services import answers, attempts
from quizflow.services.attempts import QuestionView

LEARNERS = 20
#: No measurement loop runs longer than this.
ROUND_BUDGET_S = 120.0


@dataclass(slots=True)
class Side:
    """One database and the learners who play on it."""

    name: str
    engine: Engine
    sessions: sessionmaker[Session]
    learners: list[Principal]
    played: list[uuid.UUID]
    latencies_s: list[float]


def learners_on(engine: Engine, filled: bool) -> list[Principal]:
    """The benchmark's learners: on the filled database, users who already have a history."""
    with engine.begin() as conn:
        if not filled:
            conn.execute(
                text(
                    "INSERT INTO users (id, email, display_name, role) SELECT gen_random_uuid(),"
                    " 'user-' || n || '@scale.test', 'User ' || n, 'learner'"
                    " FROM generate_series(1, :n) n"
                ),
                {"n": LEARNERS},
            )
        ids = conn.execute(
            text("SELECT id FROM users WHERE email = ANY(:emails) ORDER BY email"),
            {"emails": [f"user-{n}@scale.test" for n in range(1, LEARNERS + 1)]},
        ).scalars()
        return [Principal(i, "learner", None) for i in ids]


def pick(question: QuestionView, rng: random.Random) -> dict[str, Any]:
    labels = [c.label for c in question.choices]
    if not question.is_multiple_choice:
        return {"text": rng.choice(("Into the hazardous waste container.", "In the bin."))}
    if question.multi_select:
        return {"labels": rng.sample(labels, rng.randint(1, len(labels)))}
    return {"labels": [rng.choice(labels)]}


def play_answers(side: Side, count: int, rng: random.Random) -> None:
    """`count` answers, learners taking turns to play a scenario through; each one timed."""
    deadline = time.monotonic() + ROUND_BUDGET_S
    done = 0
    while done < count and time.monotonic() < deadline:
        learner = rng.choice(side.learners)
        scenario_id = rng.choice(side.played)
        state, _ = attempts.start_attempt(
            sessions=side.sessions, actor=learner, scenario_id=scenario_id
        )
        question = state.current_question
        while question is not None and done < count:
            answer = pick(question, rng)
            key = uuid.uuid4().hex
            begin = time.perf_counter()
            result = answers.submit_answer(
                sessions=side.sessions,
                actor=learner,
                attempt_id=state.id,
                question_id=question.id,
                idempotency_key=key,
                **answer,
            )
            side.latencies_s.append(time.perf_counter() - begin)
            done += 1
            question = result.next_question
