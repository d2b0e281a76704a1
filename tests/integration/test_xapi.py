"""xAPI statements: queued with the answer in one transaction, delivered to a real LRS (Ralph on
loopback), never lost while it is down, never stored twice."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.services import answers, attempts, xapi_delivery, xapi_outbox
from quizflow.services.definitions import create_from_definition
from quizflow.services.xapi_statements import (
    ABANDONED,
    ANSWERED,
    ATTEMPTED,
    COMPLETED,
    XapiSource,
    statement_id,
)
from tests.conftest import DatabaseFactory
from tests.factories import make_principal
from tests.scenarios import BRANCHING, linear
from tests.xapi_lrs import PASSWORD, USERNAME, Ralph
from tests.xapi_lrs import ralph as ralph  # the fixture

SOURCE = XapiSource("https://quizflow.example.edu/")
LINK = "https://quizflow.example.edu/xapi/extensions/link-taken"


@pytest.fixture(scope="module")
def committed_engine(databases: DatabaseFactory) -> Iterator[Engine]:
    """A database whose writes are really committed: the worker's claims are transactions."""
    engine = create_engine(databases.create(migrated=True), pool_size=10)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def real_sessions(committed_engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=committed_engine, expire_on_commit=False)


def config_for(lrs: Ralph, **overrides: Any) -> xapi_delivery.DeliveryConfig:
    options: dict[str, Any] = {
        "endpoint": lrs.url,
        "username": USERNAME,
        "password": PASSWORD,
        "batch_size": 20,
        "timeout_s": 5.0,
        "max_backoff_s": 0.05,
        "poll_interval_s": 0.05,
    }
    return xapi_delivery.DeliveryConfig(**(options | overrides))


def new_learner(sessions: sessionmaker[Session], role: str = "learner") -> Principal:
    with sessions.begin() as session:
        return make_principal(session, role)


def play_through(
    sessions: sessionmaker[Session], learner: Principal, scenario_id: uuid.UUID, *picks: str
) -> tuple[uuid.UUID, list[answers.AnswerResult]]:
    """Start an attempt and answer in turn: a letter list `A,B`, or any other text."""
    state, _ = attempts.start_attempt(
        sessions=sessions, actor=learner, scenario_id=scenario_id, xapi=SOURCE
    )
    question = state.current_question
    results = []
    for pick in picks:
        assert question is not None
        result = answers.submit_answer(
            sessions=sessions,
            actor=learner,
            attempt_id=state.id,
            question_id=question.id,
            labels=pick.split(",") if question.is_multiple_choice else (),
            text=None if question.is_multiple_choice else pick,
            xapi=SOURCE,
        )
        results.append(result)
        question = result.next_question
    return state.id, results


def statement_ids(attempt_id: uuid.UUID, results: list[answers.AnswerResult]) -> set[uuid.UUID]:
    ids = {statement_id(attempt_id, ATTEMPTED)} | {
        statement_id(r.answer_id, ANSWERED) for r in results
    }
    if results and results[-1].completed:
        ids.add(statement_id(attempt_id, COMPLETED))
    return ids


def deliver_all(
    sessions: sessionmaker[Session], config: xapi_delivery.DeliveryConfig, ids: set[uuid.UUID]
) -> None:
    """Run the worker until every one of `ids` is delivered (30 s at most)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with xapi_delivery.lrs_client(config) as client:
            report = xapi_delivery.deliver_once(
                sessions, config, xapi_delivery.http_sender(config, client)
            )
        with sessions() as session:
            left = session.scalar(
                select(func.count()).where(
                    orm.XapiOutbox.id.in_(ids), orm.XapiOutbox.delivered_at.is_(None)
                )
            )
        if left == 0:
            return
        time.sleep(0.05)
    raise AssertionError(f"{left} statement(s) still undelivered after 30 s: {report}")


def test_an_answer_queues_its_statement_with_the_link_taken_and_a_rolled_back_one_none(
    sessions: sessionmaker[Session],
) -> None:
    author, learner = new_learner(sessions, "author"), new_learner(sessions)
    scenario_id = create_from_definition(sessions=sessions, actor=author, definition=BRANCHING)
    attempt_id, (first,) = play_through(sessions, learner, scenario_id, "A")

    with sessions() as session:
        stored = session.get_one(orm.Answer, first.answer_id)
        link = session.get_one(orm.QuestionLink, stored.link_id)
        queued = session.get_one(orm.XapiOutbox, statement_id(first.answer_id, ANSWERED))
        started = session.get(orm.XapiOutbox, statement_id(attempt_id, ATTEMPTED))
    # The link whose condition decided, recorded on the answer, in the statement too.
    assert (stored.link_condition, link.condition) == ("answer == A", "answer == A")
    assert link.to_question_id == stored.next_question_id
    statement: Any = queued.statement
    assert statement["verb"]["id"] == ANSWERED
    assert statement["context"]["registration"] == str(attempt_id)
    assert statement["actor"]["account"] == {
        "homePage": "https://quizflow.example.edu",
        "name": str(learner.user_id),
    }
    assert statement["result"]["extensions"][LINK]["link_id"] == str(link.id)
    assert statement["result"]["extensions"][LINK]["condition"] == "answer == A"
    assert started is not None

    # An answer whose transaction rolls back leaves neither the answer nor its statement.
    state = attempts.get_attempt(sessions=sessions, actor=learner, attempt_id=attempt_id)
    assert state.current_question is not None
    with sessions() as session:
        outer = session.connection()
        savepoint = outer.begin_nested()
        rolled_back = answers.submit_answer(
            sessions=sessionmaker(bind=outer, join_transaction_mode="create_savepoint"),
            actor=learner,
            attempt_id=attempt_id,
            question_id=state.current_question.id,
            labels=["A", "B"],
            xapi=SOURCE,
        )
        savepoint.rollback()
        assert session.get(orm.Answer, rolled_back.answer_id) is None
        assert session.get(orm.XapiOutbox, statement_id(rolled_back.answer_id, ANSWERED)) is None

    # Abandoning (directly, or by restarting) queues its statement as well.
    attempts.abandon_attempt(sessions=sessions, actor=learner, attempt_id=attempt_id, xapi=SOURCE)
    with sessions() as session:
        abandoned = session.get_one(orm.XapiOutbox, statement_id(attempt_id, ABANDONED))
    assert abandoned.statement["result"]["completion"] is False  # type: ignore[index]


def test_without_an_lrs_configured_nothing_is_queued(sessions: sessionmaker[Session]) -> None:
    author, learner = new_learner(sessions, "author"), new_learner(sessions)
    scenario_id = create_from_definition(sessions=sessions, actor=author, definition=BRANCHING)
    state, _ = attempts.start_attempt(sessions=sessions, actor=learner, scenario_id=scenario_id)
    assert state.current_question is not None
    result = answers.submit_answer(
        sessions=sessions,
        actor=learner,
        attempt_id=state.id,
        question_id=state.current_question.id,
        labels=["B"],
    )
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(orm.XapiOutbox)) == 0
        # The link taken is recorded all the same: it is the answer's, not xAPI's.
        assert session.get_one(orm.Answer, result.answer_id).link_condition == "default"


def test_the_worker_delivers_to_ralph_which_returns_each_statement_by_id(
    real_sessions: sessionmaker[Session], ralph: Ralph
) -> None:
    author, learner = new_learner(real_sessions, "author"), new_learner(real_sessions)
    scenario_id = create_from_definition(sessions=real_sessions, actor=author, definition=BRANCHING)
    attempt_id, results = play_through(
        real_sessions, learner, scenario_id, "A", "A,B", "Because it is."
    )
    assert results[-1].completed
    ids = statement_ids(attempt_id, results)

    deliver_all(real_sessions, config_for(ralph), ids)

    answered = ralph.statement(statement_id(results[0].answer_id, ANSWERED))
    assert answered["verb"]["id"] == ANSWERED
    assert answered["result"]["success"] is True
    assert answered["result"]["response"] == "A"
    assert answered["result"]["score"] == {"raw": 1, "min": 0, "max": 1, "scaled": 1.0}
    assert answered["result"]["extensions"][LINK]["condition"] == "answer == A"
    definition = answered["object"]["definition"]
    assert definition["interactionType"] == "choice"
    assert definition["correctResponsesPattern"] == ["A"]
    multi = ralph.statement(statement_id(results[1].answer_id, ANSWERED))
    assert multi["result"]["response"] == "A[,]B"
    # The last answer took the ending link (default, to nowhere): the attempt completed.
    last = ralph.statement(statement_id(results[2].answer_id, ANSWERED))
    assert last["result"]["extensions"][LINK]["condition"] == "default"
    assert last["result"]["extensions"][LINK]["next_question"] is None
    completed = ralph.statement(statement_id(attempt_id, COMPLETED))
    assert completed["result"]["completion"] is True
    assert completed["result"]["score"]["raw"] == results[-1].total_score
    assert completed["context"]["registration"] == str(attempt_id)
    counts = ralph.counts()
    assert all(counts[str(i)] == 1 for i in ids)


def test_with_ralph_stopped_answers_stay_fast_and_every_statement_arrives_once_it_is_back(
    real_sessions: sessionmaker[Session], ralph: Ralph
) -> None:
    author, learner = new_learner(real_sessions, "author"), new_learner(real_sessions)
    scenario_id = create_from_definition(
        sessions=real_sessions, actor=author, definition=linear(12)
    )
    config = config_for(ralph, batch_size=5)
    ralph.stop()
    try:
        began = time.perf_counter()
        attempt_id, results = play_through(real_sessions, learner, scenario_id, *["A"] * 12)
        per_answer = (time.perf_counter() - began) / 13
        # The LRS is not on the answer path: an answer costs what it costs without one.
        assert per_answer < 0.25, f"{per_answer * 1000:.0f} ms per request with the LRS down"
        ids = statement_ids(attempt_id, results)
        assert len(ids) == 14
        with xapi_delivery.lrs_client(config) as client:
            report = xapi_delivery.deliver_once(
                real_sessions, config, xapi_delivery.http_sender(config, client)
            )
        assert report.delivered == 0 and report.failed == report.claimed > 0
        assert report.error is not None and "unreachable" in report.error
        waiting = xapi_outbox.status(real_sessions)
        assert waiting.queued >= 14 and waiting.waiting_retry >= report.failed
    finally:
        ralph.start()

    deliver_all(real_sessions, config, ids)

    counts = ralph.counts()
    assert {i: counts[str(i)] for i in ids} == dict.fromkeys(ids, 1)


def test_a_retry_after_a_lost_response_stores_no_statement_twice(
    real_sessions: sessionmaker[Session], ralph: Ralph
) -> None:
    author, learner = new_learner(real_sessions, "author"), new_learner(real_sessions)
    scenario_id = create_from_definition(sessions=real_sessions, actor=author, definition=linear(6))
    attempt_id, results = play_through(real_sessions, learner, scenario_id, *["A"] * 6)
    ids = statement_ids(attempt_id, results)
    config = config_for(ralph, lease=timedelta(milliseconds=300), batch_size=50)
    # A worker claims the batch and its POST reaches the LRS, but the reply is lost (the
    # worker died, the network broke): the rows stay undelivered. Only part of the batch
    # made it, so the retry's batch mixes stored and new statements.
    claimed = [
        c for c in xapi_outbox.claim(real_sessions, limit=1000, lease=config.lease) if c.id in ids
    ]
    assert {c.id for c in claimed} == ids
    with ralph.client() as client:
        posted = client.post(f"{ralph.url}/statements", json=[c.statement for c in claimed[:4]])
    assert posted.is_success
    time.sleep(0.4)  # the lease ends: the statements are due again

    deliver_all(real_sessions, config, ids)

    counts = ralph.counts()
    assert {i: counts[str(i)] for i in ids} == dict.fromkeys(ids, 1)


def test_concurrent_workers_never_claim_one_statement_twice(
    real_sessions: sessionmaker[Session],
) -> None:
    made = [{"id": str(uuid.uuid4()), "verb": {"id": ANSWERED}} for _ in range(300)]
    with real_sessions.begin() as session:
        xapi_outbox.queue(session.connection(), made)
    ours = {uuid.UUID(s["id"]) for s in made}
    taken: list[uuid.UUID] = []
    lock = threading.Lock()
    barrier = threading.Barrier(4)

    def worker() -> None:
        barrier.wait()
        while True:
            batch = xapi_outbox.claim(real_sessions, limit=7, lease=timedelta(minutes=5))
            mine = [c.id for c in batch if c.id in ours]
            if not batch:
                return
            with lock:
                taken.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert len(taken) == len(set(taken)) == 300
    finally:
        with real_sessions.begin() as session:
            session.execute(delete(orm.XapiOutbox).where(orm.XapiOutbox.id.in_(ours)))


def test_backoff_grows_exponentially_with_jitter_up_to_the_cap() -> None:
    low = [xapi_delivery.backoff_s(n, 60, rand=lambda: 0.0) for n in range(1, 9)]
    high = [xapi_delivery.backoff_s(n, 60, rand=lambda: 1.0) for n in range(1, 9)]
    assert low == [0.5, 1, 2, 4, 8, 16, 30, 30]
    assert high == [1, 2, 4, 8, 16, 32, 60, 60]


def test_pruning_deletes_only_statements_delivered_long_enough_ago(
    sessions: sessionmaker[Session],
) -> None:
    made = [{"id": str(uuid.uuid4()), "verb": {"id": ANSWERED}} for _ in range(3)]
    old, recent, waiting = (uuid.UUID(s["id"]) for s in made)
    with sessions.begin() as session:
        xapi_outbox.queue(session.connection(), made)
        session.execute(
            update(orm.XapiOutbox)
            .where(orm.XapiOutbox.id == old)
            .values(delivered_at=func.now() - timedelta(days=40))
        )
        session.execute(
            update(orm.XapiOutbox)
            .where(orm.XapiOutbox.id == recent)
            .values(delivered_at=func.now() - timedelta(days=2))
        )

    assert xapi_outbox.prune(sessions, delivered_before=timedelta(days=30)) == 1

    with sessions() as session:
        left = set(session.scalars(select(orm.XapiOutbox.id)))
    assert left == {recent, waiting}
