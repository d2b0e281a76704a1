"""The blocks as the reader sees them, and what it makes of them: question tables as
`extract_tables` rewrites them, a paragraph with Shift+Enter lines or inline choices as one
block per line, "(True / False)" in a stem as a sub-list; `Line`, `Draft` and `KeyEntry` are
what reading produces, `ReaderState` what it accumulates."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from html import escape
from typing import Literal

from quizflow.documents.extract_patterns import (
    ANSWER,
    BARE_NUMBER,
    CHECKED_BULLET,
    CHOICE,
    EXPLANATION,
    FEEDBACK,
    INLINE_TRUE_FALSE,
    MARKS,
    QUESTION_PREFIXED,
    TEXT_BULLET,
    inline_answer_start,
    inline_choice_starts,
    list_letter,
)
from quizflow.documents.extract_tables import table_blocks
from quizflow.documents.html_cuts import (
    has_content,
    is_all_bold,
    split_at,
    split_lines,
    strip_prefix,
    visible_text,
)
from quizflow.documents.model import Block

Style = Literal["bare", "prefixed", "heading", "list"]
LineKind = Literal["choice", "list", "unlabelled", "answer", "explanation", "feedback", "plain"]
Mode = Literal["heading", "typed", "list"]
LOOKAHEAD = 40


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


def with_html(block: Block) -> Block:
    if block.kind == "table_row" and len(block.cells) == 1:
        # A one-column table only lays out lines: read each row as a paragraph.
        block = replace(block, kind="paragraph", cells=())
    # An importer that left html empty while text is not would lose the text in every cut.
    if block.text.strip() and not visible_text(block.html).strip() and "<img" not in block.html:
        return replace(block, html=escape(block.text))
    return block


_STRUCTURE = (CHOICE, ANSWER, EXPLANATION, FEEDBACK, QUESTION_PREFIXED, BARE_NUMBER, TEXT_BULLET)


def block_lines(block: Block) -> list[Block]:
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


def is_empty(block: Block) -> bool:
    text = visible_text(block.html).strip()
    return (
        # A lone "." or "-" typed on a line of its own is as blank as an empty paragraph.
        (not text or (len(text) == 1 and not text.isalnum() and text not in MARKS))
        and "<img" not in block.html
        and not any(cell.strip() for cell in block.cells)
    )


def is_numbered_top(block: Block) -> bool:
    return (
        block.kind == "list_item"
        and block.list_kind == "numbered"
        and block.level == 0
        and list_letter(block.list_label) is None
    )


def is_marked(block: Block, text: str) -> bool:
    stripped = text.strip()
    return block.all_bold or stripped[:1] in MARKS or stripped[-1:] in MARKS


def reading_blocks(blocks: tuple[Block, ...]) -> list[Block]:
    """The blocks of a document as the reader reads them (empty ones left out)."""
    return [
        line
        for block in table_blocks(blocks)
        for line in block_lines(with_html(block))
        if not is_empty(line)
    ]


class ReaderState:
    """What reading a document accumulates, shared by its parts (`extract_reader.Reader`)."""

    def __init__(
        self, blocks: tuple[Block, ...], *, eager: bool = False, loose: bool = False
    ) -> None:
        #: Every numbered line starts a question, evidence or not (for documents that hold
        #: nothing but free-text questions).
        self.eager = eager
        #: A bold or "…?" paragraph starts a question (documents with no numbers at all,
        #: whose unlabelled choices follow each stem).
        self.loose = loose
        self.blocks = reading_blocks(blocks)
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
        #: The index of a grid's letter row, read along with the number row above it.
        self._grid_letters = -1
        self._pending: Line | None = None

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
