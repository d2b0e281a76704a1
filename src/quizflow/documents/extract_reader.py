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

from quizflow.documents.extract_key import KeyReading
from quizflow.documents.extract_lines import Draft, KeyEntry, Line, ReaderState
from quizflow.documents.extract_patterns import (
    ANSWER,
    ANSWER_AHEAD,
    ANSWER_AHEAD_NUMBER,
    BARE_NUMBER,
    CHOICE,
    COMMENT,
    EXPLANATION,
    FEEDBACK,
    KEY_HEADER,
    PLATONUS_VARIANT,
    QUESTION_PREFIXED,
    choice_letter,
    list_letter,
    list_number,
)
from quizflow.documents.extract_starts import StartReading
from quizflow.documents.html_cuts import (
    emphasis,
    strip_prefix,
)
from quizflow.documents.model import Block

__all__ = ["Draft", "KeyEntry", "Line", "Reader", "ReaderState"]


class Reader(StartReading, KeyReading):
    """Splits blocks into title, context, question drafts, answer-key entries and leftovers."""

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
            if block.kind == "table_row":  # a grid's first row holds answers already
                self._read_key_entry(index)
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
