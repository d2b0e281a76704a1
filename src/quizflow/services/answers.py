"""Answering: the hot path. One transaction, the attempt row locked, two statements.

The first statement locks the attempt and looks up the Idempotency-Key in the same round trip;
the second inserts the answer and its choices and moves the attempt on, as one statement with
data-modifying CTEs. The version is read only on a cold cache (versions are immutable). Each
statement costs the server more Python than PostgreSQL spends running it, so the path issues
as few as it can: this is what bench/bench_play.py measures against pgbench.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.types import Uuid

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.errors import ConflictError, IdempotencyKeyReusedError, NotCurrentQuestionError
from quizflow.flow.model import Response, check_response, grade
from quizflow.flow.resolver import resolve_link
from quizflow.services import access, xapi_outbox, xapi_statements
from quizflow.services.attempts import QuestionView, question_view
from quizflow.services.content import LinkContent, QuestionContent, ScenarioContent, versions
from quizflow.services.xapi_statements import XapiSource

# The answer path's statements, built once: building and cache-keying a statement on every
# request costs more CPU than sending it.
_ANSWERS: Table = orm.Answer.__table__  # type: ignore[assignment]
_ATTEMPTS: Table = orm.UserProgress.__table__  # type: ignore[assignment]
_CHOSEN = orm.t_answer_choices
_ANSWER_COLUMNS = tuple(column.key for column in _ANSWERS.c)
_EARLIER_ANSWER = select(_ANSWERS.c.id).where(
    _ANSWERS.c.user_id == bindparam("user_id"), _ANSWERS.c.idempotency_key == bindparam("key")
)
#: The attempt, locked, with the answer this learner already sent under the key (if any).
_LOCK_ATTEMPT = (
    select(
        _ATTEMPTS.c.user_id,
        _ATTEMPTS.c.status,
        _ATTEMPTS.c.current_question_id,
        _ATTEMPTS.c.version_id,
        _ATTEMPTS.c.score,
        _EARLIER_ANSWER.scalar_subquery().label("earlier_answer_id"),
    )
    .where(_ATTEMPTS.c.id == bindparam("attempt_id"))
    .with_for_update(of=_ATTEMPTS)
)
_NEW_ANSWER = (
    insert(_ANSWERS)
    # Prefixed: an UPDATE reserves the bind names of its own table's columns.
    .values({column: bindparam(f"answer_{column}") for column in _ANSWER_COLUMNS})
    .returning(_ANSWERS.c.id)
    .cte("new_answer")
)
_NEW_CHOICES = (
    insert(_CHOSEN)
    .from_select(
        ["answer_id", "choice_id"],
        select(_NEW_ANSWER.c.id, func.unnest(bindparam("choice_ids", type_=ARRAY(Uuid)))),
    )
    .cte("new_choices")
)
#: The answer, its choices, the attempt's move and its xAPI statements (none when no LRS is
#: configured), in one statement: all of it or none.
_RECORD_ANSWER = (
    update(_ATTEMPTS)
    .where(_ATTEMPTS.c.id == bindparam("attempt_id"))
    .values(
        score=bindparam("answer_score_after"),
        current_question_id=bindparam("answer_next_question_id"),
        updated_at=bindparam("answer_created_at"),
        status=bindparam("attempt_status"),
        completed_at=bindparam("completed_at"),
    )
    .add_cte(_NEW_ANSWER)
    .add_cte(_NEW_CHOICES)
    .add_cte(xapi_outbox.QUEUE.cte("queued_statements"))
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
    xapi: XapiSource | None = None,
) -> AnswerResult:
    """Record an answer to the attempt's current question and move the attempt on; with
    `xapi`, queue its statements (answered, and completed at the end) in the same statement.

    Raises NotCurrentQuestionError (409) for any other question, ConflictError when the attempt
    is over, InvalidAnswerError (422) when the answer does not fit the question, and
    IdempotencyKeyReusedError (422) when a key returns with a different answer.
    """
    response = Response(labels=frozenset(label.strip() for label in labels), text=text)
    try:
        return _submit(sessions, actor, attempt_id, question_id, response, idempotency_key, xapi)
    except IntegrityError:
        if idempotency_key is None:
            raise
        # The same key was committed concurrently for another attempt of this learner: now it
        # is visible, so the replay path answers.
        return _submit(sessions, actor, attempt_id, question_id, response, idempotency_key, xapi)


def _submit(
    sessions: sessionmaker[Session],
    actor: Principal,
    attempt_id: uuid.UUID,
    question_id: uuid.UUID,
    response: Response,
    idempotency_key: str | None,
    xapi: XapiSource | None,
) -> AnswerResult:
    with sessions.begin() as session:
        # Core statements on the session's connection: the same transaction, without the
        # unit of work's per-statement bookkeeping.
        connection = session.connection()
        attempt = connection.execute(
            _LOCK_ATTEMPT,
            {"attempt_id": attempt_id, "user_id": actor.user_id, "key": idempotency_key},
        ).one_or_none()
        if attempt is None:
            raise access.missing_attempt(attempt_id)
        access.check_attempt_access(actor, attempt_id, attempt.user_id, write=True)
        earlier_id = attempt.earlier_answer_id
        moved_on = (
            attempt.status != orm.ProgressStatus.IN_PROGRESS
            or attempt.current_question_id != question_id
        )
        if earlier_id is None and idempotency_key is not None and moved_on:
            # The look-up above saw the snapshot taken before the lock was granted: a retry
            # that waited for its twin looks again, to find the answer the twin committed.
            # (Had the attempt not moved on, the twin's key makes the insert fail instead.)
            earlier_id = connection.execute(
                _EARLIER_ANSWER, {"user_id": actor.user_id, "key": idempotency_key}
            ).scalar_one_or_none()
        if earlier_id is not None:
            earlier = session.get_one(orm.Answer, earlier_id)
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
        decided = decide_answer(
            content,
            question_id,
            response,
            score_before=attempt.score,
            user_id=actor.user_id,
            attempt_id=attempt_id,
            idempotency_key=idempotency_key,
            xapi=xapi,
        )
        connection.execute(_RECORD_ANSWER, decided.parameters)
        return _result(content, decided.question, decided.answer, decided.labels, replayed=False)


@dataclass(frozen=True, slots=True)
class AnswerDecision:
    """What an answer to the current question records, worked out before it is written."""

    question: QuestionContent
    #: The new row, for the result only: never added to a session.
    answer: orm.Answer
    labels: list[str]
    #: The bind parameters of the statement that records it (`_RECORD_ANSWER`).
    parameters: dict[str, object]


def decide_answer(
    content: ScenarioContent,
    question_id: uuid.UUID,
    response: Response,
    *,
    score_before: int,
    user_id: uuid.UUID,
    attempt_id: uuid.UUID,
    idempotency_key: str | None,
    xapi: XapiSource | None = None,
) -> AnswerDecision:
    """Grade the answer, find the link it takes and build its xAPI statements (no I/O);
    raises InvalidAnswerError (422) when the answer does not fit the question."""
    question = content.question(question_id)
    flow_question = question.as_flow_question()
    check_response(flow_question, response)
    outcome = grade(flow_question, response)
    total = score_before + outcome.score
    taken = resolve_link(
        content.flow,
        str(question_id),
        response=response,
        is_correct=outcome.is_correct,
        score=total,
    )
    link = _link_content(question, taken.id) if taken is not None else None
    next_id = link.to_question_id if link is not None else None
    now = datetime.now(UTC)
    answer = orm.Answer(
        id=uuid.uuid4(),
        user_id=user_id,
        question_id=question_id,
        progress_id=attempt_id,
        free_text=response.text,
        is_correct=outcome.is_correct,
        score=outcome.score,
        score_after=total,
        next_question_id=next_id,
        idempotency_key=idempotency_key,
        created_at=now,
        link_id=link.id if link is not None else None,
        link_condition=link.condition if link is not None else None,
    )
    labels = sorted(response.labels)
    by_label = question.choice_by_label()
    parameters: dict[str, object] = {
        f"answer_{column}": getattr(answer, column) for column in _ANSWER_COLUMNS
    }
    parameters |= {
        "attempt_id": attempt_id,
        "choice_ids": [by_label[label].id for label in labels],
        "attempt_status": (
            orm.ProgressStatus.IN_PROGRESS if next_id else orm.ProgressStatus.COMPLETED
        ),
        "completed_at": None if next_id else now,
    }
    statements = _statements(xapi, content, question, answer, labels, link) if xapi else []
    parameters |= xapi_outbox.queue_parameters(statements)
    return AnswerDecision(question, answer, labels, parameters)


def _link_content(question: QuestionContent, link_id: str) -> LinkContent:
    return next(link for link in question.links if str(link.id) == link_id)


def _statements(
    xapi: XapiSource,
    content: ScenarioContent,
    question: QuestionContent,
    answer: orm.Answer,
    labels: list[str],
    link: LinkContent | None,
) -> list[dict[str, object]]:
    statements = [
        xapi_statements.answered(
            xapi,
            content,
            question,
            answer_id=answer.id,
            user_id=answer.user_id,
            attempt_id=answer.progress_id,
            labels=labels,
            text=answer.free_text,
            is_correct=answer.is_correct,
            score=answer.score,
            link=link,
            at=answer.created_at,
        )
    ]
    if answer.next_question_id is None:
        statements.append(
            xapi_statements.attempt_event(
                xapi,
                content,
                xapi_statements.COMPLETED,
                attempt_id=answer.progress_id,
                user_id=answer.user_id,
                score=answer.score_after,
                at=answer.created_at,
            )
        )
    return statements


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
