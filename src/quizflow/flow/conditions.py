"""The condition language of links: parse (lark, LALR) into a typed AST, print, evaluate.

Conditions are data, never code: they are parsed by `conditions.lark` and evaluated by walking
the AST of `condition_nodes`. `parse_condition(format_condition(ast)) == ast` for every AST.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from lark import Lark, Token, Tree, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from quizflow.errors import ConditionSyntaxError
from quizflow.flow.condition_nodes import (
    SCORE_OPS,
    And,
    AnswerHas,
    AnswerIn,
    AnswerIs,
    AnswerIsNot,
    AnswerSetIs,
    Condition,
    Correctness,
    Default,
    Expr,
    Not,
    Or,
    ScoreCompare,
    TextContains,
    TextMatches,
    labels_in,
    uses_choices,
    uses_text,
)
from quizflow.flow.model import Response
from quizflow.flow.patterns import pattern_problem, search

__all__ = [
    "And", "AnswerHas", "AnswerIn", "AnswerIs", "AnswerIsNot", "AnswerSetIs", "Condition",
    "Correctness", "Default", "Expr", "Not", "Or", "ScoreCompare", "TextContains", "TextMatches",
    "evaluate", "format_condition", "labels_in", "parse_condition", "uses_choices", "uses_text",
]  # fmt: skip

MAX_CONDITION_LENGTH = 2_000

_READABLE = {
    "_DEFAULT": "'default'", "_ANSWER": "'answer'", "_CORRECT": "'correct'",
    "_INCORRECT": "'incorrect'", "_SCORE": "'score'", "_TEXT": "'text'", "_NOT": "'not'",
    "_LPAR": "'('", "_EQ": "'=='", "_NE": "'!='", "_IN": "'in'", "_HAS": "'has'",
    "LABEL": "a choice label", "_LSQB": "'['", "_COMMA": "','", "_RSQB": "']'",
    "SCORE_OP": "a comparison (<, <=, >, >=, ==, !=)", "INT": "a whole number",
    "_CONTAINS": "'contains'", "_MATCHES": "'matches'", "STRING": 'a "quoted string"',
    "_AND": "'and'", "_OR": "'or'", "_RPAR": "')'", "$END": "the end of the condition",
}  # fmt: skip
_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "r": "\r", "t": "\t"}
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_OPS: dict[str, Callable[[int, int], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt,
    ">=": operator.ge, "==": operator.eq, "!=": operator.ne,
}  # fmt: skip


@lru_cache(maxsize=1)
def _parser() -> Lark:
    grammar = resources.files(__package__).joinpath("conditions.lark").read_text("utf-8")
    return Lark(grammar, parser="lalr", lexer="contextual")


class _Invalid(Exception):
    """Raised inside the tree walk; turned into ConditionSyntaxError with the source text."""

    def __init__(self, reason: str, column: int) -> None:
        super().__init__(reason)
        self.reason, self.column = reason, column


def _syntax_error(text: str, reason: str, column: int, expected: list[str]) -> ConditionSyntaxError:
    shown = text if len(text) <= 80 else text[:79] + "…"
    return ConditionSyntaxError(
        f'condition "{shown}": {reason} at column {column}',
        condition=text, column=column, expected=expected,
    )  # fmt: skip


def _human_list(words: list[str]) -> str:
    if len(words) <= 2:
        return " or ".join(words)
    return ", ".join(words[:-1]) + ", or " + words[-1]


@lru_cache(maxsize=4096)
def parse_condition(text: str) -> Condition:
    """Parse a link condition into its AST (cached per text); raise ConditionSyntaxError."""
    if len(text) > MAX_CONDITION_LENGTH:
        reason = f"a condition is at most {MAX_CONDITION_LENGTH} characters long"
        raise _syntax_error(text, reason, MAX_CONDITION_LENGTH + 1, [])
    try:
        return _build(_parser().parse(text))
    except _Invalid as exc:
        raise _syntax_error(text, exc.reason, exc.column, []) from exc
    except UnexpectedInput as exc:
        names: set[str] = set()
        column = exc.column
        if isinstance(exc, UnexpectedToken):
            names = set(exc.accepts or exc.expected)
            if exc.token.type == "$END":
                column = len(text) + 1
        elif isinstance(exc, UnexpectedCharacters):
            names = set(exc.allowed or ())
        names = {"$END" if name == "<END-OF-FILE>" else name for name in names}
        expected = [word for name, word in _READABLE.items() if name in names]
        expected += sorted(names - _READABLE.keys())
        reason = "expected " + _human_list(expected) if expected else "unexpected input"
        raise _syntax_error(text, reason, max(column, 1), expected) from exc


def _build(node: Tree[Token]) -> Condition:
    return Default() if node.data == "default" else _expr(node)


def _expr(node: Tree[Token] | Token) -> Expr:
    assert isinstance(node, Tree), "the grammar only yields tokens inside rules"
    kids = node.children
    match node.data:
        case "or_":
            return Or(_expr(kids[0]), _expr(kids[1]))
        case "and_":
            return And(_expr(kids[0]), _expr(kids[1]))
        case "not_":
            return Not(_expr(kids[0]))
        case "answer_is":
            return AnswerIs(str(kids[0]).upper())
        case "answer_is_not":
            return AnswerIsNot(str(kids[0]).upper())
        case "answer_has":
            return AnswerHas(str(kids[0]).upper())
        case "answer_in" | "answer_set_is":
            assert isinstance(kids[0], Tree)
            labels = frozenset(str(tok).upper() for tok in kids[0].children)
            return AnswerIn(labels) if node.data == "answer_in" else AnswerSetIs(labels)
        case "correct" | "incorrect":
            return Correctness(expected=node.data == "correct")
        case "score":
            op = next(op for op in SCORE_OPS if op == kids[0])
            return ScoreCompare(op, int(str(kids[1])))
        case "text_contains":
            return TextContains(_unquote(str(kids[0])))
        case "text_matches":
            assert isinstance(kids[0], Token)
            return TextMatches(_checked_pattern(_unquote(str(kids[0])), kids[0].column or 1))
    raise AssertionError(f"unknown rule {node.data}")


def _unquote(token: str) -> str:
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m[1], m[0]), token[1:-1])


def _quote(value: str) -> str:
    for raw, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
        value = value.replace(raw, escaped)
    return f'"{value}"'


def _checked_pattern(pattern: str, column: int) -> str:
    problem = pattern_problem(pattern)
    if problem is not None:
        raise _Invalid(problem, column)
    return pattern


_PRECEDENCE = {Or: 1, And: 2, Not: 3}


def _wrapped(node: Expr, at_least: int) -> str:
    text = format_condition(node)
    return f"({text})" if _PRECEDENCE.get(type(node), 4) < at_least else text


def format_condition(condition: Condition) -> str:
    """The canonical text of a condition: lower-case keywords, upper-case sorted labels."""
    match condition:
        case Default():
            return "default"
        case Or(left, right):
            return f"{_wrapped(left, 1)} or {_wrapped(right, 2)}"
        case And(left, right):
            return f"{_wrapped(left, 2)} and {_wrapped(right, 3)}"
        case Not(operand):
            return f"not {_wrapped(operand, 3)}"
        case AnswerIs(label):
            return f"answer == {label.upper()}"
        case AnswerIsNot(label):
            return f"answer != {label.upper()}"
        case AnswerHas(label):
            return f"answer has {label.upper()}"
        case AnswerIn(labels) | AnswerSetIs(labels):
            listed = ", ".join(sorted(label.upper() for label in labels))
            keyword = "in" if isinstance(condition, AnswerIn) else "=="
            return f"answer {keyword} [{listed}]"
        case Correctness(expected):
            return "correct" if expected else "incorrect"
        case ScoreCompare(op, value):
            return f"score {op} {value}"
        case TextContains(needle):
            return f"text contains {_quote(needle)}"
        case TextMatches(pattern):
            return f"text matches {_quote(pattern)}"


def evaluate(
    condition: Condition, *, response: Response, is_correct: bool | None, score: int
) -> bool:
    """Whether the condition holds for this answer; never raises.

    Choice tests are false for a written answer, text tests are false without text, and
    `correct`/`incorrect` are both false for an ungraded answer (`is_correct=None`).
    """
    # The whole answer is tested: `text matches` runs in linear time (RE2), so no prefix cut
    # is needed to bound it, and a cut would make `$` and late words miss on long answers.
    chosen, text = response.labels, response.text

    def holds(node: Condition) -> bool:
        match node:
            case Default():
                return True
            case Or(left, right):
                return holds(left) or holds(right)
            case And(left, right):
                return holds(left) and holds(right)
            case Not(operand):
                return not holds(operand)
            case AnswerIs(label):
                return chosen == {label.upper()}
            case AnswerIsNot(label):
                return bool(chosen) and chosen != {label.upper()}
            case AnswerHas(label):
                return label.upper() in chosen
            case AnswerIn(labels):
                return any(label.upper() in chosen for label in labels)
            case AnswerSetIs(labels):
                return bool(chosen) and chosen == {label.upper() for label in labels}
            case Correctness(expected):
                return is_correct is not None and is_correct == expected
            case ScoreCompare(op, value):
                return _OPS[op](score, value)
            case TextContains(needle):
                return text is not None and needle.casefold() in text.casefold()
            case TextMatches(pattern):
                return text is not None and search(pattern, text)

    return holds(condition)
