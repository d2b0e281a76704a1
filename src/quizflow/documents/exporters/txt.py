"""Plain-text export, laid out so that a person (or our text importer) can read it back.

    Title
    =====
    Version 3

    The scenario's context.

    1. The prompt's first line
       and its next lines, indented under the text.
    A) A choice
    B) Another choice
       Feedback: what the author says to whoever picks it
    Answer: B
    Explanation: why B is right.

`Answer:`, `Explanation:` and `Feedback:` lines appear only with the answer key. Without it the
learner's sheet says instead which questions take several choices or a written answer (with the
key, `Answer: A, C` and a question without choices already say so, and a re-import stays
clean). A bank puts each scenario under its own title, numbered from 1.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator

from quizflow.documents.export_model import ExportBank, ExportQuestion, ExportScenario

#: Text is handed on in chunks of about this many characters.
CHUNK_CHARS = 16_384


def export_txt(document: ExportScenario | ExportBank, *, with_answers: bool) -> Iterator[str]:
    """The document as UTF-8 text in chunks, with or without the answer key. Never raises."""
    return _chunked(_lines(document, with_answers=with_answers))


def _chunked(lines: Iterable[str]) -> Iterator[str]:
    buffer: list[str] = []
    size = 0
    for line in lines:
        buffer.append(line)
        size += len(line)
        if size >= CHUNK_CHARS:
            yield "".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer)


def _lines(document: ExportScenario | ExportBank, *, with_answers: bool) -> Iterator[str]:
    if isinstance(document, ExportScenario):
        yield from _scenario(document, with_answers=with_answers, underline="=")
        return
    yield from _heading(document.title, "=")
    for scenario in document.scenarios:
        yield "\n"
        yield from _scenario(scenario, with_answers=with_answers, underline="-")


def _heading(title: str, underline: str) -> Iterator[str]:
    title = " ".join(title.split()) or "Untitled"
    # As wide as the title on screen: CJK characters take two columns.
    width = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in title)
    yield f"{title}\n{underline * width}\n"


def _scenario(scenario: ExportScenario, *, with_answers: bool, underline: str) -> Iterator[str]:
    yield from _heading(scenario.title, underline)
    if scenario.version is not None:
        yield f"Version {scenario.version}\n"
    if scenario.context_text.strip():
        yield "\n" + scenario.context_text.strip() + "\n"
    for question in scenario.questions:
        yield "\n"
        yield from _question(question, with_answers=with_answers)


def _question(question: ExportQuestion, *, with_answers: bool) -> Iterator[str]:
    yield _item(f"{question.number}. ", question.prompt_text)
    if not with_answers:
        if not question.is_multiple_choice:
            yield _item(" " * len(f"{question.number}. "), "(Answer in your own words.)")
        elif question.multi_select:
            yield _item(" " * len(f"{question.number}. "), "(Select all that apply.)")
    for choice in question.choices:
        prefix = f"{choice.label}) "
        yield _item(prefix, choice.text)
        if with_answers and choice.feedback:
            yield _item(" " * len(prefix) + "Feedback: ", choice.feedback)
    if with_answers:
        if question.correct_labels:
            yield f"Answer: {', '.join(question.correct_labels)}\n"
        if question.explanation_text:
            yield _item("Explanation: ", question.explanation_text)


def _item(prefix: str, text: str) -> str:
    """`prefix` then the text, its further lines indented under the text."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()] or [""]
    indent = " " * len(prefix)
    return prefix + lines[0] + "\n" + "".join(f"{indent}{line}\n" for line in lines[1:])
