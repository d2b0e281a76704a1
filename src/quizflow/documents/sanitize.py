"""Sanitised HTML for a WYSIWYG editor, and the plain text of it.

Everything an author or a document provides passes through `sanitize_html` before it is
stored: scripts, event handlers, `javascript:` URLs, styles and remote images (trackers) never
survive. An image's source may only be one of our own stored objects, written as its content
key (`objects/ab/<sha256>.<ext>`, what the importers emit); any other URL, `data:` included, is
removed (inline images are uploaded as objects and referenced).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code",
        "strong", "b", "em", "i", "u", "s", "sub", "sup", "mark", "span",
        "ul", "ol", "li", "a", "img",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    # A list's numbering style and first number, as the document showed them ("c." from 3).
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# Content of these is dropped entirely, not just the tags.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "noscript"})
# Exactly `storage.content_key(data, extension=…)`: nothing a browser could resolve to another
# host (`//host`, `/\host`, `\\host`, a scheme), since nothing but this form is allowed. The
# value arrives with entities decoded, so `&#47;&#47;host` is checked as `//host`.
_STORED_IMAGE = re.compile(r"objects/([0-9a-f]{2})/\1[0-9a-f]{62}\.[a-z0-9]{1,16}")


def is_stored_image_key(value: str) -> bool:
    """Whether `value` is a key an <img src> may name (`objects/ab/<sha256>.<ext>`)."""
    return _STORED_IMAGE.fullmatch(value) is not None


_OL_TYPES = frozenset({"1", "a", "A", "i", "I"})
_OL_START = re.compile(r"[0-9]{1,6}")


def _keep_stored_images(tag: str, attribute: str, value: str) -> str | None:
    # A remote <img> is a tracker: it reports who reads the question, and when.
    if tag == "img" and attribute == "src":
        return value if _STORED_IMAGE.fullmatch(value) else None
    # Only the values HTML defines: nothing else reaches the editor through these.
    if tag == "ol" and attribute == "type":
        return value if value in _OL_TYPES else None
    if tag == "ol" and attribute == "start":
        return value if _OL_START.fullmatch(value) else None
    return value


# Built once: configuring a sanitiser costs more than cleaning a paragraph with it, and an
# imported document is cleaned paragraph by paragraph.
_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_keep_stored_images,
    url_schemes=set(LINK_SCHEMES),
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)


def sanitize_html(fragment: str) -> str:
    """A safe HTML fragment with only editor formatting, links and stored images."""
    return _CLEANER.clean(fragment.replace("\x00", "")).strip()  # PostgreSQL text cannot hold NUL


_BLOCKS = frozenset(
    {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "blockquote", "pre",
     "table", "ul", "ol", "caption"}
)  # fmt: skip


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")
        elif tag in {"td", "th"}:
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """The readable text of an HTML fragment: blocks on their own lines, spaces folded."""
    extractor = _TextExtractor()
    extractor.feed(fragment)
    extractor.close()
    lines = (
        re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(extractor.parts).split("\n")
    )
    return "\n".join(line for line in lines if line)


def text_to_html(text: str) -> str:
    """Plain text as HTML paragraphs (escaped), for content that arrives as text."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs)
