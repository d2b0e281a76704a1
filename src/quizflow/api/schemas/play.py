"""Bodies of the playing endpoints.

`QuestionForLearner` is the only shape in which a learner sees a question before answering
it: it has no field for correctness, feedback, explanations or link conditions.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from quizflow.api.schemas.common import ReadModel, WriteModel


class ChoiceForLearner(ReadModel):
    label: str
    body: str


class QuestionForLearner(ReadModel):
    id: uuid.UUID
    number: int
    total: int
    prompt_html: str
    prompt_text: str
    is_multiple_choice: bool
    multi_select: bool
    points: int
    choices: list[ChoiceForLearner]


class CatalogClass(ReadModel):
    class_id: uuid.UUID
    class_title: str
    open_at: datetime | None
    due_at: datetime | None
    is_open: bool


class CatalogEntry(ReadModel):
    id: uuid.UUID
    title: str
    context_html: str
    context_text: str
    latest_version: int | None
    question_count: int
    classes: list[CatalogClass] = Field(
        default_factory=list, description="Your classes it is assigned to, with their dates"
    )
    can_start: bool = Field(
        default=True, description="False until one of its assignments to your classes opens"
    )


class CatalogGroup(ReadModel):
    class_id: uuid.UUID | None = Field(description="Null: not assigned to any of your classes")
    class_title: str | None
    entries: list[CatalogEntry]


class AttemptStart(WriteModel):
    scenario_id: uuid.UUID
    restart: bool = Field(
        default=False, description="Abandon the attempt in progress and start a new one."
    )


class AttemptRead(ReadModel):
    id: uuid.UUID
    scenario_id: uuid.UUID
    version: int
    title: str
    context_html: str
    context_text: str
    attempt: int
    status: Literal["in_progress", "completed", "abandoned"]
    score: int
    started_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    current_question: QuestionForLearner | None


class AnswerCreate(WriteModel):
    question_id: uuid.UUID
    choices: list[str] = Field(
        default_factory=list, max_length=26, description='Chosen labels, e.g. ["B"]'
    )
    text: str | None = Field(default=None, max_length=20_000, description="Free-text answer")


class ChosenRead(ReadModel):
    label: str
    body: str
    is_correct: bool
    feedback: str | None


class AnswerResultRead(ReadModel):
    answer_id: uuid.UUID
    attempt_id: uuid.UUID
    question_id: uuid.UUID
    question_number: int
    is_correct: bool | None
    score_awarded: int
    total_score: int
    chosen: list[ChosenRead]
    correct_labels: list[str]
    text: str | None
    explanation: str | None
    next_question: QuestionForLearner | None
    completed: bool
    created_at: datetime
    replayed: bool
