"""Bodies of the document endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from quizflow.api.schemas.common import ReadModel, WriteModel


class DocumentRead(ReadModel):
    id: uuid.UUID
    owner_id: uuid.UUID
    filename: str
    media_type: str
    size_bytes: int
    sha256: str
    storage: Literal["inline", "object"]
    created_at: datetime


class DocumentContentRead(ReadModel):
    document: DocumentRead
    html: str
    text: str
    download_url: str | None = Field(
        description="For content kept in object storage: a time-limited URL to fetch it."
    )


class GoogleDocImport(WriteModel):
    reference: str = Field(
        min_length=1,
        max_length=4000,
        description="A Google Docs URL, a document id, or the text of a .gdoc file.",
    )


class ImportCommit(WriteModel):
    into: uuid.UUID | None = Field(
        default=None, description="Append to this scenario instead of creating a new one."
    )


class ExtractedChoiceRead(ReadModel):
    label: str
    body_html: str
    body_text: str
    is_correct: bool
    feedback: str | None
    source: str


class ExtractedQuestionRead(ReadModel):
    number: int
    prompt_html: str
    prompt_text: str
    choices: list[ExtractedChoiceRead]
    explanation: str | None
    is_multiple_choice: bool
    multi_select: bool
    source: str
    warnings: list[str]


class ExtractionWarningRead(ReadModel):
    message: str
    source: str


class ImportPreview(ReadModel):
    title: str | None
    context_html: str
    context_text: str
    questions: list[ExtractedQuestionRead]
    warnings: list[ExtractionWarningRead]
    orphans: list[str]


class TabPreview(ReadModel):
    source: str = Field(description='Where the tab is in the document: "tab 2".')
    tab_title: str | None
    scenario_title: str = Field(description="The title of the scenario this tab becomes.")
    makes_scenario: bool = Field(
        description="False for a tab without questions (a cover page): it makes no scenario."
    )
    preview: ImportPreview
