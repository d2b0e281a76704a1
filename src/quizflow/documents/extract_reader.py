"""Reading a document's blocks in order: where each question starts, which of its lines are
choices, answers, feedback or explanation, and the answer key. `extract.py` assembles them.

Where a question starts is decided from the block and the question being read:
- "Question 3", "Q3:" always start one;
- a typed "3." paragraph or an auto-numbered top-level list item starts one, unless the
  current question is written in another style and the number reads as its choices
  ("Question 1" followed by "1) Paris", "2) London"), or it sits in an explanation and does
  not go past the current number;
- with no question under way (before the first one, or after a heading that ended one), a
  numbered line or any heading starts a question only when choices, an answer or an
  explanation follow it (or, for a numbered line, when it asks a question with "?"), so the
  numbered instructions or objectives of an introduction stay context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from html import escape
from typing import Literal

from quizflow.documents.extract_patterns import (
    ANSWER,
    ANSWER_AHEAD,
    ANSWER_AHEAD_NUMBER,
    BARE_NUMBER,
    CELL_COMMA_LABEL,
    CHECKED_BULLET,
    CHOICE,
    COMMENT,
    EXPLANATION,
    FEEDBACK,
    INLINE_TRUE_FALSE,
    KEY_ENTRY,
    KEY_HEADER,
    KEY_TABLE_ANSWER,
    KEY_TABLE_NUMBER,
    KEY_TABLE_QUESTION,
    MARKS,
    PLATONUS_QUESTION,
    PLATONUS_VARIANT,
    QUESTION_PREFIXED,
    ROMAN_STATEMENT,
    TEXT_BULLET,
    TIGHT_NUMBER,
    after_labels,
    choice_letter,
    cut_after,
    cut_before,
    emphasis,
    has_content,
    inline_answer_start,
    inline_choice_starts,
    is_all_bold,
    list_letter,
    list_number,
    parse_labels,
    question_number,
    split_at,
    split_lines,
    strip_prefix,
    visible_text,
)
from quizflow.documents.model import Block

Style = Literal["bare", "prefixed", "heading", "list"]
LineKind = Literal["choice", "list", "unlabelled", "answer", "explanation", "feedback", "plain"]
_Mode = Literal["heading", "typed", "list"]
_LOOKAHEAD = 40


@dataclass(frozen=True, slots=True)
class Line:
    """One block inside a question, and what it was recognised as."""

    block: Block
    kind: LineKind
    #: The content after what made it recognisable ("Answer:", "B)"); the block's html else.
    html: str
    label: str | None = None
    #: The number a numbered choice showed ("2" for "2) London"), so "Answer: 2" finds it.
    alias: str | None = None
    marked: bool = False
    #: The formatting (EMPHASES) of a typed label ("<strong>B.</strong> Paris").
    label_emphasis: frozenset[str] = frozenset()

    @property
    def text(self) -> str:
        return visible_text(self.html)


@dataclass(slots=True)
class Draft:
    """A question as read, before its lines are assembled."""

    number: int
    style: Style
    start: Block
    #: The start block's html after its number ("Q3:") was cut.
    prompt_html: str
    lines: list[Line] = field(default_factory=list)
    numeric_choices: bool = False
    has_choices: bool = False
    #: A labelled choice ("A)", Word's "a.") was read.
    lettered_choices: bool = False
    in_explanation: bool = False


@dataclass(frozen=True, slots=True)
class KeyEntry:
    number: int
    answer_html: str
    explanation_html: str | None
    source: str

    @property
    def answer_text(self) -> str:
        return visible_text(self.answer_html)


def _cells_as_choices(block: Block) -> list[Block]:
    """A row of labelled cells ("A. 1.1 | B. 1.2", Word's auto-lettered cells) after a stem:
    one choice per cell, in reading order; any other row as it is."""
    if block.kind != "table_row" or len(block.cells) < 2:
        return [block]
    htmls = block.cell_html or tuple(escape(cell) for cell in block.cells)
    out: list[Block] = []
    for number, (text, markup) in enumerate(zip(block.cells, htmls, strict=False), start=1):
        if not text.strip():
            continue
        if CHOICE.match(text) is None:
            # "D, Answer 4.4": a comma typed for the period, among cells labelled A. B. C.
            comma = CELL_COMMA_LABEL.match(text)
            if comma is None or not out:
                return [block]
            markup = f"{comma.group(1)}. {cut_before(markup, comma.end())}"
        out.append(
            Block("paragraph", text, markup, f"{block.source}, cell {number}",
                  all_bold=is_all_bold(markup))
        )  # fmt: skip
    return out if len(out) >= 2 else [block]


def _with_html(block: Block) -> Block:
    if block.kind == "table_row" and len(block.cells) == 1:
        # A one-column table only lays out lines: read each row as a paragraph.
        block = replace(block, kind="paragraph", cells=())
    # An importer that left html empty while text is not would lose the text in every cut.
    if block.text.strip() and not visible_text(block.html).strip() and "<img" not in block.html:
        return replace(block, html=escape(block.text))
    return block


_STRUCTURE = (CHOICE, ANSWER, EXPLANATION, FEEDBACK, QUESTION_PREFIXED, BARE_NUMBER, TEXT_BULLET)


def _lines(block: Block) -> list[Block]:
    """A paragraph or list item as one block per line when its lines carry structure (Shift+
    Enter between a prompt and its choices, choices written on the prompt's line); a typed
    "- " or "• " bullet as a list item."""
    if block.kind not in ("paragraph", "list_item"):
        return [block]
    inline = _inline_true_false(block)
    if inline:
        return inline
    lines = [line for line in split_lines(block.html) if has_content(line)]
    if len(lines) < 2 or not any(
        pattern.match(visible_text(line)) for line in lines[1:] for pattern in _STRUCTURE
    ):
        lines = [block.html]
    parts: list[str] = []
    for line in lines:
        text = visible_text(line)
        starts = inline_choice_starts(text)
        if not starts and not ANSWER.match(text) and (answer := inline_answer_start(text)):
            starts = [answer]
        parts.extend(part for part in split_at(line, starts) if has_content(part))
    if len(parts) < 2:
        return [_bullet(block)]
    plain = replace(block, kind="paragraph", level=0, list_kind=None, list_label=None)
    split = [_part(block, parts[0]), *(_bullet(_part(plain, part)) for part in parts[1:])]
    # The blank line after the paragraph follows its last part only.
    return [replace(part, after_gap=False) for part in split[:-1]] + split[-1:]


def _inline_true_false(block: Block) -> list[Block]:
    """ "Paris is in France. (<b>True</b> / False)": the stem, then True and False as a
    sub-list (keeping the bold that marks the answer)."""
    text = visible_text(block.html)
    match = INLINE_TRUE_FALSE.search(text)
    if match is None or not text[: match.start()].strip():
        return []
    cuts = [match.start(), match.start(1), match.end(1), match.start(2), match.end(2)]
    pieces = split_at(block.html, cuts)
    choice = replace(
        block, kind="list_item", list_kind="bulleted", list_label=None, level=block.level + 1,
        after_gap=False,
    )  # fmt: skip
    return [
        replace(_part(block, pieces[0]), after_gap=False),
        _part(choice, pieces[2]),
        replace(_part(choice, pieces[4]), after_gap=block.after_gap),
    ]


def _part(block: Block, html: str) -> Block:
    text = " ".join(visible_text(html).split())
    return replace(block, text=text, html=html, all_bold=block.all_bold or is_all_bold(html))


def _bullet(block: Block) -> Block:
    if block.kind != "paragraph":
        return block
    html, bullet = strip_prefix(block.html, TEXT_BULLET)
    if bullet is None:
        html, checked = strip_prefix(block.html, CHECKED_BULLET)
        if checked is None:
            return block
        # "[*] Helium": a ticked box, read as the ✓ mark of a correct choice.
        html, bullet = f"✓ {html}", checked
    return replace(_part(block, html), kind="list_item", list_kind="bulleted", level=0)


def _is_empty(block: Block) -> bool:
    text = visible_text(block.html).strip()
    return (
        # A lone "." or "-" typed on a line of its own is as blank as an empty paragraph.
        (not text or (len(text) == 1 and not text.isalnum() and text not in MARKS))
        and "<img" not in block.html
        and not any(cell.strip() for cell in block.cells)
    )


def _is_numbered_top(block: Block) -> bool:
    return (
        block.kind == "list_item"
        and block.list_kind == "numbered"
        and block.level == 0
        and list_letter(block.list_label) is None
    )


def _is_marked(block: Block, text: str) -> bool:
    stripped = text.strip()
    return block.all_bold or stripped[:1] in MARKS or stripped[-1:] in MARKS


class Reader:
    """Splits blocks into title, context, question drafts, answer-key entries and leftovers."""

    def __init__(
        self, blocks: tuple[Block, ...], *, eager: bool = False, loose: bool = False
    ) -> None:
        #: Every numbered line starts a question, evidence or not (for documents that hold
        #: nothing but free-text questions).
        self.eager = eager
        #: A bold or "…?" paragraph starts a question (documents with no numbers at all,
        #: whose unlabelled choices follow each stem).
        self.loose = loose
        self.blocks = [
            line
            for row in blocks
            for block in _cells_as_choices(row)
            for line in _lines(_with_html(block))
            if not _is_empty(line)
        ]
        self.texts = [visible_text(block.html) for block in self.blocks]
        self.title: str | None = None
        self.context: list[Block] = []
        self.drafts: list[Draft] = []
        self.key: list[KeyEntry] = []
        self.orphans: list[str] = []
        #: (message, source) found while reading the answer key.
        self.key_problems: list[tuple[str, str]] = []
        self._draft: Draft | None = None
        self._in_key = False
        self._pending: Line | None = None

    def read(self) -> Reader:
        """Reads every block once; returns self."""
        first = 0
        if self.blocks and self.blocks[0].kind == "heading":
            text = self.texts[0]
            # A heading that choices follow is the first question, not the title.
            if not (
                QUESTION_PREFIXED.match(text)
                or KEY_HEADER.match(text)
                or self._has_choices_after(0, "heading")
            ):
                self.title = " ".join(text.split())
                first = 1
        skip = -1
        for index in range(first, len(self.blocks)):
            if index <= skip:
                continue
            if self._in_key and self._read_key_entry(index):
                continue
            self._in_key = False
            if self._answer_ahead(index):
                skip = index + 1
                continue
            self._read(index)
        self._close()
        return self

    # -- questions ---------------------------------------------------------------------------

    def _answer_ahead(self, index: int) -> bool:
        """ "+ans" then the number of the correct choice, before the question they answer
        (education_bot's format): kept for the next question as its answer line."""
        if not ANSWER_AHEAD.match(self.texts[index]) or index + 1 >= len(self.blocks):
            return False
        number = self.blocks[index + 1]
        if not ANSWER_AHEAD_NUMBER.match(self.texts[index + 1]):
            return False
        self._close()
        self._pending = Line(number, "answer", number.html)
        return True

    def _read(self, index: int) -> None:
        block, text = self.blocks[index], self.texts[index]
        if self._starts_key(index):
            self._close()
            self._in_key = True
            return
        draft = self._start(index)
        if draft is not None:
            self._close()
            self._draft = draft
            return
        if self._draft is not None and COMMENT.match(text):
            self.orphans.append(block.source)
            return
        if self._draft is None or block.kind == "heading":
            self._close()
            if self.drafts:
                self.orphans.append(block.source)
            else:
                self.context.append(block)
            return
        self._draft.lines.append(self._line(self._draft, block, text))

    def _close(self) -> None:
        if self._draft is not None:
            self.drafts.append(self._draft)
            self._draft = None

    def _new(self, number: int | None, style: Style, block: Block, html: str) -> Draft:
        previous = self._draft or (self.drafts[-1] if self.drafts else None)
        if number is None:
            number = previous.number + 1 if previous else 1
        if block.kind != "paragraph":
            block = replace(block, kind="paragraph", level=0, list_kind=None, list_label=None)
        draft = Draft(number=number, style=style, start=block, prompt_html=html)
        if self._pending is not None:
            draft.lines.append(self._pending)
            self._pending = None
        return draft

    def _start(self, index: int) -> Draft | None:
        block = self.blocks[index]
        if block.kind == "table_row":
            return None
        if self.loose and block.kind == "paragraph" and self._is_loose_stem(index):
            if self._draft is not None and not self._draft.lines:
                return None  # the stem goes on ("… d'un montant de" / "4 000 euros ?")
            return self._new(None, "heading", block, block.html)
        html, platonus = strip_prefix(block.html, PLATONUS_QUESTION)
        if platonus is not None:
            return self._new(None, "prefixed", block, html)
        html, prefixed = strip_prefix(block.html, QUESTION_PREFIXED)
        if prefixed is not None:
            style: Style = "heading" if block.kind == "heading" else "prefixed"
            return self._new(question_number(prefixed), style, block, html)
        html, bare = strip_prefix(block.html, BARE_NUMBER)
        if bare is None and block.kind == "paragraph":
            html, bare = self._tight_number(block)
        number: int | None = int(bare.group(1)) if bare else None
        if block.kind == "heading":
            if self._has_choices_after(index, "heading"):
                return self._new(number, "heading", block, html if bare else block.html)
            return None
        if block.kind == "paragraph" and bare is not None:
            if self._number_starts(index, number, "typed"):
                return self._new(number, "bare", block, html)
            return None
        if block.kind == "paragraph" and (self._asks_anew(index) or self._leads_choices(index)):
            return self._new(None, "heading", block, block.html)
        if _is_numbered_top(block) and (
            block.list_label is None or list_number(block.list_label) is not None
        ):
            number = list_number(block.list_label)
            if self._number_starts(index, number, "list"):
                return self._new(number, "list", block, block.html)
        return None

    def _tight_number(self, block: Block) -> tuple[str, re.Match[str] | None]:
        """ "21.2022 年…" right after question 20 of a "20." sequence: question 21."""
        previous = self._draft or (self.drafts[-1] if self.drafts else None)
        html, tight = strip_prefix(block.html, TIGHT_NUMBER)
        if tight is None or previous is None or previous.style != "bare":
            return block.html, None
        return (html, tight) if int(tight.group(1)) == previous.number + 1 else (block.html, None)

    def _is_loose_stem(self, index: int) -> bool:
        block, text = self.blocks[index], self.texts[index].rstrip()
        if any(p.match(text) for p in (ANSWER, EXPLANATION, FEEDBACK)):
            return False
        choice = CHOICE.match(text)
        # "M. Dupont a un besoin…" is a stem, "B. Paris" a choice.
        if choice is not None and choice_letter(choice) <= "H":
            return False
        if self._draft is not None and self._draft.lines and "mark" in emphasis(block.html):
            return False  # a highlighted bold "2" among "1", "2", "3": the marked choice
        return text[-1:] in ("?", "？") or block.all_bold or is_all_bold(block.html)

    def _asks_anew(self, index: int) -> bool:
        """An unnumbered question: a "…?" paragraph after a question's lettered choices (or
        before any question) that labelled choices follow."""
        draft = self._draft
        if draft is not None and (not draft.lettered_choices or draft.in_explanation):
            return False
        text = self.texts[index]
        if not text.rstrip().endswith("?"):
            return False
        if any(p.match(text) for p in (ANSWER, EXPLANATION, FEEDBACK, CHOICE, TEXT_BULLET)):
            return False
        return self._has_choices_after(index, "heading")

    def _leads_choices(self, index: int) -> bool:
        """An unnumbered stem ("Title 1: …"): a paragraph right before an "A" choice, with no
        question under way or after one that has its lettered choices."""
        draft = self._draft
        if draft is not None and (not draft.lettered_choices or draft.in_explanation):
            return False
        if index + 1 >= len(self.blocks) or self._is_letter_choice(index):
            return False
        if ROMAN_STATEMENT.match(self.texts[index]):  # "II. Rome is in Spain." then "A) I only"
            return False
        following = self.blocks[index + 1]
        if following.list_kind == "numbered" and list_letter(following.list_label) == "A":
            return True
        choice = CHOICE.match(self.texts[index + 1])
        return choice is not None and choice_letter(choice) == "A"

    def _number_starts(self, index: int, number: int | None, mode: _Mode) -> bool:
        draft = self._draft
        if draft is None:
            return self._has_choices_after(index, mode)
        if draft.in_explanation:
            return number is not None and number > draft.number
        if (mode == "typed" and draft.style == "bare") or (
            mode == "list" and draft.style == "list"
        ):
            return True
        if draft.numeric_choices or number is None:
            return False
        return draft.has_choices or number != 1

    def _has_choices_after(self, index: int, mode: _Mode) -> bool:
        """Whether choices, an answer or an explanation follow before the next question."""
        if mode != "heading" and (self.eager or self.texts[index].rstrip().endswith("?")):
            return True
        position = index + 1
        end = min(len(self.blocks), index + _LOOKAHEAD)
        while position < end:
            block, text = self.blocks[position], self.texts[position]
            if block.kind == "heading" or (mode == "list" and _is_numbered_top(block)):
                return False
            # A numbered list with choices of its own holds questions, not our choices.
            if (
                mode == "heading"
                and _is_numbered_top(block)
                and self._has_choices_after(position, "list")
            ):
                return False
            if block.kind == "list_item":
                run_end = position
                while (
                    run_end < len(self.blocks)
                    and self.blocks[run_end].kind == "list_item"
                    and not (mode == "list" and _is_numbered_top(self.blocks[run_end]))
                ):
                    run_end += 1
                if self._run_is_choices(position, run_end, mode):
                    return True
                position = run_end
                continue
            if block.kind == "paragraph":
                if QUESTION_PREFIXED.match(text) or BARE_NUMBER.match(text):
                    return False
                if KEY_HEADER.match(text):
                    return False
                if CHOICE.match(text) or EXPLANATION.match(text) or self._is_answer(text):
                    return True
                if mode != "heading" and text.rstrip().endswith("?"):
                    return True
            position += 1
        return False

    def _run_is_choices(self, start: int, end: int, mode: _Mode) -> bool:
        run = range(start, end)
        if any(self._is_letter_choice(i) for i in run):
            return True
        if end - start < 2:
            return False
        marked = [_is_marked(self.blocks[i], self.texts[i]) for i in run]
        if any(marked) and not all(marked):
            return True
        if mode == "typed" or (mode == "list" and all(self.blocks[i].level >= 1 for i in run)):
            return True
        return end < len(self.blocks) and self._is_answer(self.texts[end])

    def _is_letter_choice(self, index: int) -> bool:
        block = self.blocks[index]
        if block.list_kind == "numbered" and list_letter(block.list_label):
            return True
        return CHOICE.match(self.texts[index]) is not None

    @staticmethod
    def _is_answer(text: str) -> bool:
        match = ANSWER.match(text)
        return match is not None and bool(parse_labels(text[match.end() :])[0])

    def _line(self, draft: Draft, block: Block, text: str) -> Line:
        html, answer = strip_prefix(block.html, ANSWER)
        if answer is not None:
            return Line(block, "answer", html)
        if draft.in_explanation:
            return Line(block, "plain", block.html)
        html, explanation = strip_prefix(block.html, EXPLANATION)
        if explanation is not None:
            draft.in_explanation = True
            return Line(block, "explanation", html)
        html, feedback = strip_prefix(block.html, FEEDBACK)
        if feedback is not None:
            return Line(block, "feedback", html)
        if block.kind == "table_row":
            return Line(block, "plain", block.html)
        html, variant = strip_prefix(block.html, PLATONUS_VARIANT)
        if variant is not None:
            # Platonus lists the correct variant first.
            first = not draft.has_choices
            draft.has_choices = True
            return Line(block, "choice", html, marked=first)
        letter = list_letter(block.list_label) if block.list_kind == "numbered" else None
        if block.kind == "list_item" and letter:
            draft.has_choices = draft.lettered_choices = True
            return Line(block, "choice", block.html, label=letter)
        html, choice = strip_prefix(block.html, CHOICE)
        if choice is not None:
            draft.has_choices = draft.lettered_choices = True
            label = choice_letter(choice)
            return Line(
                block, "choice", html, label=label, marked=bool(choice.group("mark")),
                # The letter's own formatting ("<strong>B</strong>. Paris"), not its period's.
                label_emphasis=emphasis(
                    block.html, max(choice.end(g) for g in ("paren", "bare", "tight"))
                ),
            )  # fmt: skip
        if block.kind == "list_item":
            draft.has_choices = True
            number = list_number(block.list_label) if block.list_kind == "numbered" else None
            draft.numeric_choices = draft.numeric_choices or number is not None
            return Line(block, "list", block.html, alias=None if number is None else str(number))
        html, bare = strip_prefix(block.html, BARE_NUMBER)
        if bare is not None:
            draft.has_choices = draft.numeric_choices = True
            return Line(block, "choice", html, alias=str(int(bare.group(1))))
        return Line(block, "plain", block.html)

    # -- the answer key ----------------------------------------------------------------------

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
