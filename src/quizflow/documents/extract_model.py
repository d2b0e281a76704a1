"""What extracting questions from a document produces (shown by the preview, saved by the
import)."""

from __future__ import annotations

from dataclasses import dataclass

from quizflow.documents.source_map import SourceBlock, SourceRange


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
    #: The blocks the question was read from (its answer-key entry aside).
    source_range: SourceRange | None = None


@dataclass(frozen=True, slots=True)
class ExtractionWarning:
    message: str
    source: str
    #: The index of the block `source` names, when it names one.
    block: int | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    title: str | None
    context_html: str
    context_text: str
    questions: tuple[ExtractedQuestion, ...]
    warnings: tuple[ExtractionWarning, ...]
    #: Sources of the blocks used nowhere.
    orphans: tuple[str, ...]
    #: The document's blocks, for a preview beside the questions.
    source_blocks: tuple[SourceBlock, ...] = ()
    #: Indices of the blocks used nowhere (the blocks `orphans` names).
    unused_blocks: tuple[int, ...] = ()
    #: Tables none of whose rows is in a question or the context; images in unused blocks.
    unused_tables: int = 0
    unused_images: int = 0
