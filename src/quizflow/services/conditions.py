"""Link conditions for the studio: parse the text into a tree of JSON objects, for authors."""

from __future__ import annotations

from typing import Any

from quizflow.auth import Principal
from quizflow.flow.condition_nodes import (
    And,
    AnswerHas,
    AnswerIn,
    AnswerIs,
    AnswerIsNot,
    AnswerSetIs,
    Condition,
    Correctness,
    Default,
    Not,
    Or,
    ScoreCompare,
    TextContains,
    TextMatches,
)
from quizflow.flow.conditions import format_condition, parse_condition
from quizflow.services import access


def parse(*, actor: Principal, text: str) -> tuple[str, dict[str, Any]]:
    """The normalised text and the tree of a condition; raises ConditionSyntaxError (with the
    1-based column and what was expected there), ForbiddenError for learners."""
    access.require_author(actor, "edit link conditions")
    condition = parse_condition(text)
    return format_condition(condition), condition_tree(condition)


def _operands(node: Condition, kind: type[And] | type[Or]) -> list[dict[str, Any]]:
    """`a and b and c` is one node of three operands, not two nested binary ones."""
    if isinstance(node, kind):
        return _operands(node.left, kind) + _operands(node.right, kind)
    return [condition_tree(node)]


def condition_tree(condition: Condition) -> dict[str, Any]:
    """The condition as JSON: objects told apart by `kind` (see the contract's Tree)."""
    match condition:
        case Default():
            return {"kind": "default"}
        case Correctness(expected):
            return {"kind": "correct" if expected else "incorrect"}
        case AnswerIs(label):
            return {"kind": "answer_is", "label": label.upper()}
        case AnswerIsNot(label):
            return {"kind": "answer_is_not", "label": label.upper()}
        case AnswerHas(label):
            return {"kind": "answer_has", "label": label.upper()}
        case AnswerIn(labels):
            return {"kind": "answer_in", "labels": sorted(label.upper() for label in labels)}
        case AnswerSetIs(labels):
            return {"kind": "answer_set_is", "labels": sorted(label.upper() for label in labels)}
        case ScoreCompare(op, value):
            return {"kind": "score", "op": op, "value": value}
        case TextContains(needle):
            return {"kind": "text_contains", "text": needle}
        case TextMatches(pattern):
            return {"kind": "text_matches", "pattern": pattern}
        case Not(operand):
            return {"kind": "not", "operand": condition_tree(operand)}
        case And():
            return {"kind": "and", "operands": _operands(condition, And)}
        case Or():
            return {"kind": "or", "operands": _operands(condition, Or)}
