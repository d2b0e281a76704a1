"""The answer path under concurrency, and how many SQL statements reads and answers cost."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.errors import NotCurrentQuestionError
from quizflow.services import answers, attempts, scenarios
from quizflow.services.content import versions
from quizflow.services.definitions import create_from_definition
from tests.conftest import DatabaseFactory
from tests.factories import make_principal
from tests.scenarios import BRANCHING, linear


@pytest.fixture(scope="module")
def committed_engine(databases: DatabaseFactory) -> Iterator[Engine]:
    """A database whose writes are really committed, for tests that need many connections."""
    engine = create_engine(databases.create(migrated=True), pool_size=25, max_overflow=5)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def real_sessions(committed_engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=committed_engine, expire_on_commit=False)


def new_principal(sessions: sessionmaker[Session], role: str = "learner") -> Principal:
    with sessions.begin() as session:
        return make_principal(session, role)


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def run_concurrently(count: int, work: object) -> tuple[list[object], list[BaseException]]:
    results: list[object] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def run() -> None:
        barrier.wait()
        try:
            results.append(work())  # type: ignore[operator]
        except BaseException as exc:  # collected for the assertions
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def stored_answers(sessions: sessionmaker[Session], attempt_id: uuid.UUID) -> int:
    with sessions() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(orm.Answer)
                .where(orm.Answer.progress_id == attempt_id)
            )
            or 0
        )


def retry_twenty_times(
    sessions: sessionmaker[Session],
    learner: Principal,
    attempt_id: uuid.UUID,
    question_id: uuid.UUID,
    label: str,
    key: str,
) -> answers.AnswerResult:
    """Twenty concurrent submissions of one answer under one Idempotency-Key: all succeed,
    one records the answer, the others replay it. Returns that answer's result."""
    results, errors = run_concurrently(
        20,
        lambda: answers.submit_answer(
            sessions=sessions,
            actor=learner,
            attempt_id=attempt_id,
            question_id=question_id,
            labels=[label],
            idempotency_key=key,
        ),
    )
    assert errors == []
    recorded = [r for r in results if isinstance(r, answers.AnswerResult) and not r.replayed]
    assert len(recorded) == 1
    assert {r.answer_id for r in results} == {recorded[0].answer_id}  # type: ignore[attr-defined]
    return recorded[0]


@pytest.fixture(scope="module")
def linear_scenario(real_sessions: sessionmaker[Session]) -> uuid.UUID:
    author = new_principal(real_sessions, "author")
    return create_from_definition(sessions=real_sessions, actor=author, definition=linear(5))


def test_twenty_concurrent_submissions_with_one_key_record_exactly_one_answer(
    real_sessions: sessionmaker[Session], linear_scenario: uuid.UUID
) -> None:
    learner = new_principal(real_sessions)
    state, _ = attempts.start_attempt(
        sessions=real_sessions, actor=learner, scenario_id=linear_scenario
    )
    assert state.current_question is not None
    question_id = state.current_question.id

    retry_twenty_times(real_sessions, learner, state.id, question_id, "A", "same-key")

    assert stored_answers(real_sessions, state.id) == 1


def test_concurrent_retries_of_an_answer_that_loops_back_to_its_own_question_record_it_once(
    real_sessions: sessionmaker[Session],
) -> None:
    # A wrong answer to q2 leads back to q2: the attempt's current question does not change, so
    # only the Idempotency-Key tells a retry from a new answer.
    author = new_principal(real_sessions, "author")
    scenario_id = create_from_definition(sessions=real_sessions, actor=author, definition=BRANCHING)
    learner = new_principal(real_sessions)
    state, _ = attempts.start_attempt(
        sessions=real_sessions, actor=learner, scenario_id=scenario_id
    )
    assert state.current_question is not None
    first = answers.submit_answer(
        sessions=real_sessions,
        actor=learner,
        attempt_id=state.id,
        question_id=state.current_question.id,
        labels=["B"],
    )
    assert first.next_question is not None
    remedial = first.next_question.id

    result = retry_twenty_times(real_sessions, learner, state.id, remedial, "B", "loop-key")

    assert result.next_question is not None
    assert result.next_question.id == remedial
    assert stored_answers(real_sessions, state.id) == 2


def test_twenty_concurrent_submissions_without_a_key_record_one_and_refuse_the_rest(
    real_sessions: sessionmaker[Session], linear_scenario: uuid.UUID
) -> None:
    learner = new_principal(real_sessions)
    state, _ = attempts.start_attempt(
        sessions=real_sessions, actor=learner, scenario_id=linear_scenario
    )
    assert state.current_question is not None
    question_id = state.current_question.id

    results, errors = run_concurrently(
        20,
        lambda: answers.submit_answer(
            sessions=real_sessions,
            actor=learner,
            attempt_id=state.id,
            question_id=question_id,
            labels=["A"],
        ),
    )

    assert len(results) == 1
    assert len(errors) == 19 and all(isinstance(e, NotCurrentQuestionError) for e in errors)
    assert stored_answers(real_sessions, state.id) == 1


def test_twenty_concurrent_starts_create_one_attempt(
    real_sessions: sessionmaker[Session], linear_scenario: uuid.UUID
) -> None:
    learner = new_principal(real_sessions)

    results, errors = run_concurrently(
        20,
        lambda: attempts.start_attempt(
            sessions=real_sessions, actor=learner, scenario_id=linear_scenario
        ),
    )

    assert errors == []
    assert len({state.id for state, _ in results}) == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", [5, 200])
def test_reading_a_scenario_takes_the_same_few_statements_whatever_its_size(
    committed_engine: Engine, real_sessions: sessionmaker[Session], size: int
) -> None:
    author = new_principal(real_sessions, "author")
    scenario_id = create_from_definition(
        sessions=real_sessions, actor=author, definition=linear(size), publish=False
    )

    with counting(committed_engine) as statements:
        read = scenarios.get_scenario(sessions=real_sessions, actor=author, scenario_id=scenario_id)

    assert len(read.content.questions) == size
    # The scenario, its figures (questions, latest version, learners), who else may edit it
    # or see its results, its content.
    assert len(statements) == 4, statements


@pytest.mark.parametrize("cache", ["cold", "warm"])
def test_the_answer_path_takes_two_statements_and_one_more_on_a_cold_cache(
    committed_engine: Engine,
    real_sessions: sessionmaker[Session],
    linear_scenario: uuid.UUID,
    cache: str,
) -> None:
    learner = new_principal(real_sessions)
    state, _ = attempts.start_attempt(
        sessions=real_sessions, actor=learner, scenario_id=linear_scenario
    )
    assert state.current_question is not None
    if cache == "cold":
        versions._entries.clear()

    with counting(committed_engine) as statements:
        answers.submit_answer(
            sessions=real_sessions,
            actor=learner,
            attempt_id=state.id,
            question_id=state.current_question.id,
            labels=["A"],
            idempotency_key="k",
        )

    work = [s for s in statements if not s.startswith(("BEGIN", "COMMIT", "ROLLBACK"))]
    # Lock + key look-up, then answer + choices + the attempt's move; the version when cold.
    assert len(work) == (3 if cache == "cold" else 2), work
