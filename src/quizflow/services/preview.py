"""Playing a draft in the studio: the flow engine over the author's working copy, nothing stored.

The studio sends the answers given so far each time; they are replayed from the start question
with the engine that plays published versions (check_response, grade, resolve_next over the
same Flow that ScenarioContent builds), so a preview goes where a learner would. No row is
written: the draft is read in one read-only transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.errors import InvalidAnswerError, InvalidInputError
from quizflow.flow.model import Response, check_response, grade
from quizflow.flow.resolver import resolve_next
from quizflow.services import access
from quizflow.services.attempts import QuestionView, question_view
from quizflow.services.content import QuestionContent, ScenarioContent, load_draft


@dataclass(frozen=True, slots=True)
class PreviewAnswer:
    question_id: uuid.UUID
    choice_ids: tuple[uuid.UUID, ...] | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class ChoiceFeedback:
    choice_id: uuid.UUID
    feedback: str | None


@dataclass(frozen=True, slots=True)
class PreviewStep:
    """What one answer earned and where it led, as a learner would be told after answering."""

    question_id: uuid.UUID
    is_correct: bool | None
    points_awarded: int
    feedback: tuple[ChoiceFeedback, ...]
    explanation: str | None
    next_question_id: uuid.UUID | None


@dataclass(frozen=True, slots=True)
class Preview:
    question: QuestionView | None
    results: tuple[PreviewStep, ...]
    score: int
    #: The points of the auto-graded questions on the path (as an attempt's report counts them).
    max_score: int
    #: The questions answered, in order, then the current one (if not finished).
    path: tuple[uuid.UUID, ...]
    finished: bool


def preview_draft(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    scenario_id: uuid.UUID,
    answers: Sequence[PreviewAnswer],
    start_question_id: uuid.UUID | None = None,
) -> Preview:
    """Replay `answers` over the draft from `start_question_id` (or its first question).

    Raises InvalidAnswerError (422) when an answer is not for the question current at its
    point or does not fit it, with the messages playing gives; InvalidInputError for a start
    question outside the draft; the author's access errors otherwise.
    """
    with sessions() as session:
        access.authored_scenario(session, actor, scenario_id)
        content = load_draft(session, scenario_id)
    if start_question_id is not None and not content.has_question(start_question_id):
        raise InvalidInputError(
            f"start_question_id: question {start_question_id} is not in this scenario"
        )
    current = start_question_id or content.first_question_id
    score = max_score = 0
    steps: list[PreviewStep] = []
    path: list[uuid.UUID] = []
    for number, answer in enumerate(answers, start=1):
        if current is None:
            raise InvalidAnswerError(
                f"answer {number} is for question {answer.question_id}, but the scenario had ended"
            )
        if answer.question_id != current:
            raise InvalidAnswerError(
                f"answer {number} is for question {answer.question_id}, but the current "
                f"question was {current}"
            )
        question = content.question(current)
        step = _step(content, question, answer, score)
        path.append(current)
        steps.append(step)
        score += step.points_awarded
        max_score += question.points if question.is_multiple_choice else 0
        current = step.next_question_id
    if current is not None:
        path.append(current)
    return Preview(
        question=question_view(content, current) if current else None,
        results=tuple(steps),
        score=score,
        max_score=max_score,
        path=tuple(path),
        finished=current is None,
    )


def _step(
    content: ScenarioContent, question: QuestionContent, answer: PreviewAnswer, score_before: int
) -> PreviewStep:
    by_id = {c.id: c for c in question.choices}
    unknown = [str(c) for c in answer.choice_ids or () if c not in by_id]
    if unknown:
        raise InvalidAnswerError(
            f"choice {', '.join(unknown)} is not an option of this question; options are "
            + (", ".join(c.label for c in question.choices) or "none")
        )
    chosen = [by_id[c] for c in dict.fromkeys(answer.choice_ids or ())]
    response = Response(labels=frozenset(c.label for c in chosen), text=answer.text)
    flow_question = question.as_flow_question()
    check_response(flow_question, response)
    outcome = grade(flow_question, response)
    following = resolve_next(
        content.flow,
        str(question.id),
        response=response,
        is_correct=outcome.is_correct,
        score=score_before + outcome.score,
    )
    return PreviewStep(
        question_id=question.id,
        is_correct=outcome.is_correct,
        points_awarded=outcome.score,
        feedback=tuple(ChoiceFeedback(c.id, c.feedback) for c in chosen),
        explanation=question.explanation,
        next_question_id=uuid.UUID(following) if following else None,
    )
