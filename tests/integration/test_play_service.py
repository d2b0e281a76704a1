"""Playing through the services on real PostgreSQL: progress, branching, versions, answers."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.errors import (
    ConflictError,
    IdempotencyKeyReusedError,
    InvalidAnswerError,
    NotCurrentQuestionError,
    NotFoundError,
)
from quizflow.services import answers, attempts, publishing, questions
from quizflow.services.definitions import create_from_definition
from tests.factories import make_principal
from tests.scenarios import BRANCHING


@pytest.fixture
def people(session: Session) -> tuple[Principal, Principal]:
    author = make_principal(session, "author")
    learner = make_principal(session, "learner")
    session.commit()
    return author, learner


@pytest.fixture
def scenario_id(sessions: sessionmaker[Session], people: tuple[Principal, Principal]) -> uuid.UUID:
    return create_from_definition(sessions=sessions, actor=people[0], definition=BRANCHING)


def answer(
    sessions: sessionmaker[Session],
    actor: Principal,
    state: attempts.AttemptState,
    *labels: str,
    text: str | None = None,
    key: str | None = None,
) -> answers.AnswerResult:
    assert state.current_question is not None
    return answers.submit_answer(
        sessions=sessions,
        actor=actor,
        attempt_id=state.id,
        question_id=state.current_question.id,
        labels=labels,
        text=text,
        idempotency_key=key,
    )


def test_a_right_answer_skips_ahead_and_a_wrong_one_goes_to_the_remedial_question(
    sessions: sessionmaker[Session], people: tuple[Principal, Principal], scenario_id: uuid.UUID
) -> None:
    _, learner = people
    state, started = attempts.start_attempt(
        sessions=sessions, actor=learner, scenario_id=scenario_id
    )
    assert started and state.current_question is not None
    assert state.current_question.prompt_text == "Pick"

    wrong = answer(sessions, learner, state, "B")

    assert wrong.is_correct is False
    assert wrong.chosen[0].feedback == "not quite"
    assert wrong.correct_labels == ("A",)
    assert wrong.explanation == "<p>Because.</p>"
    assert wrong.next_question is not None and wrong.next_question.prompt_text == "Remedial"
    # The retry loop: wrong again stays on the remedial question, right leaves it.
    state = attempts.get_attempt(sessions=sessions, actor=learner, attempt_id=state.id)
    again = answer(sessions, learner, state, "B")
    assert again.next_question is not None and again.next_question.prompt_text == "Remedial"
    state = attempts.get_attempt(sessions=sessions, actor=learner, attempt_id=state.id)
    out = answer(sessions, learner, state, "a")
    assert out.next_question is not None and out.next_question.prompt_text == "Multi"


def test_completing_an_attempt_scores_it_and_records_the_path(
    sessions: sessionmaker[Session], people: tuple[Principal, Principal], scenario_id: uuid.UUID
) -> None:
    _, learner = people
    state, _ = attempts.start_attempt(sessions=sessions, actor=learner, scenario_id=scenario_id)
    answer(sessions, learner, state, "A")
    state = attempts.get_attempt(sessions=sessions, actor=learner, attempt_id=state.id)
    multi = answer(sessions, learner, state, "A", "B")
    assert multi.is_correct is True and multi.score_awarded == 2 and multi.total_score == 3
    state = attempts.get_attempt(sessions=sessions, actor=learner, attempt_id=state.id)
    last = answer(sessions, learner, state, text="Because it is safer")

    assert last.completed and last.next_question is None and last.is_correct is None
    final = attempts.get_attempt(sessions=sessions, actor=learner, attempt_id=state.id)
    assert final.status == "completed" and final.score == 3 and final.completed_at is not None
    history = answers.attempt_history(sessions=sessions, actor=learner, attempt_id=state.id)
    assert [h.total_score for h in history] == [1, 3, 3]
    assert history[-1].text == "Because it is safer"


def test_answering_a_question_that_is_not_current_is_a_conflict_naming_the_current_one(
    sessions: sessionmaker[Session], people: tuple[Principal, Principal], scenario_id: uuid.UUID
) -> None:
    _, learner = people
    state, _ = attempts.start_attempt(sessions=sessions, actor=learner, scenario_id=scenario_id)
    assert state.current_question is not None

    with pytest.raises(NotCurrentQuestionError) as caught:
        answers.submit_answer(
            sessions=sessions,
            actor=learner,
            attempt_id=state.id,
            question_id=uuid.uuid4(),
            labels=["A"],
        )
    assert caught.value.current_question_id == str(state.current_question.id)


@pytest.mark.parametrize(
    ("labels", "text", "message"),
    [
        (("E",), None, "choice 'E' is not an option"),
        (("A", "B"), None, "choose exactly one option"),
        ((), None, "choose exactly one option"),
        ((), "free text", "expects a choice"),
    ],
)
def test_an_answer_that_does_not_fit_the_question_is_refused_and_nothing_is_stored(
    sessions: sessionmaker[Session],
    people: tuple[Principal, Principal],
    scenario_id: uuid.UUID,
    labels: tuple[str, ...],
    text: str | None,
    message: str,
) -> None:
    _, learner = people
    state, _ = attempts.start_attempt(sessions=sessions, actor=learner, scenario_id=scenario_id)

    with pytest.raises(InvalidAnswerError, match=message):
        answer(sessions, learner, state, *labels, text=text)

    assert answers.attempt_history(sessions=sessions, actor=learner, attempt_id=state.id) == []


def test_a_retry_with_the_same_idempotency_key_returns_the_original_result(
    sessions: sessionmaker[Session], people: tuple[Principal, Principal], scenario_id: uuid.UUID
) -> None:
    _, learner = people
    state, _ = attempts.start_attempt(sessions=sessions, actor=learner, scenario_id=scenario_id)
    first = answer(sessions, learner, state, "B", key="k-1")

    retry = answer(sessions, learner, state, "B", key="k-1")

    assert retry.replayed and not first.replayed
    assert retry.answer_id == first.answer_id
    assert retry.next_question == first.next_question
    assert len(answers.attempt_history(sessions=sessions, actor=learner, attempt_id=state.id)) == 1
    with pytest.raises(IdempotencyKeyReusedError):
        answer(sessions, learner, state, "A", key="k-1")


def test_resume_returns_the_attempt_in_progress_and_restart_abandons_it(
    sessions: sessionmaker[Session], people: tuple[Principal, Principal], scenario_id: uuid.UUID
) -> None:
    _, learner = people
    first, started = attempts.start_attempt(
        sessions=sessions, actor=learner, scenario_id=scenario_id
    )
    answer(sessions, learner, first, "B")

    resumed, started_again = attempts.start_attempt(
        sessions=sessions, actor=learner, scenario_id=scenario_id
    )
    restarted, _ = attempts.start_attempt(
        sessions=sessions, actor=learner, scenario_id=scenario_id, restart=True
    )

    assert started and not started_again
    assert resumed.id == first.id
    assert (
        resumed.current_question is not None and resumed.current_question.prompt_text == "Remedial"
    )
    assert restarted.id != first.id and restarted.attempt == 2
    old = attempts.get_attempt(sessions=sessions, actor=learner, attempt_id=first.id)
    assert old.status == "abandoned"
    with pytest.raises(ConflictError):
        attempts.abandon_attempt(sessions=sessions, actor=learner, attempt_id=first.id)
    listed = attempts.list_attempts(sessions=sessions, actor=learner, scenario_id=scenario_id)
    assert [a.attempt for a in listed] == [2, 1]


def test_an_attempt_plays_its_own_version_after_the_author_edits_and_republishes(
    sessions: sessionmaker[Session], people: tuple[Principal, Principal], scenario_id: uuid.UUID
) -> None:
    author, learner = people
    state, _ = attempts.start_attempt(sessions=sessions, actor=learner, scenario_id=scenario_id)
    answer(sessions, learner, state, "B")  # now on the remedial question
    draft = publishing.list_versions(sessions=sessions, actor=author, scenario_id=scenario_id)
    assert [v.number for v in draft] == [1]
    from quizflow.services.scenarios import get_scenario

    remedial = get_scenario(
        sessions=sessions, actor=author, scenario_id=scenario_id
    ).content.questions[1]
    questions.delete_question(
        sessions=sessions, actor=author, scenario_id=scenario_id, question_id=remedial.id
    )
    publishing.publish(sessions=sessions, actor=author, scenario_id=scenario_id)

    state = attempts.get_attempt(sessions=sessions, actor=learner, attempt_id=state.id)
    assert state.version == 1
    assert state.current_question is not None and state.current_question.prompt_text == "Remedial"
    result = answer(sessions, learner, state, "A")
    assert result.next_question is not None and result.next_question.prompt_text == "Multi"
    fresh, _ = attempts.start_attempt(
        sessions=sessions, actor=make_principal_committed(sessions), scenario_id=scenario_id
    )
    assert fresh.version == 2


def make_principal_committed(sessions: sessionmaker[Session]) -> Principal:
    with sessions.begin() as session:
        return make_principal(session)


def test_another_learners_attempt_is_not_found(
    sessions: sessionmaker[Session], people: tuple[Principal, Principal], scenario_id: uuid.UUID
) -> None:
    _, learner = people
    state, _ = attempts.start_attempt(sessions=sessions, actor=learner, scenario_id=scenario_id)
    intruder = make_principal_committed(sessions)

    with pytest.raises(NotFoundError):
        attempts.get_attempt(sessions=sessions, actor=intruder, attempt_id=state.id)
    with pytest.raises(NotFoundError):
        answer(sessions, intruder, state, "A")
