"""Plain text, Markdown and HTML documents to blocks.

Plain text keeps one paragraph per line: "1. What…" or "A) …" stay paragraphs, the question
extractor recognises those patterns itself. Markdown is rendered by markdown-it-py, then read
like HTML (see html_blocks), where lists are real lists (list items with computed labels).
"""

from __future__ import annotations

import codecs
import html
import re

from quizflow.documents.importers.html_blocks import html_document
from quizflow.documents.importers.limits import require_text
from quizflow.documents.model import Block, NormalizedDocument
from quizflow.errors import InvalidDocumentError

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode_text(data: bytes, *, filename: str) -> str:
    """Text of `data`: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    Raises InvalidDocumentError when it is none of those, or not text at all.
    """
    try:
        if data.startswith(codecs.BOM_UTF8):
            text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InvalidDocumentError(
            f"{filename} cannot be read as text (neither UTF-8 nor Windows-1252, byte "
            f"{exc.start}); save it as UTF-8 and upload again"
        ) from exc
    if len(_CONTROL.findall(text)) > max(2, len(text) // 100):
        raise InvalidDocumentError(f"{filename} is not a text file (it holds binary data)")
    return text


def text_to_document(data: bytes, *, filename: str) -> NormalizedDocument:
    """One paragraph per non-empty line of a plain-text file; raises InvalidDocumentError."""
    blocks = []
    for number, line in enumerate(_LINE_BREAK.split(decode_text(data, filename=filename)), 1):
        text = " ".join(line.split())
        if text:
            blocks.append(Block("paragraph", text, html.escape(text), f"line {number}"))
    document = NormalizedDocument(title=None, blocks=tuple(blocks))
    require_text(document, filename=filename)
    return document


def markdown_to_document(data: bytes, *, filename: str) -> NormalizedDocument:
    """Markdown (CommonMark with tables and strikethrough) to blocks."""
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore

    def mark_lines(state: StateCore) -> None:
        # Carry source lines and the list delimiter ("1." or "1)") into the HTML.
        for token in state.tokens:
            if token.map and token.nesting == 1:
                token.attrSet("data-line", str(token.map[0] + 1))
            if token.type == "ordered_list_open":
                token.attrSet("data-delimiter", token.markup)

    renderer = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    renderer.core.ruler.push("quizflow_lines", mark_lines)
    rendered = renderer.render(decode_text(data, filename=filename))
    return html_document(rendered, filename=filename)


def html_to_document(data: bytes, *, filename: str) -> NormalizedDocument:
    """An HTML page or fragment to blocks (h1-h6, p, ol/ul/li, tables, inline formatting)."""
    return html_document(decode_text(data, filename=filename), filename=filename)
