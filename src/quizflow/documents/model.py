"""The one normalised form every importer produces and the question extractor reads.

A document is a sequence of blocks in reading order. Each block keeps its sanitised inline
HTML (bold, italics, links, images…), its plain text, what kind of block it is, and where it
came from in the source (`source`), so a preview can point at the paragraph an item came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list_item", "table_row"]
ListKind = Literal["numbered", "bulleted"]


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    #: Plain text, whitespace folded; for a list item, without its number or bullet.
    text: str
    #: Sanitised inline HTML of the content (no wrapping <p>/<li>), same content as `text`.
    html: str
    #: Where it came from, for people: "paragraph 12", "table 2, row 3", "line 7".
    source: str
    #: Heading level (1-6) or list nesting depth (0 = top level); 0 otherwise.
    level: int = 0
    list_kind: ListKind | None = None
    #: The number or letter the source displays for this list item ("3.", "b)"), when known:
    #: Word's automatic numbering is rendered from numbering.xml, not present in the text.
    list_label: str | None = None
    #: True when every character of the text is bold (a common way to mark a correct choice).
    all_bold: bool = False
    #: For a table row: the plain text of each cell.
    cells: tuple[str, ...] = ()
    #: For a table row: the sanitised inline HTML of each cell (its formatting, images).
    cell_html: tuple[str, ...] = ()
    #: An empty paragraph follows it: authors leave a blank line between choices of two
    #: paragraphs each, or between questions.
    after_gap: bool = False


@dataclass(frozen=True, slots=True)
class ImageRef:
    """An image found in the document; its bytes are stored as an object by the importer's
    caller under `key` = `storage.content_key(data, extension=…)` (objects/ab/<sha256>.<ext>),
    which is also the `src` the blocks' HTML uses."""

    key: str
    media_type: str
    data: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the importer could not carry over faithfully (an embedded MathType
    equation, shown only as its picture), for the preview's warnings."""

    message: str
    source: str


@dataclass(frozen=True, slots=True)
class Section:
    """A part of the document its author made separate (a Google Docs tab or child tab):
    the blocks and notices it holds, by position, without the heading the importer adds."""

    title: str | None
    #: Where it is, for people: "tab 2".
    source: str
    blocks: range
    notices: range


@dataclass(frozen=True, slots=True)
class NormalizedDocument:
    title: str | None
    blocks: tuple[Block, ...]
    images: tuple[ImageRef, ...] = ()
    notices: tuple[Notice, ...] = ()
    #: The tabs, in reading order (child tabs after their parent); empty when the source has none.
    sections: tuple[Section, ...] = ()

    def section(self, section: Section, *, title: str | None) -> NormalizedDocument:
        """The part of the document one section holds, as a document of its own."""
        return NormalizedDocument(
            title=title,
            blocks=self.blocks[section.blocks.start : section.blocks.stop],
            images=self.images,
            notices=self.notices[section.notices.start : section.notices.stop],
        )

    @property
    def text(self) -> str:
        """The whole document as plain text, one block per line."""
        return "\n".join(block.text for block in self.blocks if block.text)

    @property
    def html(self) -> str:
        """The whole document as sanitised HTML for a WYSIWYG editor."""
        from quizflow.documents.render import blocks_to_html

        return blocks_to_html(self.blocks)
