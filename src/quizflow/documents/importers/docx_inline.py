"""The inline content of a Word paragraph as sanitised HTML: runs with their formatting
(direct or through a character style), hyperlinks (w:hyperlink, and HYPERLINK fields as Word
writes them when pasting), line breaks and images (stored as ImageRef objects)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

from docx.document import Document as WordDocument
from docx.enum.text import WD_UNDERLINE
from docx.oxml.ns import nsmap, qn
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree  # type: ignore[import-untyped]

from quizflow.documents.importers.docx_math import OMATH, OMATH_PARA, math_to_html
from quizflow.documents.model import ImageRef
from quizflow.documents.sanitize import sanitize_html
from quizflow.storage.base import content_key

_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_FIELD_HYPERLINK = re.compile(r'^\s*HYPERLINK\s+"([^"]+)"')
# Containers Word wraps around runs (tracked insertions, content controls, smart tags…);
# w:del and w:moveFrom (deleted text) are left out.
TRANSPARENT = frozenset(
    qn(tag) for tag in ("w:ins", "w:moveTo", "w:smartTag", "w:customXml", "w:dir", "w:bdo")
)
_IMAGE_EXTENSIONS = {
    "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/bmp": "bmp",
    "image/tiff": "tiff", "image/webp": "webp", "image/x-emf": "emf", "image/x-wmf": "wmf",
}  # fmt: skip
_NAMESPACES = {
    **nsmap,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
}
_DESCRIPTIONS = etree.XPath(".//wp:docPr/@descr | .//wp:docPr/@title", namespaces=_NAMESPACES)
_IMAGE_IDS = etree.XPath(".//a:blip/@r:embed | .//v:imagedata/@r:id", namespaces=_NAMESPACES)
_ALTERNATE_CONTENT = f"{{{_NAMESPACES['mc']}}}AlternateContent"
_W_RPR = qn("w:rPr")
_OLE_PROGRAMS = etree.XPath(
    ".//o:OLEObject/@ProgID", namespaces={"o": "urn:schemas-microsoft-com:office:office"}
)


class InlineConverter:
    """Paragraph content to HTML for one document; collects the images it meets."""

    def __init__(self, word: WordDocument) -> None:
        self.word = word
        self._images: dict[str, ImageRef] = {}
        self._styled: dict[tuple[int, str], object] = {}
        #: Embedded equation objects (MathType, Equation Editor 3) met so far: only their
        #: preview picture can be shown, so the caller reports each one.
        self.ole_equations = 0

    @property
    def images(self) -> tuple[ImageRef, ...]:
        return tuple(self._images.values())

    def convert(self, paragraph: Paragraph) -> tuple[str, bool]:
        """Sanitised inline HTML of a paragraph, and whether all its visible text is bold."""
        state = _InlineState()
        self._inline_children(paragraph._p, paragraph, state)
        merged = _merge_adjacent_runs("".join(state.out))
        return sanitize_html(merged), state.bold_seen and not state.not_bold_seen

    def _inline_children(self, parent: Any, paragraph: Paragraph, state: _InlineState) -> None:
        for child in parent.iterchildren():
            tag = child.tag
            if tag == qn("w:r"):
                self._run(child, paragraph, state)
            elif tag == qn("w:hyperlink"):
                url = _hyperlink_url(child, paragraph)
                state.open_link(url)
                self._inline_children(child, paragraph, state)
                state.close_link(url)
            elif tag == qn("w:fldSimple"):
                found = _FIELD_HYPERLINK.match(child.get(qn("w:instr"), ""))
                url = found.group(1) if found else ""
                state.open_link(url)
                self._inline_children(child, paragraph, state)
                state.close_link(url)
            elif tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    self._inline_children(content, paragraph, state)
            elif tag in (OMATH, OMATH_PARA):
                equation = math_to_html(child)
                if equation:
                    state.out.append(equation)
                    state.not_bold_seen = True
            elif tag in TRANSPARENT:
                self._inline_children(child, paragraph, state)

    def _run(self, r: Any, paragraph: Paragraph, state: _InlineState) -> None:
        run = Run(r, paragraph)
        pieces: list[str] = []
        visible = False
        for child in r.iterchildren():
            tag = child.tag
            if tag == qn("w:t"):
                # Private-use code points are glyphs of a symbol font (an icon before "Select
                # only one"): nothing a reader of our HTML could see.
                content = _PRIVATE_USE.sub("", child.text or "")
                visible = visible or bool(content.strip())
                pieces.append(html.escape(content))
            elif tag in (qn("w:tab"), qn("w:ptab")):
                pieces.append(" ")
            elif tag == qn("w:br"):
                pieces.append(" " if child.get(qn("w:type")) in ("page", "column") else "<br>")
            elif tag == qn("w:cr"):
                pieces.append("<br>")
            elif tag == qn("w:noBreakHyphen"):
                pieces.append("-")
            elif tag in (qn("w:drawing"), qn("w:pict"), _ALTERNATE_CONTENT):
                pieces.extend(self._images_in(child))
            elif tag == qn("w:object"):
                if any("equation" in str(p).lower() for p in _OLE_PROGRAMS(child)):
                    self.ole_equations += 1
                pieces.extend(self._images_in(child))
            elif tag == qn("w:fldChar"):
                state.field(child.get(qn("w:fldCharType"), ""))
            elif tag == qn("w:instrText"):
                state.instruction(child.text or "")
        text = "".join(pieces)
        if not text:
            return
        props = _RunProps(run, self._styled)
        bold = props.get("bold")
        if visible:
            state.bold_seen |= bold
            state.not_bold_seen |= not bold
        for enabled, tag in (
            (props.get("subscript"), "sub"), (props.get("superscript"), "sup"),
            # Links show underlined anyway (Word's Hyperlink style underlines them).
            (not state.links and props.get("underline"), "u"),
            # <s> outside <u>: the nesting the web editor's schema writes (its mark order).
            (props.get("strike") or props.get("double_strike"), "s"),
            (props.get("italic"), "em"),
            (bold, "strong"),
            # Highlight, shading and colour: how many authors mark the correct choice.
            (not state.links and _highlighted(r), "mark"),
        ):  # fmt: skip
            if enabled:
                text = f"<{tag}>{text}</{tag}>"
        state.out.append(text)

    def _images_in(self, element: Any) -> Iterator[str]:
        alt = next((str(d) for d in _DESCRIPTIONS(element) if str(d).strip()), "")
        keys: list[str] = []
        for rid in _IMAGE_IDS(element):
            part = self.word.part.related_parts.get(str(rid))
            extension = _IMAGE_EXTENSIONS.get(getattr(part, "content_type", ""))
            if part is None or extension is None:
                continue
            blob: bytes = part.blob
            key = content_key(blob, extension=extension)
            self._images.setdefault(key, ImageRef(key, part.content_type, blob))
            # mc:AlternateContent may hold the same picture twice (Choice and Fallback).
            if key not in keys:
                keys.append(key)
                yield f'<img src="{key}" alt="{html.escape(alt)}">'


class _InlineState:
    """Output and bold bookkeeping of one paragraph, and Word's complex fields (hyperlinks
    written as `HYPERLINK "url"` instructions rather than w:hyperlink)."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.bold_seen = False
        self.not_bold_seen = False
        self.links = 0
        self._fields: list[list[str]] = []  # per open field: [instruction, its url]

    def open_link(self, url: str) -> None:
        if url:
            self.out.append(f'<a href="{html.escape(url)}">')
            self.links += 1

    def close_link(self, url: str) -> None:
        if url:
            self.out.append("</a>")
            self.links -= 1

    def field(self, kind: str) -> None:
        if kind == "begin":
            self._fields.append(["", ""])
        elif kind == "separate" and self._fields:
            found = _FIELD_HYPERLINK.match(self._fields[-1][0])
            if found:
                self._fields[-1][1] = found.group(1)
                self.open_link(found.group(1))
        elif kind == "end" and self._fields:
            self.close_link(self._fields.pop()[1])

    def instruction(self, text: str) -> None:
        if self._fields:
            self._fields[-1][0] += text


_HIGHLIGHT, _SHADING, _COLOUR, _VAL, _FILL = (
    qn("w:highlight"),
    qn("w:shd"),
    qn("w:color"),
    qn("w:val"),
    qn("w:fill"),
)


# Word splits text into runs wherever an edit happened: "<strong>a</strong><strong>b</strong>"
# is one bold "ab" to a reader, and a rich-text editor can only keep it as one.
_ADJACENT_RUNS = re.compile(r"</(strong|em|u|s|sub|sup|mark)><\1>")


def _merge_adjacent_runs(fragment: str) -> str:
    while True:
        merged = _ADJACENT_RUNS.sub("", fragment)
        if merged == fragment:
            return merged
        fragment = merged


def _highlighted(r: Any) -> bool:
    """Whether a run is highlighted, or shaded or written in a colour (not black, grey or
    white)."""
    rpr = r.find(_W_RPR)
    if rpr is None:
        return False
    highlight = rpr.find(_HIGHLIGHT)
    if highlight is not None and highlight.get(_VAL, "none") != "none":
        return True
    shading = rpr.find(_SHADING)
    if shading is not None and _is_colourful(shading.get(_FILL, "")):
        return True
    colour = rpr.find(_COLOUR)
    return colour is not None and _is_colourful(colour.get(_VAL, ""))


def _is_colourful(value: str) -> bool:
    # Grey and near-black text is a style (code, captions), a saturated colour is emphasis.
    if len(value) != 6:
        return False
    try:
        channels = [int(value[i : i + 2], 16) for i in (0, 2, 4)]
    except ValueError:
        return False
    return max(channels) - min(channels) >= 64


def _hyperlink_url(element: Any, paragraph: Paragraph) -> str:
    rid = element.get(qn("r:id"))
    if not rid:
        return ""  # an internal jump to a bookmark: keep the text, drop the link
    rel = paragraph.part.rels.get(rid)
    if rel is None or not rel.is_external:
        return ""
    anchor = element.get(qn("w:anchor"))
    return f"{rel.target_ref}#{anchor}" if anchor else str(rel.target_ref)


def style_chain(style: BaseStyle | None) -> list[BaseStyle]:
    """`style` and the styles it is based on, nearest first; a hostile basedOn loop or an
    absurd depth stops the walk."""
    chain: list[BaseStyle] = []
    while style is not None and style not in chain and len(chain) < 32:
        chain.append(style)
        style = getattr(style, "base_style", None)
    return chain


class _RunProps:
    """A run's properties as displayed: set on the run, else on its character style chain.

    The font and the style chain are looked up once per run, not once per property; a run
    without its own properties (`w:rPr`, most runs) is not asked for any; what a style chain
    says is remembered for the document (`styled`), as styles do not change while it is read.
    """

    def __init__(self, run: Run, styled: dict[tuple[int, str], object]) -> None:
        self._run = run
        self._font = run.font if run._r.find(_W_RPR) is not None else None
        self._styled = styled
        self._style: BaseStyle | None = None

    def get(self, name: str) -> bool:
        value = getattr(self._font, name) if self._font is not None else None
        if value is None:
            value = self._from_styles(name)
        if name == "underline":
            return bool(value) and value is not WD_UNDERLINE.INHERITED
        return bool(value)

    def _from_styles(self, name: str) -> object:
        if self._style is None:
            self._style = self._run.style
        style = self._style
        # Styles are memoised per document (docx._cache_style_lookups): one object per style,
        # alive as long as the document, so its id names it.
        key = (id(style), name)
        if key not in self._styled:
            value = None
            for each in style_chain(style):
                value = getattr(getattr(each, "font", None), name, None)
                if value is not None:
                    break
            self._styled[key] = value
        return self._styled[key]
