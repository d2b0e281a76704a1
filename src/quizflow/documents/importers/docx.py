"""Word (.docx) documents to blocks, with python-docx as the parser of record.

python-docx alone or mammoth for the HTML? Both were run on tests/fixtures/documents/
libreoffice-quiz.docx and word-numbering.docx (python-docx 1.2, mammoth 1.13):
- mammoth got right: headings, bold/italic/strike/sub/sup, w:hyperlink and HYPERLINK field
  links, tracked insertions, tables, nested <ol>/<ul> from numPr levels, line breaks.
- mammoth got wrong for us: every list label is lost ("a)", "(A)", "i." and a list starting at
  3 all become a plain <ol> from 1); Word's per-question lettered choices (other numIds at the
  same level) merge with the questions into one flat 1-7 list; underline is dropped by design;
  the Title style becomes a <p>; images come out as data: URIs our sanitiser refuses; no
  all_bold, no paragraph source.
- python-docx (below) computes the labels from numbering.xml, keeps body order with tables,
  and gives per-run formatting through character styles. So python-docx alone; mammoth is not
  a dependency.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import docx
from docx.document import Document as WordDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.parts.coreprops import CorePropertiesPart
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree  # type: ignore[import-untyped]

from quizflow.documents.importers.docx_inline import TRANSPARENT, InlineConverter, style_chain
from quizflow.documents.importers.docx_numbering import WordNumbering
from quizflow.documents.importers.limits import require_text
from quizflow.documents.model import Block, NormalizedDocument, Notice
from quizflow.documents.sanitize import html_to_text, sanitize_html
from quizflow.errors import InvalidDocumentError

_HEADING = re.compile(r"^Heading ([1-9])$")


def docx_to_document(data: bytes, *, filename: str) -> NormalizedDocument:
    """The blocks of a .docx already checked by `limits.open_checked_zip`.

    Raises InvalidDocumentError when the package or its XML is damaged, or it has no text.
    """
    try:
        word = docx.Document(io.BytesIO(data))
        _cache_style_lookups(word)
        converter = _Converter(word)
        blocks = tuple(converter.blocks())
    except (
        # What python-docx raises on parts that are missing, of the wrong type or malformed.
        PackageNotFoundError, KeyError, ValueError, TypeError, AttributeError, IndexError,
        etree.LxmlError, zipfile.BadZipFile,
    ) as exc:  # fmt: skip
        raise InvalidDocumentError(
            f"{filename} is a damaged Word document and cannot be read ({exc})"
        ) from exc
    title = _core_title(word) or converter.title
    document = NormalizedDocument(
        title=title or None,
        blocks=blocks,
        images=converter.inline.images,
        notices=tuple(converter.notices),
    )
    require_text(document, filename=filename)
    return document


def _cache_style_lookups(word: WordDocument) -> None:
    """Memoise style look-ups for this document.

    python-docx resolves `paragraph.style` / `run.style` by scanning every style in the file
    on each call (`Styles.default()`), which made importing 1,000 questions take 35 s; the
    styles of one document do not change while we read it.
    """
    part = word.part
    lookup = part.get_style
    cache: dict[tuple[object, object], Any] = {}

    def get_style(style_id: object, style_type: object) -> Any:
        key = (style_id, style_type)
        if key not in cache:
            cache[key] = lookup(style_id, style_type)  # type: ignore[arg-type]
        return cache[key]

    part.get_style = get_style  # type: ignore[method-assign]


def _core_title(word: WordDocument) -> str | None:
    # Not `word.core_properties`: LibreOffice spells the relationship type ".../officedocument/
    # ..." (lower-case d), which python-docx misses and then answers "Word Document".
    for rel in word.part.package.rels.values():
        if not rel.is_external and rel.reltype.lower().endswith("/metadata/core-properties"):
            part = rel.target_part
            if isinstance(part, CorePropertiesPart):
                return (part.core_properties.title or "").strip() or None
    return None


class _Converter:
    def __init__(self, word: WordDocument) -> None:
        self.word = word
        self.numbering = WordNumbering(word)
        self.inline = InlineConverter(word)
        self.title: str | None = None
        self.notices: list[Notice] = []
        self._paragraphs = 0
        self._tables = 0

    def blocks(self) -> Iterator[Block]:
        previous: Block | None = None
        for block in self._children(self.word.element.body):
            if block is None:
                if previous is not None and previous.kind != "table_row":
                    previous = replace(previous, after_gap=True)
                continue
            if previous is not None:
                yield previous
            previous = block
        if previous is not None:
            yield previous

    def _children(self, parent: Any) -> Iterator[Block | None]:
        """The blocks in body order, None for each empty paragraph (a gap)."""
        for child in parent.iterchildren():
            if child.tag == qn("w:p"):
                self._paragraphs += 1
                yield self._paragraph(child, f"paragraph {self._paragraphs}")
            elif child.tag == qn("w:tbl"):
                self._tables += 1
                yield from self._table(child, f"table {self._tables}")
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from self._children(content)
            elif child.tag in TRANSPARENT:
                yield from self._children(child)

    def _paragraph(self, p: Any, source: str) -> Block | None:
        paragraph = Paragraph(p, self.word)
        fragment, all_bold = self._convert(paragraph, source)
        # Word shows a number even on an empty list paragraph: count it before skipping it.
        numbered = self.numbering.list_item(paragraph)
        text = _fold(html_to_text(fragment))
        if not text and "<img" not in fragment:
            return None
        style_name = _style_name(paragraph)
        heading = _HEADING.match(style_name)
        if heading or style_name == "Title":
            if style_name == "Title" and self.title is None:
                self.title = text
            level = min(int(heading.group(1)), 6) if heading else 1
            return Block("heading", text, fragment, source, level=level, all_bold=all_bold)
        if numbered is not None:
            kind, label, ilvl = numbered
            return Block(
                "list_item", text, fragment, source, level=ilvl, list_kind=kind,
                list_label=label, all_bold=all_bold,
            )  # fmt: skip
        return Block("paragraph", text, fragment, source, all_bold=all_bold)

    def _convert(self, paragraph: Paragraph, source: str) -> tuple[str, bool]:
        before = self.inline.ole_equations
        converted = self.inline.convert(paragraph)
        if self.inline.ole_equations > before:
            self.notices.append(
                Notice(
                    "an embedded equation object (MathType or Equation Editor) can only be "
                    "shown as its picture; retype it with Word's equation tool (Insert > "
                    "Equation) to keep it as text",
                    source,
                )
            )
        return converted

    def _table(self, tbl: Any, source: str) -> Iterator[Block]:
        for number, tr in enumerate(tbl.findall(qn("w:tr")), start=1):
            htmls: list[str] = []
            for tc in tr.findall(qn("w:tc")):
                parts = []
                for p in tc.iter(qn("w:p")):
                    paragraph = Paragraph(p, self.word)
                    fragment, _ = self._convert(paragraph, f"{source}, row {number}")
                    shown = self.numbering.list_item(paragraph)
                    if fragment and shown is not None and shown[1]:
                        fragment = f"{html.escape(shown[1])} {fragment}"
                    if fragment:
                        parts.append(fragment)
                htmls.append(sanitize_html("<br>".join(parts)))
            cells = tuple(_fold(html_to_text(cell)) for cell in htmls)
            if any(cells) or any("<img" in cell for cell in htmls):
                row_html = " | ".join(htmls)
                yield Block(
                    "table_row", " | ".join(cells), row_html, f"{source}, row {number}",
                    cells=cells, cell_html=tuple(htmls),
                )  # fmt: skip


def _fold(text: str) -> str:
    return " ".join(text.split())


def _style_name(paragraph: Paragraph) -> str:
    names = [style.name or "" for style in style_chain(paragraph.style)]
    # A custom style based on "Heading 2" is still a heading.
    return next((n for n in names if _HEADING.match(n) or n == "Title"), names[0] if names else "")
