"""Bodies of the question-bank endpoints (GIFT, Aiken, Moodle XML, QTI 3)."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import Field

from quizflow.api.schemas.common import ReadModel
from quizflow.api.schemas.scenarios import ScenarioRead

BankFormat = Literal["gift", "aiken", "moodle-xml", "qti3"]


class NoteRead(ReadModel):
    item: str = Field(description="The question or file it is about (its name, line or item).")
    message: str = Field(description="What was converted, skipped or not kept, and why.")


class PlannedChoiceRead(ReadModel):
    label: str
    body: str
    is_correct: bool
    feedback: str | None


class PlannedLinkRead(ReadModel):
    target: str | None = Field(description="The bank id of the next question; null ends.")
    condition: str


class PlannedQuestionRead(ReadModel):
    bank_id: str
    source: str
    prompt_html: str
    prompt_text: str
    kind: Literal["single", "multiple", "text"]
    points: int
    explanation: str | None
    choices: list[PlannedChoiceRead]
    links: list[PlannedLinkRead]


class PlannedScenarioRead(ReadModel):
    title: str
    context_html: str
    branching: bool
    questions: list[PlannedQuestionRead]


class BankPreviewRead(ReadModel):
    format: BankFormat
    question_count: int
    scenarios: list[PlannedScenarioRead]
    notes: list[NoteRead]


class BankImportRead(ReadModel):
    document_id: uuid.UUID = Field(description="The uploaded file, kept as a document.")
    scenarios: list[ScenarioRead]
    notes: list[NoteRead]


class ExportReportRead(ReadModel):
    filename: str
    notes: list[NoteRead] = Field(description="Per item, what the format could not keep.")
