"""The flow's value objects: questions, their choices, the links between them, and grading.

Everything here is frozen and free of I/O; services build these from database rows.
Labels are compared upper-cased everywhere (`a` and `A` name the same choice).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from quizflow.errors import InvalidAnswerError

# Exactly the strings the condition grammar parses as its `default` form (same regex engine,
# same case rule, same whitespace), so the model can order links without parsing them.
_DEFAULT_CONDITION = re.compile(r"\s*default\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Choice:
    """One option of a multiple-choice question."""

    id: str
    label: str
    is_correct: bool


@dataclass(frozen=True, slots=True)
class Question:
    """A question as the flow sees it: its kind, its points and its choices."""

    id: str
    is_multiple_choice: bool
    multi_select: bool
    points: int
    choices: tuple[Choice, ...] = ()

    @property
    def labels(self) -> frozenset[str]:
        """Every choice label, upper-cased."""
        return frozenset(choice.label.upper() for choice in self.choices)

    @property
    def correct_labels(self) -> frozenset[str]:
        """The labels of the correct choices, upper-cased."""
        return frozenset(choice.label.upper() for choice in self.choices if choice.is_correct)


@dataclass(frozen=True, slots=True)
class Link:
    """An edge of the flow; `to_question_id=None` ends the scenario."""

    id: str
    from_question_id: str
    to_question_id: str | None
    condition: str
    priority: int

    @property
    def is_default(self) -> bool:
        """True for a `default` link, which is tried only when no other link matches."""
        return _DEFAULT_CONDITION.fullmatch(self.condition) is not None


@dataclass(frozen=True, slots=True)
class Flow:
    """A scenario's questions and links; `questions` is in display order."""

    first_question_id: str | None
    questions: tuple[Question, ...]
    links: tuple[Link, ...] = ()
    _by_id: Mapping[str, Question] = field(init=False, repr=False, compare=False, hash=False)
    _links_from: Mapping[str, tuple[Link, ...]] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        by_id = {question.id: question for question in self.questions}
        if len(by_id) != len(self.questions):
            raise ValueError("a flow cannot hold two questions with the same id")
        ranked = sorted(
            enumerate(self.links), key=lambda item: (item[1].is_default, item[1].priority, item[0])
        )
        outgoing: dict[str, list[Link]] = {}
        for _, link in ranked:
            outgoing.setdefault(link.from_question_id, []).append(link)
        object.__setattr__(self, "_by_id", MappingProxyType(by_id))
        object.__setattr__(
            self, "_links_from", MappingProxyType({qid: tuple(ls) for qid, ls in outgoing.items()})
        )

    @property
    def by_id(self) -> Mapping[str, Question]:
        """The questions keyed by id (read-only)."""
        return self._by_id

    def question(self, question_id: str) -> Question:
        """The question with this id; raises KeyError if it is not in the flow."""
        return self._by_id[question_id]

    def links_from(self, question_id: str) -> tuple[Link, ...]:
        """The question's outgoing links in the order they are tried: priority, then position,
        with `default` links last."""
        return self._links_from.get(question_id, ())


@dataclass(frozen=True, slots=True)
class Response:
    """What the learner gave: chosen labels (upper-cased on construction) or written text."""

    labels: frozenset[str] = frozenset()
    text: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "labels", frozenset(label.upper() for label in self.labels))


@dataclass(frozen=True, slots=True)
class Outcome:
    """The grade of one answer; `is_correct` is None when the question is not auto-graded."""

    is_correct: bool | None
    score: int


def grade(question: Question, response: Response) -> Outcome:
    """Grade a response, all-or-nothing: full points when correct, else 0.

    A single-answer question is correct when exactly one label is chosen and it is a correct
    choice; a multi-select question when the chosen set equals the set of correct choices.
    Free-text questions are not auto-graded: `is_correct` is None and the score is 0 (a person
    may grade them later). Never raises; call `check_response` first to reject bad input.
    """
    if not question.is_multiple_choice:
        return Outcome(is_correct=None, score=0)
    if question.multi_select:
        correct = bool(response.labels) and response.labels == question.correct_labels
    else:
        correct = len(response.labels) == 1 and response.labels <= question.correct_labels
    return Outcome(is_correct=correct, score=question.points if correct else 0)


def _options(labels: Iterable[str]) -> str:
    return ", ".join(sorted(labels)) or "none"


def check_response(question: Question, response: Response) -> None:
    """Accept a response that fits the question; raise InvalidAnswerError saying what is wrong."""
    if not question.is_multiple_choice:
        if response.labels:
            raise InvalidAnswerError("this question expects a written answer, not a choice")
        if response.text is None or not response.text.strip():
            raise InvalidAnswerError("the answer is empty; this question expects a written answer")
        return
    if response.text is not None:
        raise InvalidAnswerError("this question expects a choice, not a written answer")
    options = _options(question.labels)
    unknown = sorted(response.labels - question.labels)
    if len(unknown) == 1:
        raise InvalidAnswerError(
            f"choice '{unknown[0]}' is not an option of this question; options are {options}"
        )
    if unknown:
        names = ", ".join(f"'{label}'" for label in unknown)
        raise InvalidAnswerError(
            f"choices {names} are not options of this question; options are {options}"
        )
    if question.multi_select:
        if not response.labels:
            raise InvalidAnswerError(f"choose at least one option ({options})")
    elif len(response.labels) != 1:
        chosen = "none" if not response.labels else _options(response.labels)
        raise InvalidAnswerError(f"choose exactly one option ({options}); got {chosen}")
