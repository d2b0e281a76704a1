"""Bodies of the results endpoints: learners' attempts and one attempt's path."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from quizflow.api.schemas.common import ReadModel


class LearnerRead(ReadModel):
    id: uuid.UUID
    email: str
    name: str


class AttemptResultRead(ReadModel):
    attempt_id: uuid.UUID
    scenario_id: uuid.UUID = Field(description="The scenario played (a class's list mixes them)")
    learner: LearnerRead
    version: int = Field(description="The published version's number")
    version_id: uuid.UUID
    status: Literal["in_progress", "completed", "abandoned"]
    score: int
    max_score: int = Field(description="The version's auto-graded questions' points")
    started_at: datetime
    finished_at: datetime | None = Field(description="Completed or abandoned at; null if open")
    time_taken_s: float | None = Field(description="finished_at − started_at, in seconds")
    answer_count: int
    class_ids: list[uuid.UUID] = Field(
        description="Your classes that hold both this learner and this scenario"
    )


class AttemptResultPage(ReadModel):
    total: int = Field(description="Attempts matching the filters, over all pages")
    items: list[AttemptResultRead]


class StepChoiceRead(ReadModel):
    id: uuid.UUID
    label: str
    body_text: str


class StepRead(ReadModel):
    position: int = Field(description="1..n, the order the answers were given")
    question_id: uuid.UUID
    question_position: int = Field(description="The question's display number (Q1…)")
    prompt_text: str
    answered_at: datetime
    seconds: float = Field(
        description="Time on the question: since the previous answer or the attempt's start"
    )
    choices: list[StepChoiceRead]
    free_text: str | None
    is_correct: bool | None
    score: int
    score_after: int
    link_id: uuid.UUID | None
    link_condition: str | None
    next_question_id: uuid.UUID | None = Field(description="Where the answer led; null: the end")


class AttemptResultDetail(AttemptResultRead):
    scenario_title: str
    path: list[StepRead]
