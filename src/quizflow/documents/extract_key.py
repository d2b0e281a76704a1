"""The answer key at the end of a document: a list ("1. B"), a table ("Question | Answer |
Explanation"), a grid ("1C | 2A | 3B" in cells or on a line, Word's auto-numbered cells,
or a row of numbers over a row of letters)."""

from __future__ import annotations

from html import escape

from quizflow.documents.extract_lines import KeyEntry, ReaderState
from quizflow.documents.extract_patterns import (
    GRID_LETTER,
    KEY_ENTRY,
    KEY_HEADER,
    KEY_TABLE_ANSWER,
    KEY_TABLE_NUMBER,
    KEY_TABLE_QUESTION,
    after_labels,
    grid_entries,
    grid_number,
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
            if not (self.drafts or self._draft) or len(cells) < 2:
                return False
            header = KEY_TABLE_QUESTION.match(cells[0]) and KEY_TABLE_ANSWER.match(cells[1])
            return bool(header) or self._grid_row(index) is not None
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
            if index == self._grid_letters:
                return True  # the letter row of a grid, read with its number row
            grid = self._grid_row(index)
            if grid is None:
                self._read_key_row(index)
                return True
            entries, letters_below = grid
            self._grid_letters = index + 1 if letters_below else -1
            self.key.extend(KeyEntry(n, label, None, block.source) for n, label in entries)
            return True
        if block.kind not in ("list_item", "paragraph"):
            return False
        entries = grid_entries(self.texts[index])
        if len(entries) >= 2:  # "1C 2A 3B 4D" on one line
            self.key.extend(KeyEntry(n, label, None, block.source) for n, label in entries)
            return True
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

    def _grid_row(self, index: int) -> tuple[list[tuple[int, str]], bool] | None:
        """The entries of an answer-key grid row and whether they take the row below's
        letters ("1 | 2 | 3" over "C | A | B", either led by a "Question"/"Answer" cell);
        None for any other row."""
        block = self.blocks[index]
        cells = [cell for cell in block.cells if cell.strip()]
        entries = [entry for cell in cells for entry in grid_entries(cell)]
        if len(entries) >= 2 and all(grid_entries(cell) for cell in cells):
            return entries, False
        if cells and KEY_TABLE_QUESTION.match(cells[0]):
            cells = cells[1:]
        numbers = [grid_number(cell) for cell in cells]
        below = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
        if len(numbers) < 2 or None in numbers or below is None or below.kind != "table_row":
            return None
        if below.source.rsplit(", row", 1)[0] != block.source.rsplit(", row", 1)[0]:
            return None
        letters = [cell for cell in below.cells if cell.strip()]
        if letters and KEY_TABLE_ANSWER.match(letters[0]):
            letters = letters[1:]
        found = [GRID_LETTER.match(cell) for cell in letters]
        if len(found) != len(numbers) or None in found:
            return None
        return [
            (n, m.group(1).upper()) for n, m in zip(numbers, found, strict=True) if n and m
        ], True

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
