"""What assembling one question needs everywhere: the choices as read, warnings, orphans and
the explanation being collected (`extract_question.QuestionAssembly` puts it together)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from quizflow.documents.extract_model import ExtractionWarning
from quizflow.documents.extract_reader import Draft, KeyEntry, Line
from quizflow.documents.html_cuts import (
    has_content,
    visible_text,
)
from quizflow.documents.model import Block
from quizflow.documents.render import blocks_to_html
from quizflow.documents.sanitize import sanitize_html


@dataclass(slots=True)
class Group:
    """A choice as read: its line, continuation lines, feedback lines."""

    line: Line
    extra: list[Line] = field(default_factory=list)
    feedback: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Choice:
    label: str
    alias: str | None
    html: str
    marked: bool
    #: The EMPHASES covering the whole choice or its typed label.
    emphasis: frozenset[str]
    feedback: str | None
    source: str


class QuestionBase:
    """One question from its draft and its answer-key entry: the state both halves share."""

    def __init__(self, draft: Draft, key: KeyEntry | None) -> None:
        self.draft = draft
        self.key = key
        self.warnings: list[ExtractionWarning] = []
        self.orphans: list[str] = []
        self._explanation: list[tuple[int, Block]] = []
        self._answers = [(i, line) for i, line in enumerate(draft.lines) if line.kind == "answer"]

    def warn(self, message: str, source: str) -> None:
        self.warnings.append(ExtractionWarning(f"question {self.draft.number}: {message}", source))

    def _explain(self, order: int, block: Block, html: str | None = None) -> None:
        if html is not None:
            block = replace(block, html=html)
        if block.kind == "heading":
            block = replace(block, kind="paragraph")
        if has_content(block.html) or block.cells:
            self._explanation.append((order, block))

    def _prompt(self, lines: list[tuple[int, Line]]) -> list[Line]:
        prompt = []
        for order, line in lines:
            if line.kind == "feedback":
                self._stray_feedback(order, line)
            else:
                prompt.append(line)
        return prompt

    def _stray_feedback(self, order: int, line: Line) -> None:
        self.warn(
            "a feedback line not right after a choice went to the explanation", line.block.source
        )
        self._explain(order, line.block)


def blocks_html(blocks: list[Block]) -> str:
    return sanitize_html(blocks_to_html(blocks)) if blocks else ""


def paragraph_block(html: str, source: str) -> Block:
    return Block(kind="paragraph", text=visible_text(html), html=html, source=source)


def label_list(choices: list[Choice], indices: set[int]) -> str:
    return ", ".join(choices[i].label for i in sorted(indices))
