"""The neutral question bank every interchange reader produces and every writer takes.

It knows nothing of the database: services turn a bank into scenarios and scenarios into a
bank. A bank holds what the formats hold (partial credit, names, shuffle, branch rules, files)
so that a reader and a writer of the same format round-trip it; what quizflow itself cannot
keep is reported when the bank is imported, never dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

#: single: one choice is chosen; multiple: any set; text: a written answer (not auto-graded).
Kind = Literal["single", "multiple", "text"]
FORMATS = ("gift", "aiken", "moodle-xml", "qti3")
Format = Literal["gift", "aiken", "moodle-xml", "qti3"]

#: Reader limits: past these a file is refused as hostile rather than read.
MAX_QUESTIONS = 50_000
MAX_CHOICES = 100
MAX_TEXT_CHARS = 1_000_000


def fraction(value: float) -> float:
    """A credit fraction as every reader and writer keeps it: 7 decimals, like Moodle."""
    return round(value, 7) + 0.0  # + 0.0 turns -0.0 into 0.0


@dataclass(frozen=True, slots=True)
class Note:
    """Something a reader or writer could not keep as it was, said of one item."""

    item: str
    message: str


@dataclass(frozen=True, slots=True)
class BankChoice:
    label: str
    body_html: str
    #: Credit for choosing it, -1..1 of the question's points; > 0 means a correct choice.
    fraction: float = 0.0
    feedback_html: str | None = None

    @property
    def is_correct(self) -> bool:
        return self.fraction > 0


@dataclass(frozen=True, slots=True)
class BankRule:
    """Where the flow goes after a question: a quizflow condition and a target (None: end)."""

    condition: str
    target: str | None


@dataclass(frozen=True, slots=True)
class BankQuestion:
    #: Unique within the bank: the source's identifier, or one made up from its position.
    id: str
    kind: Kind
    prompt_html: str
    choices: tuple[BankChoice, ...] = ()
    points: int = 1
    name: str | None = None
    general_feedback_html: str | None = None
    shuffle: bool = False
    #: Tried in order; empty means "the next question" (or the end after the last one).
    rules: tuple[BankRule, ...] = ()
    #: Where it came from, for people: "line 12", "question 3", "item q1.xml".
    source: str = field(default="", compare=False)

    @property
    def correct_labels(self) -> tuple[str, ...]:
        return tuple(c.label for c in self.choices if c.is_correct)


@dataclass(frozen=True, slots=True)
class BankScenario:
    title: str
    questions: tuple[BankQuestion, ...]
    context_html: str = ""


@dataclass(frozen=True, slots=True)
class BankFile:
    """A file the texts refer to by `key`, a storage content key (objects/ab/<sha256>.<ext>)."""

    key: str
    media_type: str
    data: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class Bank:
    scenarios: tuple[BankScenario, ...]
    files: tuple[BankFile, ...] = ()
    #: What the reader converted or skipped, per item (never part of a round trip).
    notes: tuple[Note, ...] = field(default=(), compare=False)

    @property
    def questions(self) -> tuple[BankQuestion, ...]:
        return tuple(q for s in self.scenarios for q in s.questions)


@dataclass(frozen=True, slots=True)
class Written:
    """A writer's output and what it could not keep, per item."""

    data: bytes
    notes: tuple[Note, ...] = ()


class NoteList:
    """Notes collected while reading or writing one file."""

    def __init__(self) -> None:
        self.items: list[Note] = []

    def add(self, item: str, message: str) -> None:
        self.items.append(Note(item, message))

    def freeze(self) -> tuple[Note, ...]:
        return tuple(self.items)


def letter(index: int) -> str:
    """A, B, … Z, then AA, AB…: the label of the index-th choice when the source has none."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(65 + rest) + label
    return label


def category_title(path: str, fallback: str) -> str:
    """A Moodle category path (`$course$/top/A/B`) as a scenario title (`A/B`)."""
    parts = [p.strip() for p in path.strip().split("/")]
    parts = [p for p in parts if p and p not in {"$course$", "$cat1$", "$module$", "$system$"}]
    if parts and parts[0] == "top":
        parts = parts[1:]
    return "/".join(parts) or fallback


def percent(value: float) -> str:
    """A fraction as the percentage GIFT and Moodle XML write (`50`, `33.33333`, `-100`)."""
    return f"{value * 100:.5f}".rstrip("0").rstrip(".")
