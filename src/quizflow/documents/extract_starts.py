"""Where a question starts (see `extract_reader`'s docstring for the rules)."""

from __future__ import annotations

import re

from quizflow.documents.extract_lines import (
    LOOKAHEAD,
    Draft,
    Mode,
    ReaderState,
    Style,
    is_marked,
    is_numbered_top,
)
from quizflow.documents.extract_patterns import (
    ANSWER,
    BARE_NUMBER,
    CHOICE,
    EXPLANATION,
    FEEDBACK,
    KEY_HEADER,
    PLATONUS_QUESTION,
    QUESTION_PREFIXED,
    ROMAN_STATEMENT,
    TEXT_BULLET,
    TIGHT_NUMBER,
    choice_letter,
    list_letter,
    list_number,
    parse_labels,
    question_number,
)
from quizflow.documents.html_cuts import (
    emphasis,
    is_all_bold,
    strip_prefix,
)
from quizflow.documents.model import Block


class StartReading(ReaderState):
    """The part of the reader that decides where each question starts."""

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
        if is_numbered_top(block) and (
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

    def _number_starts(self, index: int, number: int | None, mode: Mode) -> bool:
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

    def _has_choices_after(self, index: int, mode: Mode) -> bool:
        """Whether choices, an answer or an explanation follow before the next question."""
        if mode != "heading" and (self.eager or self.texts[index].rstrip().endswith("?")):
            return True
        position = index + 1
        end = min(len(self.blocks), index + LOOKAHEAD)
        while position < end:
            block, text = self.blocks[position], self.texts[position]
            if block.kind == "heading" or (mode == "list" and is_numbered_top(block)):
                return False
            # A numbered list with choices of its own holds questions, not our choices.
            if (
                mode == "heading"
                and is_numbered_top(block)
                and self._has_choices_after(position, "list")
            ):
                return False
            if block.kind == "list_item":
                run_end = position
                while (
                    run_end < len(self.blocks)
                    and self.blocks[run_end].kind == "list_item"
                    and not (mode == "list" and is_numbered_top(self.blocks[run_end]))
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

    def _run_is_choices(self, start: int, end: int, mode: Mode) -> bool:
        run = range(start, end)
        if any(self._is_letter_choice(i) for i in run):
            return True
        if end - start < 2:
            return False
        marked = [is_marked(self.blocks[i], self.texts[i]) for i in run]
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
