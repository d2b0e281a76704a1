"""What the exporters take: plain, frozen data with text already extracted from HTML.

The exporters never see the services' types: `quizflow.services.exports` turns a scenario
(draft or version) into an `ExportScenario` and an attempt's history into an `AttemptReport`,
so a layout change never touches the services and the exporters can be tested with hand-made
data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


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
