"""Tables that hold questions, rewritten as the paragraphs an author would have typed, so the
reader needs no rules of its own for them (each block keeps its cell as its source):
- a row of labelled cells after a stem ("A. 1.1 | B. 1.2", 2×2, 1×4, 4×1, Word's
  auto-lettered cells): one choice per cell;
- one question per row, under a header row in any language ("No | Question | A | B | C | D |
  Answer", "STT | Câu hỏi | A | B | C | D | Đáp án") or with no header at all ("1 | Stem |
  A. … | B. …"): "N. stem", "A. …", "B. …", "Answer: X".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape

from quizflow.documents.extract_patterns import (
    ANSWER,
    CELL_COMMA_LABEL,
    CHOICE,
    KEY_TABLE_ANSWER,
    choice_letter,
    grid_number,
)
from quizflow.documents.html_cuts import cut_before, is_all_bold
from quizflow.documents.model import Block
from quizflow.documents.vocabulary import QUESTION_WORDS, alternation

#: A header cell naming the question column ("Question", "Câu hỏi", "Вопрос", "题目").
_QUESTION_HEADER = re.compile(
    rf"^\s*(?:{alternation(QUESTION_WORDS)}|stem|prompt|content|nội dung)\s*$", re.IGNORECASE
)
#: A header cell naming a choice column: "A", "Option B", "Phương án C" (at most two words).
_CHOICE_HEADER = re.compile(r"^\s*(?:[^\W\d_]{1,20}\s+){0,2}([A-H])\s*$")


def table_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """The blocks with question tables and choice rows rewritten (other blocks unchanged)."""
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind != "table_row":
            yield block
            index += 1
            continue
        table = _table_of(block)
        end = index
        while end < len(blocks) and blocks[end].kind == "table_row":
            if _table_of(blocks[end]) != table:
                break
            end += 1
        yield from _table(blocks[index:end])
        index = end


def _table_of(row: Block) -> str:
    return row.source.rsplit(", row", 1)[0]


def _htmls(row: Block) -> tuple[str, ...]:
    return row.cell_html or tuple(escape(cell) for cell in row.cells)


def _table(rows: tuple[Block, ...]) -> Iterator[Block]:
    columns = _header(rows[0]) if len(rows) >= 2 else None
    if columns is not None:
        for number, row in enumerate(rows[1:], start=1):
            yield from _headed_row(row, columns, number)
        return
    for row in rows:
        yield from _question_row(row) or cells_as_choices(row)


class _Columns:
    def __init__(self, question: int, choices: list[tuple[int, str]], answer: int | None):
        self.question = question
        self.choices = choices
        self.answer = answer


def _header(row: Block) -> _Columns | None:
    """The columns of a question table's header row, or None when it is not one."""
    question = next((k for k, cell in enumerate(row.cells) if _QUESTION_HEADER.match(cell)), None)
    choices = [
        (k, match.group(1))
        for k, cell in enumerate(row.cells)
        if k != question and (match := _CHOICE_HEADER.match(cell))
    ]
    letters = [letter for _, letter in choices]
    if question is None or len(choices) < 2 or letters != list("ABCDEFGH"[: len(letters)]):
        return None
    answer = next(
        (k for k, cell in enumerate(row.cells) if k > question and KEY_TABLE_ANSWER.match(cell)),
        None,
    )
    return _Columns(question, choices, answer)


def _headed_row(row: Block, columns: _Columns, number: int) -> Iterator[Block]:
    cells, htmls = row.cells, _htmls(row)

    def cell(k: int) -> tuple[str, str]:
        return (cells[k], htmls[k]) if k < len(cells) else ("", "")

    if not cell(columns.question)[0].strip():
        yield row  # a row of notes or a continuation: left to the reader as it is
        return
    shown = next((grid_number(c) for c in cells[: columns.question] if grid_number(c)), None)
    text, markup = cell(columns.question)
    yield _cell(row, columns.question, f"{shown or number}. {text}", f"{shown or number}. {markup}")
    for k, letter in columns.choices:
        text, markup = cell(k)
        if text.strip() or "<img" in markup:
            yield _cell(row, k, f"{letter}. {text}", f"{letter}. {markup}")
    if columns.answer is not None and (answer := cell(columns.answer))[0].strip():
        yield _cell(row, columns.answer, f"Answer: {answer[0]}", f"Answer: {answer[1]}")


def _question_row(row: Block) -> list[Block]:
    """ "1 | Stem | A. … | B. … (| Answer: B)": one question, else []."""
    cells, htmls = row.cells, _htmls(row)
    start = 1 if cells and grid_number(cells[0]) is not None else 0
    if len(cells) - start < 3:
        return []
    stem = start
    choices = list(range(stem + 1, len(cells)))
    answer = None
    if choices and ANSWER.match(cells[choices[-1]]):
        answer = choices.pop()
    letters = [CHOICE.match(cells[k]) for k in choices]
    found = [choice_letter(m) for m in letters if m is not None]
    if len(found) < 2 or len(found) != len(choices) or found != list("ABCDEFGH"[: len(found)]):
        return []
    if not cells[stem].strip() or CHOICE.match(cells[stem]):
        return []
    number = grid_number(cells[0]) if start else None
    prefix = f"{number}. " if number is not None else ""
    out = [_cell(row, stem, prefix + cells[stem], prefix + htmls[stem])]
    out += [_cell(row, k, cells[k], htmls[k]) for k in choices]
    if answer is not None:
        out.append(_cell(row, answer, cells[answer], htmls[answer]))
    return out


def cells_as_choices(block: Block) -> list[Block]:
    """A row of labelled cells ("A. 1.1 | B. 1.2", Word's auto-lettered cells) after a stem:
    one choice per cell, in reading order; any other row as it is."""
    if block.kind != "table_row" or len(block.cells) < 2:
        return [block]
    out: list[Block] = []
    for k, (text, markup) in enumerate(zip(block.cells, _htmls(block), strict=False)):
        if not text.strip():
            continue
        if CHOICE.match(text) is None:
            # "D, Answer 4.4": a comma typed for the period, among cells labelled A. B. C.
            comma = CELL_COMMA_LABEL.match(text)
            if comma is None or not out:
                return [block]
            text = f"{comma.group(1)}. {text[comma.end() :]}"
            markup = f"{comma.group(1)}. {cut_before(markup, comma.end())}"
        out.append(_cell(block, k, text, markup))
    return out if len(out) >= 2 else [block]


def _cell(row: Block, k: int, text: str, markup: str) -> Block:
    return Block(
        "paragraph", " ".join(text.split()), markup, f"{row.source}, cell {k + 1}",
        all_bold=is_all_bold(markup),
    )  # fmt: skip
