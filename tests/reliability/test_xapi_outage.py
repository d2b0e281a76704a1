"""The LRS goes down while learners play: answers never notice, and once it is back every
xAPI statement reaches it exactly once (Ralph on loopback, the worker inside `quizflow serve`)."""

from __future__ import annotations

import random
import time
import uuid

from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.services.definitions import create_from_definition
from quizflow.services.xapi_statements import ANSWERED
from quizflow.settings import Settings
from tests.conftest import DatabaseFactory
from tests.reliability.conftest import StartServer
from tests.reliability.harness import enrol
from tests.reliability.learners import Crowd, verify_nothing_lost
from tests.reliability.summary import SUMMARY
from tests.scenarios import linear
from tests.xapi_lrs import PASSWORD, USERNAME, Ralph
from tests.xapi_lrs import ralph as ralph  # the fixture

LEARNERS = 12
QUESTIONS = 10
DELIVERY_DEADLINE_S = 60.0


def test_an_lrs_outage_during_load_loses_no_statement_and_duplicates_none(
    databases: DatabaseFactory, start_server: StartServer, signing: Settings, ralph: Ralph
) -> None:
    url = databases.create(migrated=True)
    engine = create_engine(url, pool_size=2)
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    author = enrol(sessions, signing, "author", 1)[0]
    scenario_id = create_from_definition(
        sessions=sessions,
        actor=Principal(user_id=author.user_id, role="author", email=None),
        definition=linear(QUESTIONS, "xAPI outage"),
    )
    learners = enrol(sessions, signing, "learner", LEARNERS)
    server = start_server(
        url,
        QUIZFLOW_XAPI_ENDPOINT=ralph.url,
        QUIZFLOW_XAPI_USERNAME=USERNAME,
        QUIZFLOW_XAPI_PASSWORD=PASSWORD,
        QUIZFLOW_XAPI_BATCH_SIZE="10",
        QUIZFLOW_XAPI_TIMEOUT_S="2",
        QUIZFLOW_XAPI_POLL_INTERVAL_S="0.2",
        QUIZFLOW_XAPI_MAX_BACKOFF_S="2",
    )
    outage: dict[str, float] = {}

    def stop_the_lrs_early(crowd: Crowd) -> None:
        # Down from a tenth of the answers until the load is over: the rest are answered with
        # no LRS at all, and the worker keeps failing (and backing off) all along.
        total = LEARNERS * QUESTIONS
        while crowd.report.acknowledged < total // 10 and time.monotonic() < crowd.deadline:
            time.sleep(0.005)
        ralph.stop()
        outage["lrs_stopped_after_answers"] = crowd.report.acknowledged
        SUMMARY.fault("LRS (Ralph) stopped during load, restarted after it")

    seed = random.randrange(2**32)
    try:
        with Crowd(server.base_url, scenario_id, learners, seed=seed, deadline_s=120) as crowd:
            report = crowd.run(stop_the_lrs_early)
        with sessions() as session:
            waiting_while_down = session.scalar(
                select(func.count()).where(orm.XapiOutbox.delivered_at.is_(None))
            )
        ralph.start()
        verdict = verify_nothing_lost(sessions, report)
        deadline = time.monotonic() + DELIVERY_DEADLINE_S
        while time.monotonic() < deadline:
            with sessions() as session:
                left = session.scalar(
                    select(func.count()).where(orm.XapiOutbox.delivered_at.is_(None))
                )
            if left == 0:
                break
            time.sleep(0.2)
        with sessions() as session:
            queued = {str(i) for i in session.scalars(select(orm.XapiOutbox.id))}
            answered = session.scalar(
                select(func.count()).where(
                    orm.XapiOutbox.statement["verb"]["id"].astext == ANSWERED
                )
            )
            answers_stored = session.scalar(select(func.count()).select_from(orm.Answer))
            retried = session.scalar(select(func.count()).where(orm.XapiOutbox.attempts > 1))
    finally:
        engine.dispose()
    counts = ralph.counts()
    arrived = {i: counts[i] for i in queued}
    figures = {
        "learners": LEARNERS,
        "answers_acknowledged": verdict.acknowledged,
        "statements_queued": len(queued),
        "statements_undelivered_when_lrs_restarted": waiting_while_down,
        "statements_retried": retried,
        "statements_in_lrs": sum(1 for n in arrived.values() if n),
        "statements_in_lrs_twice": sum(1 for n in arrived.values() if n > 1),
        "slowest_answer_s": round(report.slowest_s, 3),
        "statuses": dict(report.statuses),
        "seed": seed,
        **outage,
    }
    SUMMARY.note("xapi_lrs_outage", figures)
    print("xAPI outage figures:", figures)

    assert report.problems == [] and verdict.problems == [], (seed, server.log_tail())
    assert set(report.statuses) <= {200, 201}, report.statuses
    assert verdict.lost == 0
    assert left == 0, (
        f"{left} statements undelivered {DELIVERY_DEADLINE_S} s after the LRS came back"
    )
    assert waiting_while_down and waiting_while_down > 0  # the outage really held some back
    assert answered == answers_stored == verdict.stored
    assert arrived == dict.fromkeys(queued, 1)  # every statement once, none twice
    assert all(uuid.UUID(i) for i in queued)
    # The worker was serve's own thread, and it stops with the server, quietly.
    assert f"delivering xAPI statements to {ralph.url}" in server.log_text()
    server.stop()
    assert "Traceback" not in server.log_text(), server.log_tail()
