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
    title: str | None = Field(
        default=None,
        min_length=1,
        max_length=300,
        description="The new scenario's title (default: the document's title, else its "
        "file name); not for `into`.",
    )


class ExtractedChoiceRead(ReadModel):
    label: str
    body_html: str
    body_text: str
    is_correct: bool
    feedback: str | None
    source: str


class SourceRangeRead(ReadModel):
    first: int = Field(description="The index of the first source block (inclusive).")
    last: int = Field(description="The index of the last source block (inclusive).")


class SourceBlockRead(ReadModel):
    index: int
    source: str = Field(description='Where it is, for people: "paragraph 12".')
    kind: Literal["heading", "paragraph", "list_item", "table_row"]
    html: str = Field(description="Sanitised HTML of the block alone (a table row as a table).")
    text: str


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
    source_range: SourceRangeRead | None = Field(
        description="The source blocks the question was read from (an answer key's entry "
        "for it aside)."
    )


class ExtractionWarningRead(ReadModel):
    message: str
    source: str
    block: int | None = Field(description="The index of the source block it concerns.")


class ImportPreview(ReadModel):
    title: str | None
    context_html: str
    context_text: str
    questions: list[ExtractedQuestionRead]
    warnings: list[ExtractionWarningRead]
    orphans: list[str]
    source_blocks: list[SourceBlockRead] = Field(
        description="The document's blocks in reading order (a tab's own, for a tab)."
    )
    unused_blocks: list[int] = Field(description="Indices of the blocks used nowhere.")
    unused_tables: int = Field(description="Tables none of whose rows is used.")
    unused_images: int = Field(description="Blocks with images that are used nowhere.")


class TabPreview(ReadModel):
    source: str = Field(description='Where the tab is in the document: "tab 2".')
    tab_title: str | None
    scenario_title: str = Field(description="The title of the scenario this tab becomes.")
    makes_scenario: bool = Field(
        description="False for a tab without questions (a cover page): it makes no scenario."
    )
    preview: ImportPreview
