"""Text formats the interchange files declare, turned into HTML; and plain text for writers."""

from __future__ import annotations

import html

from quizflow.documents.sanitize import html_to_text

__all__ = ["html_to_text", "to_html"]


def to_html(text: str, text_format: str) -> str:
    """`text` in a Moodle text format (html, moodle, plain, markdown) as an HTML fragment."""
    if text_format == "html":
        return text
    if text_format == "markdown":
        from markdown_it import MarkdownIt

        return str(MarkdownIt("commonmark", {"html": False}).render(text)).strip()
    if text_format == "plain":
        return html.escape(text, quote=False).replace("\n", "<br>")
    # Moodle's auto-format: HTML is kept as written, line breaks become <br>.
    return text.replace("\n", "<br>")
