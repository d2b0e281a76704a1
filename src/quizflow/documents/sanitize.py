"""Sanitised HTML for a WYSIWYG editor, and the plain text of it.

Everything an author or a document provides passes through `sanitize_html` before it is
stored: scripts, event handlers, `javascript:` URLs, styles and remote images (trackers) never
survive. Images may only come from our own storage (relative URLs or `data:` is refused too:
they are uploaded as objects and referenced).
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
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# Content of these is dropped entirely, not just the tags.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "noscript"})
_LOCAL_IMAGE = re.compile(r"^(/|\./|objects/)[^:]*$")


def _keep_local_images(tag: str, attribute: str, value: str) -> str | None:
    # A remote <img> is a tracker; uploaded images are referenced by a relative storage path.
    if tag == "img" and attribute == "src":
        return value if _LOCAL_IMAGE.match(value) else None
    return value


# Built once: configuring a sanitiser costs more than cleaning a paragraph with it, and an
# imported document is cleaned paragraph by paragraph.
_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_keep_local_images,
    url_schemes=set(LINK_SCHEMES),
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)


def sanitize_html(fragment: str) -> str:
    """A safe HTML fragment with only editor formatting, links and local images."""
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
