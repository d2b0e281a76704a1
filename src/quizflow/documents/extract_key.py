"""The answer key at the end of a document: a list ("1. B"), a table ("Question | Answer |
Explanation")."""

from __future__ import annotations

from html import escape

from quizflow.documents.extract_lines import KeyEntry, ReaderState
from quizflow.documents.extract_patterns import (
    KEY_ENTRY,
    KEY_HEADER,
    KEY_TABLE_ANSWER,
    KEY_TABLE_NUMBER,
    KEY_TABLE_QUESTION,
    after_labels,
    list_number,
    parse_labels,
)
from quizflow.documents.html_cuts import (
    cut_after,
    cut_before,
    strip_prefix,
    visible_text,
)


class KeyReading(ReaderState):
    """The part of the reader that reads an answer key."""

    def _starts_key(self, index: int) -> bool:
        block, text = self.blocks[index], self.texts[index]
        if block.kind == "table_row":
            cells = block.cells
            return (
                bool(self.drafts or self._draft)
                and len(cells) >= 2
                and KEY_TABLE_QUESTION.match(cells[0]) is not None
                and KEY_TABLE_ANSWER.match(cells[1]) is not None
            )
        if block.kind not in ("heading", "paragraph") or not KEY_HEADER.match(text):
            return False
        if index + 1 >= len(self.blocks):
            return False
        following = self.blocks[index + 1]
        return following.kind in ("list_item", "table_row") or (
            KEY_ENTRY.match(self.texts[index + 1]) is not None
        )

    def _read_key_entry(self, index: int) -> bool:
        block = self.blocks[index]
        if block.kind == "table_row":
            self._read_key_row(index)
            return True
        if block.kind not in ("list_item", "paragraph"):
            return False
        html, entry = strip_prefix(block.html, KEY_ENTRY)
        if entry is not None:
            number = int(entry.group(1))
        elif block.list_kind == "numbered" and list_number(block.list_label) is not None:
            number, html = list_number(block.list_label) or 0, block.html
        else:
            return False
        explanation = None
        labels, end = parse_labels(visible_text(html))
        if labels:
            rest = after_labels(visible_text(html), end)
            explanation = cut_before(html, rest) or None
            html = cut_after(html, end)
        self.key.append(KeyEntry(number, html, explanation, block.source))
        return True

    def _read_key_row(self, index: int) -> None:
        block = self.blocks[index]
        cells = block.cells
        number = KEY_TABLE_NUMBER.match(cells[0]) if cells else None
        if number is not None and len(cells) >= 2 and cells[1].strip():
            explanation = " ".join(cell.strip() for cell in cells[2:] if cell.strip())
            self.key.append(
                KeyEntry(
                    int(number.group(1)),
                    escape(cells[1].strip()),
                    escape(explanation) if explanation else None,
                    block.source,
                )
            )
            return
        if index > 0 and self.blocks[index - 1].kind == "table_row":
            self.orphans.append(block.source)
            self.key_problems.append(
                ("an answer-key row without a question number and an answer", block.source)
            )
        # Otherwise it is the table's header row ("Question | Answer").
