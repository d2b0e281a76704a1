"""Answering: the hot path. One transaction, the attempt row locked, at most six statements.

Statements on the way: lock the attempt; look up the Idempotency-Key (only when one is sent);
read the version (only on a cold cache: versions are immutable and cached); insert the
answer; insert its choices (choice questions only); update the attempt.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.errors import ConflictError, IdempotencyKeyReusedError, NotCurrentQuestionError
from quizflow.flow.model import Response, check_response, grade
from quizflow.flow.resolver import resolve_next
from quizflow.services import access
from quizflow.services.attempts import QuestionView, question_view
from quizflow.services.content import QuestionContent, ScenarioContent, versions

# The answer path's statements, built once: building and cache-keying a statement on every
# request costs more CPU than sending it.
_ANSWERS: Table = orm.Answer.__table__  # type: ignore[assignment]
_ATTEMPTS: Table = orm.UserProgress.__table__  # type: ignore[assignment]
_UPDATE_ATTEMPT = update(_ATTEMPTS).where(_ATTEMPTS.c.id == bindparam("attempt_id"))
_INSERT_ANSWER = insert(_ANSWERS)
_INSERT_CHOICES = insert(orm.t_answer_choices)
_BY_IDEMPOTENCY_KEY = select(orm.Answer).where(
    orm.Answer.user_id == bindparam("user_id"), orm.Answer.idempotency_key == bindparam("key")
)


@dataclass(frozen=True, slots=True)
class ChosenView:
    """A choice the learner picked, with what the author says about it."""

    label: str
    body: str
    is_correct: bool
    feedback: str | None


@dataclass(frozen=True, slots=True)
class AnswerResult:
    answer_id: uuid.UUID
    attempt_id: uuid.UUID
    question_id: uuid.UUID
    #: The question's display number in its version (Q1, Q2…).
    question_number: int
    is_correct: bool | None
    score_awarded: int
    total_score: int
    chosen: tuple[ChosenView, ...]
    correct_labels: tuple[str, ...]
    text: str | None
    explanation: str | None
    next_question: QuestionView | None
    completed: bool
    created_at: datetime
    #: True when this is the stored result of an earlier request with the same key.
    replayed: bool = False


def submit_answer(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    attempt_id: uuid.UUID,
    question_id: uuid.UUID,
    labels: Sequence[str] = (),
    text: str | None = None,
    idempotency_key: str | None = None,
) -> AnswerResult:
    """Record an answer to the attempt's current question and move the attempt on.

    Raises NotCurrentQuestionError (409) for any other question, ConflictError when the attempt
    is over, InvalidAnswerError (422) when the answer does not fit the question, and
    IdempotencyKeyReusedError (422) when a key returns with a different answer.
    """
    response = Response(labels=frozenset(label.strip() for label in labels), text=text)
    try:
        return _submit(sessions, actor, attempt_id, question_id, response, idempotency_key)
    except IntegrityError:
        if idempotency_key is None:
            raise
        # The same key was committed concurrently for another attempt of this learner: now it
        # is visible, so the replay path answers.
        return _submit(sessions, actor, attempt_id, question_id, response, idempotency_key)


def _submit(
    sessions: sessionmaker[Session],
    actor: Principal,
    attempt_id: uuid.UUID,
    question_id: uuid.UUID,
    response: Response,
    idempotency_key: str | None,
) -> AnswerResult:
    with sessions.begin() as session:
        attempt = access.own_attempt(session, actor, attempt_id, write=True, lock=True)
        if idempotency_key is not None:
            earlier = session.scalars(
                _BY_IDEMPOTENCY_KEY, {"user_id": actor.user_id, "key": idempotency_key}
            ).one_or_none()
            if earlier is not None:
                return _replay(session, earlier, attempt_id, question_id, response)
        if attempt.status != orm.ProgressStatus.IN_PROGRESS:
            raise ConflictError(
                f"this attempt is {attempt.status.value.replace('_', ' ')}; "
                "start a new attempt to play again"
            )
        if attempt.current_question_id != question_id:
            current = attempt.current_question_id
            raise NotCurrentQuestionError(
                f"question {question_id} is not the one this attempt is on; "
                f"answer question {current} instead",
                current_question_id=str(current) if current else None,
            )
        content = versions.get(session, attempt.version_id)
        question = content.question(question_id)
        flow_question = question.as_flow_question()
        check_response(flow_question, response)
        outcome = grade(flow_question, response)
        total = attempt.score + outcome.score
        following = resolve_next(
            content.flow,
            str(question_id),
            response=response,
            is_correct=outcome.is_correct,
            score=total,
        )
        next_id = uuid.UUID(following) if following else None
        now = datetime.now(UTC)
        row = {
            "id": uuid.uuid4(),
            "user_id": actor.user_id,
            "question_id": question_id,
            "progress_id": attempt_id,
            "free_text": response.text,
            "is_correct": outcome.is_correct,
            "score": outcome.score,
            "score_after": total,
            "next_question_id": next_id,
            "idempotency_key": idempotency_key,
            "created_at": now,
        }
        # Plain INSERT and UPDATE statements rather than the unit of work's flushes: the same
        # SQL for a fraction of the CPU on the hottest path.
        session.execute(_INSERT_ANSWER, row)
        answer = orm.Answer(**row)  # for the result only: never added to the session
        if response.labels:
            by_label = question.choice_by_label()
            session.execute(
                _INSERT_CHOICES,
                [
                    {"answer_id": answer.id, "choice_id": by_label[label].id}
                    for label in sorted(response.labels)
                ],
            )
        changes: dict[str, object] = {
            "attempt_id": attempt_id,
            "score": total,
            "current_question_id": next_id,
            "updated_at": now,
        }
        if next_id is None:
            changes |= {"status": orm.ProgressStatus.COMPLETED, "completed_at": now}
        session.execute(_UPDATE_ATTEMPT, changes)
        return _result(content, question, answer, sorted(response.labels), replayed=False)


def _replay(
    session: Session,
    earlier: orm.Answer,
    attempt_id: uuid.UUID,
    question_id: uuid.UUID,
    response: Response,
) -> AnswerResult:
    labels = sorted(
        session.scalars(
            select(orm.Choice.label)
            .join(orm.t_answer_choices, orm.t_answer_choices.c.choice_id == orm.Choice.id)
            .where(orm.t_answer_choices.c.answer_id == earlier.id)
        )
    )
    same = (
        earlier.progress_id == attempt_id
        and earlier.question_id == question_id
        and labels == sorted(response.labels)
        and earlier.free_text == response.text
    )
    if not same:
        raise IdempotencyKeyReusedError(
            "this Idempotency-Key was already used for a different answer; "
            "send a new key for a new answer"
        )
    progress = session.get(orm.UserProgress, earlier.progress_id)
    assert progress is not None
    content = versions.get(session, progress.version_id)
    return _result(content, content.question(question_id), earlier, labels, replayed=True)


def _result(
    content: ScenarioContent,
    question: QuestionContent,
    answer: orm.Answer,
    labels: list[str],
    *,
    replayed: bool,
) -> AnswerResult:
    by_label = question.choice_by_label()
    next_id = answer.next_question_id
    return AnswerResult(
        answer_id=answer.id,
        attempt_id=answer.progress_id,
        question_id=question.id,
        question_number=content.number_of(question.id),
        is_correct=answer.is_correct,
        score_awarded=answer.score,
        total_score=answer.score_after,
        chosen=tuple(
            ChosenView(
                label, by_label[label].body, by_label[label].is_correct, by_label[label].feedback
            )
            for label in labels
        ),
        correct_labels=tuple(c.label for c in question.choices if c.is_correct),
        text=answer.free_text,
        explanation=question.explanation,
        next_question=question_view(content, next_id) if next_id else None,
        completed=next_id is None,
        created_at=answer.created_at,
        replayed=replayed,
    )


def attempt_history(
    *, sessions: sessionmaker[Session], actor: Principal, attempt_id: uuid.UUID
) -> list[AnswerResult]:
    """Every answer of an attempt in order, with what each was worth and where it led."""
    with sessions() as session:
        attempt = access.own_attempt(session, actor, attempt_id, write=False)
        content = versions.get(session, attempt.version_id)
        answers = list(
            session.scalars(
                select(orm.Answer)
                .where(orm.Answer.progress_id == attempt_id)
                .order_by(orm.Answer.created_at, orm.Answer.id)
            )
        )
        chosen: dict[uuid.UUID, list[str]] = {a.id: [] for a in answers}
        if answers:
            rows = session.execute(
                select(orm.t_answer_choices.c.answer_id, orm.Choice.label)
                .join(orm.Choice, orm.Choice.id == orm.t_answer_choices.c.choice_id)
                .where(orm.t_answer_choices.c.answer_id.in_(list(chosen)))
            )
            for answer_id, label in rows:
                chosen[answer_id].append(label)
        return [
            _result(
                content,
                content.question(a.question_id),
                a,
                sorted(chosen[a.id]),
                replayed=False,
            )
            for a in answers
        ]
