"""quizflow link conditions as QTI 3 expressions (for `qti-branch-rule`) and back.

Each condition of the question it follows reads that item's RESPONSE (`item.RESPONSE`):
`answer == A` is `qti-match` with A (or with the set {A} for a multiple response),
`answer in [...]` `qti-member` (`qti-any-n` of them for a multiple response),
`answer has A` `qti-member` of A in the response,
`correct` `qti-match` with `qti-correct`, `text contains` `qti-substring`; not/and/or nest.
`score` and `text matches` have no QTI outcome here: they are refused (the caller reports).
"""

from __future__ import annotations

from lxml import etree  # type: ignore[import-untyped]

from quizflow.flow.conditions import (
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
)
from quizflow.interchange.qti.content import q
from quizflow.interchange.xml import local


class NotExpressible(Exception):
    """A condition QTI cannot say; its message says why, for the export's notes."""


def _el(
    tag: str, *children: etree._Element, text: str | None = None, **attrs: str
) -> etree._Element:
    element = etree.Element(q(tag), {k.replace("_", "-"): v for k, v in attrs.items()})
    element.text = text
    element.extend(children)
    return element


def _id(label: str) -> etree._Element:
    return _el("qti-base-value", text=label, base_type="identifier")


def _ids(labels: frozenset[str]) -> etree._Element:
    return _el("qti-multiple", *(_id(label) for label in sorted(labels)))


def to_qti(condition: Condition, item: str, multiple: bool) -> etree._Element:
    """The expression for `condition` after item `item`; raises NotExpressible."""
    if isinstance(condition, Default):
        return _el("qti-base-value", text="true", base_type="boolean")
    return _expr(condition, item, multiple)


def _expr(node: Expr, item: str, multiple: bool) -> etree._Element:
    var = _el("qti-variable", identifier=f"{item}.RESPONSE")
    match node:
        case AnswerIs(label):
            return _el("qti-match", var, _ids(frozenset({label})) if multiple else _id(label))
        case AnswerIsNot(label):
            return _el("qti-not", _expr(AnswerIs(label), item, multiple))
        case AnswerSetIs(labels):
            return _el("qti-match", var, _ids(labels))
        case AnswerHas(label):
            return _el("qti-member", _id(label), var)
        case AnswerIn(labels) if not multiple:
            return _el("qti-member", var, _ids(labels))
        case AnswerIn(labels):  # "at least one of": any-n, so that it reads back as itself
            members = [
                _el("qti-member", _id(x), _el("qti-variable", identifier=f"{item}.RESPONSE"))
                for x in sorted(labels)
            ]
            return _el("qti-any-n", *members, min="1", max=str(len(members)))
        case Correctness(expected):
            test = _el("qti-match", var, _el("qti-correct", identifier=f"{item}.RESPONSE"))
            return test if expected else _el("qti-not", test)
        case TextContains(needle):
            base = _el("qti-base-value", text=needle, base_type="string")
            return _el("qti-substring", base, var, case_sensitive="false")
        case And(left, right):
            return _el("qti-and", _expr(left, item, multiple), _expr(right, item, multiple))
        case Or(left, right):
            return _el("qti-or", _expr(left, item, multiple), _expr(right, item, multiple))
        case Not(operand):
            return _el("qti-not", _expr(operand, item, multiple))
        case ScoreCompare():
            raise NotExpressible("a score condition has no QTI outcome here")
        case TextMatches():
            raise NotExpressible("a regular expression test (RE2) has no QTI equivalent")
    raise NotExpressible(f"{type(node).__name__} has no QTI form")


# ---------------------------------------------------------------------------------------------
# Reading


class NotUnderstood(Exception):
    """An expression outside the forms above."""


def _kids(element: etree._Element) -> list[etree._Element]:
    return [child for child in element if isinstance(child.tag, str)]


def _variable_item(element: etree._Element) -> str:
    if local(element) != "qti-variable":
        raise NotUnderstood(local(element))
    identifier = element.get("identifier") or ""
    item, dot, variable = identifier.rpartition(".")
    if not dot or variable != "RESPONSE":
        raise NotUnderstood(f"variable {identifier}")
    return item


def _labels(element: etree._Element, labels: dict[str, str]) -> frozenset[str]:
    if local(element) == "qti-base-value":
        values = [element]
    elif local(element) == "qti-multiple":
        values = _kids(element)
    else:
        raise NotUnderstood(local(element))
    try:
        return frozenset(labels[(v.text or "").strip()] for v in values)
    except KeyError as exc:
        raise NotUnderstood(f"choice {exc}") from exc


def from_qti(element: etree._Element, labels: dict[str, dict[str, str]]) -> tuple[str, Condition]:
    """The item an expression tests and the condition it says; raises NotUnderstood.

    `labels` maps each item identifier to its choice identifiers' labels.
    """
    if local(element) == "qti-base-value" and (element.text or "").strip() == "true":
        return "", Default()
    found: set[str] = set()
    expression = _read(element, labels, found)
    if len(found) != 1:
        raise NotUnderstood("an expression over several items")
    return found.pop(), expression


def _read(element: etree._Element, labels: dict[str, dict[str, str]], found: set[str]) -> Expr:
    tag, kids = local(element), _kids(element)
    if tag in {"qti-and", "qti-or"} and len(kids) >= 2:
        parts = [_read(k, labels, found) for k in kids]
        result = parts[0]
        for part in parts[1:]:
            result = And(result, part) if tag == "qti-and" else Or(result, part)
        return result
    if tag == "qti-any-n" and element.get("min", "").strip() == "1" and kids:
        parts = [_read(k, labels, found) for k in kids]
        if all(isinstance(p, AnswerHas) for p in parts):
            return AnswerIn(frozenset(p.label for p in parts if isinstance(p, AnswerHas)))
        raise NotUnderstood("qti-any-n over other tests")
    if tag == "qti-not" and len(kids) == 1:
        inner = _read(kids[0], labels, found)
        if isinstance(inner, AnswerIs):
            return AnswerIsNot(inner.label)
        if isinstance(inner, Correctness):
            return Correctness(not inner.expected)
        return Not(inner)
    if len(kids) != 2:
        raise NotUnderstood(tag)
    first, second = kids
    if tag == "qti-substring":
        item = _variable_item(second)
        found.add(item)
        return TextContains((first.text or "").strip())
    if tag == "qti-member" and local(first) == "qti-variable":
        item = _variable_item(first)
        found.add(item)
        return AnswerIn(_labels(second, labels.get(item, {})))
    if tag == "qti-member":
        item = _variable_item(second)
        found.add(item)
        [label] = _labels(first, labels.get(item, {}))
        return AnswerHas(label)
    if tag == "qti-match":
        item = _variable_item(first)
        found.add(item)
        if local(second) == "qti-correct":
            return Correctness(True)
        chosen = _labels(second, labels.get(item, {}))
        if local(second) == "qti-base-value" or len(chosen) == 1:
            return AnswerIs(next(iter(chosen)))
        return AnswerSetIs(chosen)
    raise NotUnderstood(tag)
