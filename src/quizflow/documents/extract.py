"""Questions out of a normalised document, the way course authors write them in Word or Docs.

Questions are numbered ("1.", "1)", "Q1:", "Question 1", Word's numbered list), are headings
followed by choices, or are "…?" paragraphs followed by lettered choices; a prompt runs until
the first choice. Choices are labelled paragraphs ("A)", "a.", "(A)", "A:"), a list after the
prompt (labelled by its letters, else A, B, C…) or typed "- " bullets, each optionally followed
by a "Feedback:" line; lines joined by Shift+Enter and choices written on the prompt's line
after "?" are split first. The correct ones are given by an "Answer: B" line, by bold, by a ✓
or `*` on the choice, or by an answer key (a list "1. B" or a table "number | answer |
explanation"); the key wins over an answer line, which wins over marks, with a warning when
they disagree. "Explanation:" lines (and what follows, up to the next question) become the
explanation; what comes before the first question is the context, its leading heading the
title.

Nothing is dropped silently: every oddity is a warning naming its source, and every block that
ended up nowhere is listed in `orphans`.
"""

from __future__ import annotations

from dataclasses import replace

from quizflow.documents.extract_base import blocks_html
from quizflow.documents.extract_model import (
    ExtractedChoice,
    ExtractedQuestion,
    Extraction,
    ExtractionWarning,
)
from quizflow.documents.extract_patterns import (
    BARE_NUMBER,
)
from quizflow.documents.extract_question import QuestionAssembly
from quizflow.documents.extract_reader import Draft, KeyEntry, Reader
from quizflow.documents.html_cuts import (
    visible_text,
)
from quizflow.documents.model import Block, NormalizedDocument
from quizflow.documents.sanitize import html_to_text
from quizflow.documents.source_map import SourceIndex, source_blocks

__all__ = [
    "ExtractedChoice",
    "ExtractedQuestion",
    "Extraction",
    "ExtractionWarning",
    "extract_questions",
]


def extract_questions(document: NormalizedDocument) -> Extraction:
    """The title, context and questions of a document, with a warning for each oddity and the
    sources of unused blocks; raises nothing, whatever the blocks."""
    reader = Reader(document.blocks).read()
    if not reader.drafts:
        reader = Reader(document.blocks, eager=True).read()
    where = SourceIndex(document.blocks)
    extraction = _assemble(document, reader, where)
    if len(reader.drafts) <= 1:
        # No numbers, prefixes or lists to go by: bold or "…?" stems, unlabelled choices;
        # taken only when it makes more answerable questions.
        loose = _assemble(document, Reader(document.blocks, loose=True).read(), where)
        if _answerable(loose) > _answerable(extraction):
            extraction = loose
    return replace(extraction, source_blocks=source_blocks(document.blocks))


def _answerable(extraction: Extraction) -> int:
    return sum(
        len(q.choices) >= 2 and any(c.is_correct for c in q.choices) for q in extraction.questions
    )


def _assemble(document: NormalizedDocument, reader: Reader, where: SourceIndex) -> Extraction:
    warnings = [ExtractionWarning(message, source) for message, source in reader.key_problems]
    warnings += [ExtractionWarning(n.message, n.source) for n in document.notices]
    if reader.drafts and reader.drafts[0].number > 1 and any(map(_is_numbered, reader.context)):
        warnings.append(
            ExtractionWarning(
                f"the first question found is number {reader.drafts[0].number}; the numbered "
                "lines before it were kept as the introduction",
                reader.drafts[0].start.source,
            )
        )
    orphans = list(reader.orphans)
    keyed = _match_key(reader.drafts, reader.key, warnings, orphans)
    questions = []
    seen_numbers: set[int] = set()
    for index, draft in enumerate(reader.drafts):
        assembly = QuestionAssembly(draft, keyed.get(index))
        if index and draft.number == 1 and reader.drafts[index - 1].number > 1:
            seen_numbers = set()  # a section whose numbering starts again
        if draft.number in seen_numbers:
            assembly.warn(f"another question is also numbered {draft.number}", draft.start.source)
        seen_numbers.add(draft.number)
        sources = (draft.start.source, *(line.block.source for line in draft.lines))
        questions.append(replace(assembly.build(), source_range=where.span(sources)))
        warnings.extend(assembly.warnings)
        orphans.extend(assembly.orphans)
    tables, images = _unused_tables_and_images(reader.blocks, set(orphans))
    warnings.extend(tables + images)
    order = {block.source: index for index, block in reversed(list(enumerate(reader.blocks)))}
    context_html = blocks_html(reader.context)
    unused = tuple(sorted(dict.fromkeys(orphans), key=lambda s: order.get(s, len(order))))
    return Extraction(
        title=reader.title or document.title,
        context_html=context_html,
        context_text=html_to_text(context_html),
        questions=tuple(questions),
        warnings=tuple(
            replace(w, block=where.find(w.source))
            for w in sorted(warnings, key=lambda w: order.get(w.source, len(order)))
        ),
        orphans=unused,
        unused_blocks=tuple(dict.fromkeys(i for i in map(where.find, unused) if i is not None)),
        unused_tables=len(tables),
        unused_images=len(images),
    )


def _unused_tables_and_images(
    blocks: list[Block], orphans: set[str]
) -> tuple[list[ExtractionWarning], list[ExtractionWarning]]:
    """A warning for each table none of whose rows went into a question or the introduction,
    and for each block with images or equations used nowhere: what an author would miss most."""
    rows: dict[str, list[Block]] = {}
    for block in blocks:
        if block.kind == "table_row" or ", row " in block.source:
            rows.setdefault(block.source.split(", row ", 1)[0], []).append(block)
    tables = []
    for table, members in rows.items():
        if members and all(block.source in orphans for block in members):
            tables.append(
                ExtractionWarning(
                    f"{table} ({len(members)} row(s)) is in no question", members[0].source
                )
            )
    images = []
    for block in blocks:
        if block.source in orphans and "<img" in block.html:
            count = block.html.count("<img")
            what = "an image is" if count == 1 else f"{count} images are"
            images.append(ExtractionWarning(f"{what} in no question", block.source))
    return tables, images


def _is_numbered(block: Block) -> bool:
    if block.kind == "list_item":
        return block.list_kind == "numbered"
    return block.kind == "paragraph" and BARE_NUMBER.match(visible_text(block.html)) is not None


def _match_key(
    drafts: list[Draft],
    entries: list[KeyEntry],
    warnings: list[ExtractionWarning],
    orphans: list[str],
) -> dict[int, KeyEntry]:
    """The answer-key entry of each question (by index), the first one for a repeated number."""
    by_number: dict[int, int] = {}
    for index, draft in enumerate(drafts):
        by_number.setdefault(draft.number, index)
    keyed: dict[int, KeyEntry] = {}
    for entry in entries:
        found = by_number.get(entry.number)
        if found is None:
            message = (
                f"the answer key gives an answer for question {entry.number}, which does not exist"
            )
        elif found in keyed:
            message = f"the answer key gives question {entry.number} twice; the first is used"
        else:
            keyed[found] = entry
            continue
        warnings.append(ExtractionWarning(message, entry.source))
        orphans.append(entry.source)
    return keyed
