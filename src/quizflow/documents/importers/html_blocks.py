"""HTML to blocks: a small tree walk over the stdlib HTMLParser.

Headings, paragraphs, ol/ul/li nesting (labels computed from type/start/value, or the
Markdown delimiter), tables (one block per row), inline formatting. Each block's inline HTML
is rebuilt from the source, then passed through `sanitize_html`; the content of scripts, styles,
iframes… is never collected. A `data:` image becomes an ImageRef stored with the document.
"""

from __future__ import annotations

import base64
import binascii
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from quizflow.documents.importers.limits import require_text
from quizflow.documents.importers.lists import format_number
from quizflow.documents.model import Block, BlockKind, ImageRef, ListKind, NormalizedDocument
from quizflow.documents.sanitize import DROPPED_WITH_CONTENT, html_to_text, sanitize_html
from quizflow.storage.base import content_key

_DATA_IMAGE = re.compile(r"^data:(image/(?:png|jpeg|gif|webp));base64,([A-Za-z0-9+/=\s]+)$")
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|bolder|[6-9]00)", re.IGNORECASE)
_OL_TYPES = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman",
             "I": "upperRoman"}  # fmt: skip
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
# Tags that end a paragraph (their content is a block of its own).
_BLOCK_TAGS = frozenset({
    "p", "div", "blockquote", "section", "article", "header", "footer", "main", "aside", "nav",
    "figure", "figcaption", "address", "pre", "dl", "dt", "dd", "hr", "form", "fieldset",
    "body", "html", "center", "details", "summary",
})  # fmt: skip
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr"})  # fmt: skip
# Elements whose content is dropped; a void one (<embed>) has no content to skip.
_SKIPPED = (
    DROPPED_WITH_CONTENT | {"template", "svg", "math", "select", "textarea", "button"}
) - _VOID


def html_document(markup: str, *, filename: str) -> NormalizedDocument:
    builder = _BlockBuilder()
    builder.feed(markup)
    builder.close()
    builder.flush()
    headings = (b.text for b in builder.blocks if b.kind == "heading" and b.level == 1)
    title = " ".join(builder.title.split()) or next(headings, None)
    document = NormalizedDocument(title, tuple(builder.blocks), tuple(builder.images.values()))
    require_text(document, filename=filename)
    return document


@dataclass
class _List:
    kind: ListKind
    style: str = "decimal"
    delimiter: str = "."
    number: int = 0


@dataclass
class _Open:
    kind: BlockKind
    source: str
    level: int = 0
    list_kind: ListKind | None = None
    list_label: str | None = None
    parts: list[str] = field(default_factory=list)
    bold: list[bool] = field(default_factory=list)  # per visible text piece: bold or not


class _BlockBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.images: dict[str, ImageRef] = {}
        self.title = ""
        self._open: _Open | None = None
        self._lists: list[_List] = []
        self._inline: list[tuple[str, str, bool]] = []  # open inline tags: tag, close, bold
        self._skip = 0
        self._in_title = False
        self._tables = 0
        self._rows = 0
        self._table_depth = 0
        self._cells: list[list[str]] | None = None
        self._next_source: str | None = None  # where the next implicit paragraph starts

    def _source(self, attrs: dict[str, str | None]) -> str:
        line = attrs.get("data-line")
        return f"line {line}" if line and line.isdigit() else f"line {self.getpos()[0]}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "title" and not self._skip:
            self._in_title = True
            return
        if self._skip or tag in _SKIPPED or tag in DROPPED_WITH_CONTENT:
            self._skip += tag in _SKIPPED
            return
        if tag == "table":
            self._table_depth += 1
            if self._table_depth == 1:
                self.flush()
                self._tables, self._rows = self._tables + 1, 0
        elif self._table_depth > 1 and tag in {"tr", "td", "th"}:
            self._emit(" ")  # a nested table: its text joins the outer cell
        elif tag == "tr":
            self.flush()
            self._rows += 1
            self._cells = []
            self._open = _Open("table_row", f"table {self._tables}, row {self._rows}")
        elif tag in {"td", "th"} and self._cells is not None:
            self._cells.append([])
        elif self._cells is not None and (tag in _BLOCK_TAGS or tag in _HEADINGS or tag == "li"):
            self._emit("<br>")
        elif tag in _HEADINGS:
            self.flush()
            self._open = _Open("heading", self._source(named), level=_HEADINGS[tag])
        elif tag in {"ol", "ul"}:
            self.flush()
            kind: ListKind = "numbered" if tag == "ol" else "bulleted"
            start = named.get("start") or "1"
            style = _OL_TYPES.get(named.get("type") or "1", "decimal")
            before_first = int(start) - 1 if start.lstrip("-").isdigit() else 0
            delimiter = named.get("data-delimiter") or "."
            self._lists.append(_List(kind, style, delimiter, before_first))
        elif tag == "li":
            self._list_item(named)
        elif tag in _BLOCK_TAGS:
            if self._open is not None and self._open.kind == "list_item" and tag == "p":
                if self._open.parts:
                    self._emit("<br>")  # a loose list item's second paragraph
            else:
                self.flush()
                self._next_source = self._source(named)
        elif tag == "br":
            self._emit("<br>")
        elif tag == "img":
            self._image(named)
        else:
            self._open_inline(tag, attrs, named)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in {"br", "img", "hr"}:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif self._skip:
            self._skip -= tag in _SKIPPED
        elif tag == "table":
            self._table_depth = max(0, self._table_depth - 1)
        elif self._table_depth > 1:
            return
        elif tag == "tr":
            self.flush()
        elif tag in {"ol", "ul"}:
            self.flush()
            if self._lists:
                self._lists.pop()
        elif self._cells is None and (tag in _HEADINGS or tag == "li" or tag in _BLOCK_TAGS):
            if not (self._open is not None and self._open.kind == "list_item" and tag == "p"):
                self.flush()
        elif self._inline and self._inline[-1][0] == tag:
            self._emit(self._inline.pop()[1])

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if self._skip:
            return
        if not data.strip() and (self._open is None or not self._open.parts):
            return
        if data.strip():
            self._current().bold.append(any(bold for _, _, bold in self._inline))
        self._emit(html.escape(re.sub(r"\s+", " ", data), quote=False))

    def _current(self) -> _Open:
        if self._open is None:
            source = self._next_source or f"line {self.getpos()[0]}"
            self._open, self._next_source = _Open("paragraph", source), None
        return self._open

    def _emit(self, fragment: str) -> None:
        if self._cells:
            self._cells[-1].append(fragment)
        elif self._open is not None or fragment.strip():
            self._current().parts.append(fragment)

    def _open_inline(
        self, tag: str, attrs: list[tuple[str, str | None]], named: dict[str, Any]
    ) -> None:
        bold_style = tag == "span" and bool(_BOLD_STYLE.search(named.get("style") or ""))
        if bold_style:
            self._inline.append((tag, "</strong>", True))
            self._emit("<strong>")
            return
        shown = "".join(f' {name}="{html.escape(value or "")}"' for name, value in attrs)
        self._inline.append((tag, f"</{tag}>", tag in {"strong", "b"}))
        self._emit(f"<{tag}{shown}>")

    def _list_item(self, named: dict[str, str | None]) -> None:
        self.flush()
        if not self._lists:
            self._lists.append(_List("bulleted"))
        current = self._lists[-1]
        value = named.get("value") or ""
        current.number = int(value) if value.isdigit() else current.number + 1
        label = None
        if current.kind == "numbered":
            label = format_number(current.number, current.style) + current.delimiter
        self._open = _Open("list_item", self._source(named), level=len(self._lists) - 1,
                           list_kind=current.kind, list_label=label)  # fmt: skip

    def _image(self, named: dict[str, str | None]) -> None:
        source = (named.get("src") or "").strip()
        inline = _DATA_IMAGE.match(source)
        if inline:
            try:
                blob = base64.b64decode(inline.group(2), validate=False)
            except (binascii.Error, ValueError):
                blob = b""
            extension = inline.group(1).split("/")[1].replace("jpeg", "jpg")
            source = content_key(blob, extension=extension) if blob else ""
            if blob:
                self.images.setdefault(source, ImageRef(source, inline.group(1), blob))
        alt = html.escape(named.get("alt") or "")
        self._emit(f'<img src="{html.escape(source)}" alt="{alt}">')

    def flush(self) -> None:
        """Close the block being collected, if it has any content."""
        block, self._open = self._open, None
        if block is None:
            return
        while self._inline:
            block.parts.append(self._inline.pop()[1])
        if block.kind == "table_row":
            htmls = [sanitize_html("".join(cell)) for cell in self._cells or []]
            self._cells = None
            cells = tuple(" ".join(html_to_text(cell).split()) for cell in htmls)
            if any(cells):
                self.blocks.append(Block("table_row", " | ".join(cells), " | ".join(htmls),
                                         block.source, cells=cells,
                                         cell_html=tuple(htmls)))  # fmt: skip
            return
        fragment = sanitize_html("".join(block.parts))
        text = " ".join(html_to_text(fragment).split())
        if text or "<img" in fragment:
            self.blocks.append(Block(
                block.kind, text, fragment, block.source, level=block.level,
                list_kind=block.list_kind, list_label=block.list_label,
                all_bold=bool(block.bold) and all(block.bold),
            ))  # fmt: skip
