"""Where each extracted item came from, by block: the document's blocks as the preview shows
them beside the questions they became.

Sources are the importers' strings ("paragraph 12", "table 2, row 3"); the reader derives some
of its own from them ("table 2, row 3, cell 1" for a question table's cell), so a source is
looked up as is, then without its trailing parts. One dictionary built once per document keeps
this linear in the document's size (a 10,000-question bank is a few tens of thousands of
blocks).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quizflow.documents.model import Block, BlockKind


@dataclass(frozen=True, slots=True)
class SourceBlock:
    """One block of the document, shown on the left of the side-by-side preview."""

    index: int
    source: str
    kind: BlockKind
    #: Sanitised HTML of the block alone: inline content (a list item led by its label), or
    #: a one-row table for a table row.
    html: str
    text: str


@dataclass(frozen=True, slots=True)
class SourceRange:
    """The first and last block (inclusive, by index) a question was read from."""

    first: int
    last: int


def source_blocks(blocks: Sequence[Block]) -> tuple[SourceBlock, ...]:
    return tuple(
        SourceBlock(index, block.source, block.kind, _block_html(block), block.text)
        for index, block in enumerate(blocks)
    )


def _block_html(block: Block) -> str:
    if block.kind == "table_row":
        shown = block.cell_html or tuple(html.escape(cell) for cell in block.cells)
        cells = "".join(f"<td>{cell}</td>" for cell in shown)
        return f"<table><tbody><tr>{cells}</tr></tbody></table>"
    if block.kind == "list_item":
        label = block.list_label or ("•" if block.list_kind == "bulleted" else "")
        return f"{html.escape(label)} {block.html}" if label else block.html
    return block.html


class SourceIndex:
    """Block indices by source string."""

    def __init__(self, blocks: Sequence[Block]) -> None:
        self._index: dict[str, int] = {}
        for index, block in enumerate(blocks):
            self._index.setdefault(block.source, index)

    def find(self, source: str) -> int | None:
        """The index of the block `source` names (or a block it was derived from), if any."""
        while True:
            found = self._index.get(source)
            if found is not None or ", " not in source:
                return found
            source = source.rsplit(", ", 1)[0]

    def span(self, sources: Iterable[str]) -> SourceRange | None:
        """The range covering every block found among `sources`; None when none is."""
        found = [i for i in map(self.find, sources) if i is not None]
        return SourceRange(min(found), max(found)) if found else None
