"""Load: 50 learners × 40 answers at once against the real server, with client retries.

Nothing acknowledged may be lost or doubled, nothing unsent may appear, and every attempt's
stored answers must replay through the flow core to exactly its stored question and score.
"""

from __future__ import annotations

import random
import time

from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.services.definitions import create_from_definition
from quizflow.settings import Settings
from tests.reliability.harness import QuizflowServer, enrol
from tests.reliability.learners import Crowd, verify_nothing_lost
from tests.reliability.summary import SUMMARY
from tests.scenarios import linear

LEARNERS = 50
ANSWERS_EACH = 40
RETRY_SHARE = 0.2  # of answers sent twice: concurrently, in sequence, or after a timeout
DEADLINE_S = 150.0


def test_fifty_concurrent_learners_with_retries_lose_no_answer(
    live_server: QuizflowServer, live_sessions: sessionmaker[Session], signing: Settings
) -> None:
    author = enrol(live_sessions, signing, "author", 1)[0]
    learners = enrol(live_sessions, signing, "learner", LEARNERS)
    scenario_id = create_from_definition(
        sessions=live_sessions,
        actor=Principal(user_id=author.user_id, role="author", email=None),
        definition=linear(ANSWERS_EACH, "Load: forty questions"),
    )
    seed = random.randrange(2**32)
    began = time.monotonic()

    with Crowd(
        live_server.base_url,
        scenario_id,
        learners,
        seed=seed,
        retry_share=RETRY_SHARE,
        deadline_s=DEADLINE_S,
    ) as crowd:
        report = crowd.run()
    played_s = time.monotonic() - began
    verdict = verify_nothing_lost(live_sessions, report)
    SUMMARY.answers(acknowledged=verdict.acknowledged, stored=verdict.stored, lost=verdict.lost)
    SUMMARY.note(
        "load",
        {
            "learners": LEARNERS,
            "answers_each": ANSWERS_EACH,
            "seed": seed,
            "statuses": dict(report.statuses),
            "forced_timeouts": report.timeouts_forced,
            "slowest_response_s": round(report.slowest_s, 3),
            "play_s": round(played_s, 1),
            "answers_per_s": round(verdict.acknowledged / played_s, 1),
        },
    )

    context = f"seed {seed}; server log:\n{live_server.log_tail()}"
    assert report.problems == [], context
    assert report.finished == LEARNERS, context
    assert verdict.problems == [], context
    assert verdict.lost == 0
    assert verdict.acknowledged == verdict.stored == LEARNERS * ANSWERS_EACH
    assert verdict.attempts_replayed == LEARNERS
    assert live_server.running
