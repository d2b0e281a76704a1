"""What the exporters take: plain, frozen data with text already extracted from HTML.

The exporters never see the services' types: a scenario (draft or version) becomes an
`ExportScenario` and an attempt's history an `AttemptReport` through the two builders here, so
a layout change never touches the services and the exporters can be tested with hand-made data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from quizflow.documents.sanitize import html_to_text

if TYPE_CHECKING:
    from quizflow.services.answers import AnswerResult
    from quizflow.services.attempts import AttemptState
    from quizflow.services.content import ScenarioContent


@dataclass(frozen=True, slots=True)
class ExportChoice:
    label: str
    text: str
    is_correct: bool
    feedback: str | None = None


@dataclass(frozen=True, slots=True)
class ExportQuestion:
    """One question; `number` is its 1-based display number within its scenario."""

    number: int
    prompt_text: str
    choices: tuple[ExportChoice, ...] = ()
    explanation_text: str | None = None
    #: False for a free-text question (no choices).
    is_multiple_choice: bool = True
    #: True when every correct choice must be picked ("select all that apply").
    multi_select: bool = False
    points: int = 1

    @property
    def correct_labels(self) -> tuple[str, ...]:
        return tuple(choice.label for choice in self.choices if choice.is_correct)


@dataclass(frozen=True, slots=True)
class ExportScenario:
    title: str
    context_text: str
    questions: tuple[ExportQuestion, ...]
    #: The published version's number; None for the author's draft.
    version: int | None = None


@dataclass(frozen=True, slots=True)
class ExportBank:
    """Several scenarios exported as one document."""

    title: str
    scenarios: tuple[ExportScenario, ...]


@dataclass(frozen=True, slots=True)
class ReportChoice:
    """A choice the learner picked."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class AttemptItem:
    """One answer of an attempt, in the order it was given."""

    number: int
    prompt_text: str
    chosen: tuple[ReportChoice, ...]
    free_text: str | None
    #: None when the answer is not graded (free text).
    is_correct: bool | None
    score: int
    correct_labels: tuple[str, ...]
    explanation_text: str | None


@dataclass(frozen=True, slots=True)
class AttemptReport:
    learner: str
    scenario_title: str
    version: int
    attempt: int
    #: in_progress, completed or abandoned
    status: str
    score: int
    #: The most the graded questions on the path could have scored; None when unknown.
    max_score: int | None
    started_at: datetime
    completed_at: datetime | None
    items: tuple[AttemptItem, ...]
    #: Question numbers in the order the learner met them.
    path: tuple[int, ...]


def _text(fragment: str | None) -> str | None:
    if fragment is None:
        return None
    return html_to_text(fragment) or None


def scenario_for_export(content: ScenarioContent) -> ExportScenario:
    """A scenario's content (draft or version) as the exporters take it, questions numbered."""
    return ExportScenario(
        title=content.title,
        context_text=content.context_text,
        version=content.version_number,
        questions=tuple(
            ExportQuestion(
                number=number,
                prompt_text=question.prompt_text,
                choices=tuple(
                    ExportChoice(
                        label=choice.label,
                        text=html_to_text(choice.body),
                        is_correct=choice.is_correct,
                        feedback=_text(choice.feedback),
                    )
                    for choice in question.choices
                ),
                explanation_text=_text(question.explanation),
                is_multiple_choice=question.is_multiple_choice,
                multi_select=question.multi_select,
                points=question.points,
            )
            for number, question in enumerate(content.questions, start=1)
        ),
    )


def attempt_for_export(
    *,
    state: AttemptState,
    content: ScenarioContent,
    history: Sequence[AnswerResult],
    learner: str,
) -> AttemptReport:
    """An attempt's report from its state, the version it played and its answers in order."""
    items = []
    max_score = 0
    for answer in history:
        question = content.question(answer.question_id)
        if question.is_multiple_choice:  # free text is not auto-graded: worth 0 here
            max_score += question.points
        items.append(
            AttemptItem(
                number=answer.question_number,
                prompt_text=question.prompt_text,
                chosen=tuple(
                    ReportChoice(chosen.label, html_to_text(chosen.body))
                    for chosen in answer.chosen
                ),
                free_text=answer.text,
                is_correct=answer.is_correct,
                score=answer.score_awarded,
                correct_labels=answer.correct_labels,
                explanation_text=_text(answer.explanation),
            )
        )
    path = [item.number for item in items]
    if state.current_question is not None:
        # Where an unfinished attempt stands is part of the path it took.
        path.append(state.current_question.number)
    return AttemptReport(
        learner=learner,
        scenario_title=state.title,
        version=state.version,
        attempt=state.attempt,
        status=state.status,
        score=state.score,
        max_score=max_score,
        started_at=state.started_at,
        completed_at=state.completed_at,
        items=tuple(items),
        path=tuple(path),
    )
