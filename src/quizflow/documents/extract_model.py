"""What extracting questions from a document produces (shown by the preview, saved by the
import)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ExtractedChoice:
    label: str
    body_html: str
    body_text: str
    is_correct: bool
    feedback: str | None
    source: str


@dataclass(frozen=True, slots=True)
class ExtractedQuestion:
    number: int
    prompt_html: str
    prompt_text: str
    choices: tuple[ExtractedChoice, ...]
    explanation: str | None
    is_multiple_choice: bool
    multi_select: bool
    source: str
    #: The messages of the warnings about this question (all are also in Extraction.warnings).
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ExtractionWarning:
    message: str
    source: str


@dataclass(frozen=True, slots=True)
class Extraction:
    title: str | None
    context_html: str
    context_text: str
    questions: tuple[ExtractedQuestion, ...]
    warnings: tuple[ExtractionWarning, ...]
    #: Sources of the blocks used nowhere.
    orphans: tuple[str, ...]
