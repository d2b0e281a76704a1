"""The typed AST of link conditions: what `conditions.parse_condition` returns.

Frozen, hashable and comparable, so two parses of the same text are equal. Labels are stored
upper-cased by the parser; the queries below upper-case them again for hand-built nodes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

ScoreOp: TypeAlias = Literal["<", "<=", ">", ">=", "==", "!="]
SCORE_OPS: tuple[ScoreOp, ...] = ("<", "<=", ">", ">=", "==", "!=")


@dataclass(frozen=True, slots=True)
class Default:
    """`default`: taken only when no other link of the question matches."""


@dataclass(frozen=True, slots=True)
class AnswerIs:
    """`answer == A`: exactly this one label was chosen."""

    label: str


@dataclass(frozen=True, slots=True)
class AnswerIsNot:
    """`answer != A`: a choice was made and it is not exactly this label."""

    label: str


@dataclass(frozen=True, slots=True)
class AnswerIn:
    """`answer in [A, B]`: at least one of these labels was chosen."""

    labels: frozenset[str]


@dataclass(frozen=True, slots=True)
class AnswerSetIs:
    """`answer == [A, C]`: the chosen labels are exactly these."""

    labels: frozenset[str]


@dataclass(frozen=True, slots=True)
class AnswerHas:
    """`answer has A`: this label is among the chosen ones."""

    label: str


@dataclass(frozen=True, slots=True)
class Correctness:
    """`correct` / `incorrect`; false either way for an ungraded (free-text) answer."""

    expected: bool


@dataclass(frozen=True, slots=True)
class ScoreCompare:
    """`score >= 3`: the attempt's running score, this answer included."""

    op: ScoreOp
    value: int


@dataclass(frozen=True, slots=True)
class TextContains:
    """`text contains "word"`: case-insensitive substring of the written answer."""

    needle: str


@dataclass(frozen=True, slots=True)
class TextMatches:
    """`text matches "regex"`: an RE2 search, case-insensitive, on the written answer."""

    pattern: str


@dataclass(frozen=True, slots=True)
class And:
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Or:
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Not:
    operand: Expr


Expr: TypeAlias = (
    AnswerIs | AnswerIsNot | AnswerIn | AnswerSetIs | AnswerHas | Correctness | ScoreCompare
    | TextContains | TextMatches | And | Or | Not
)  # fmt: skip
Condition: TypeAlias = Default | Expr  # `default` only ever stands alone


def _atoms(condition: Condition) -> list[Condition]:
    match condition:
        case And(left, right) | Or(left, right):
            return _atoms(left) + _atoms(right)
        case Not(operand):
            return _atoms(operand)
    return [condition]


def labels_in(condition: Condition) -> frozenset[str]:
    """Every choice label the condition names, upper-cased."""
    found: set[str] = set()
    for atom in _atoms(condition):
        if isinstance(atom, AnswerIs | AnswerIsNot | AnswerHas):
            found.add(atom.label.upper())
        elif isinstance(atom, AnswerIn | AnswerSetIs):
            found.update(label.upper() for label in atom.labels)
    return frozenset(found)


def uses_text(condition: Condition) -> bool:
    """Whether the condition tests written text (`text contains`, `text matches`)."""
    return any(isinstance(atom, TextContains | TextMatches) for atom in _atoms(condition))


def uses_choices(condition: Condition) -> bool:
    """Whether it tests something only a choice answer has: labels, `correct`, `incorrect`."""
    choice_tests = AnswerIs | AnswerIsNot | AnswerIn | AnswerSetIs | AnswerHas | Correctness
    return any(isinstance(atom, choice_tests) for atom in _atoms(condition))


def score_thresholds(condition: Condition) -> frozenset[int]:
    """The values the condition compares the score with."""
    return frozenset(a.value for a in _atoms(condition) if isinstance(a, ScoreCompare))
