"""Where a learner goes next: the first matching link, and replaying a stored attempt."""

from __future__ import annotations

from collections.abc import Sequence

from quizflow.errors import ConditionSyntaxError, InvalidAnswerError, InvalidFlowError
from quizflow.flow.conditions import evaluate, parse_condition
from quizflow.flow.model import Flow, Link, Response, check_response, grade


def resolve_next(
    flow: Flow, question_id: str, *, response: Response, is_correct: bool | None, score: int
) -> str | None:
    """The question after `question_id` for this answer, or None when the scenario ends.

    Links are tried by priority (then position), `default` links only after every other; the
    first whose condition holds wins. `score` is the running score including this answer.
    Raises InvalidAnswerError for a question outside the flow, and InvalidFlowError for a link
    with a broken condition or leading out of the flow (a published flow has neither).
    """
    link = resolve_link(flow, question_id, response=response, is_correct=is_correct, score=score)
    return link.to_question_id if link is not None else None


def resolve_link(
    flow: Flow, question_id: str, *, response: Response, is_correct: bool | None, score: int
) -> Link | None:
    """The link this answer takes out of `question_id` (its `to_question_id` is where the
    learner goes, None for an ending link), or None when no link matches and the scenario ends.

    The same rules and errors as `resolve_next`, which is this link's destination.
    """
    if question_id not in flow.by_id:
        raise InvalidAnswerError(f"question {question_id} is not part of this scenario")
    for link in flow.links_from(question_id):
        try:
            # parse_condition is cached per condition text, so this parses each one once.
            condition = parse_condition(link.condition)
        except ConditionSyntaxError as exc:
            raise InvalidFlowError(
                f"link {link.id} from question {question_id} has a broken condition: {exc.message}"
            ) from exc
        if not evaluate(condition, response=response, is_correct=is_correct, score=score):
            continue
        if link.to_question_id is not None and link.to_question_id not in flow.by_id:
            raise InvalidFlowError(
                f"link {link.id} from question {question_id} leads to question "
                f"{link.to_question_id}, which is not part of this scenario"
            )
        return link
    return None


def replay(flow: Flow, answers: Sequence[tuple[str, Response]]) -> tuple[str | None, int]:
    """Replay answers from the first question; return (current question id or None, score).

    Each answer must be for the question current at that point and fit it; otherwise raises
    InvalidAnswerError naming the answer's position (1-based).
    """
    first = flow.first_question_id
    current = first if first is not None and first in flow.by_id else None
    score = 0
    for number, (question_id, response) in enumerate(answers, start=1):
        if current is None:
            raise InvalidAnswerError(
                f"answer {number} is for question {question_id}, but the scenario had ended"
            )
        if question_id != current:
            raise InvalidAnswerError(
                f"answer {number} is for question {question_id}, but the current question "
                f"was {current}"
            )
        question = flow.question(question_id)
        try:
            check_response(question, response)
        except InvalidAnswerError as exc:
            raise InvalidAnswerError(f"answer {number}: {exc.message}") from exc
        outcome = grade(question, response)
        score += outcome.score
        current = resolve_next(
            flow, question_id, response=response, is_correct=outcome.is_correct, score=score
        )
    return current, score
