"""QTI 3 assessment items: one choice or extended-text interaction each, both directions.

Written: the prompt in `qti-prompt`; single answer as `cardinality="single"`, `max-choices="1"`,
multiple as `cardinality="multiple"`, `max-choices="0"`; credit as a `qti-mapping` scaled to the
points (MAXSCORE) and scored with `qti-map-response`; per-choice feedback inline (shown for the
chosen identifiers through FEEDBACK), general feedback as a modal feedback.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from lxml import etree  # type: ignore[import-untyped]

from quizflow.interchange.model import (
    MAX_CHOICES,
    BankChoice,
    BankQuestion,
    NoteList,
    fraction,
    letter,
)
from quizflow.interchange.qti.content import ASI, XSI, append_html, inner_html, q
from quizflow.interchange.xml import local

SCHEMA_LOCATION = (
    f"{ASI} https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd"
)
_LABEL = re.compile(r"[A-Za-z0-9]{1,8}")
_INTERACTIONS = ("qti-choice-interaction", "qti-extended-text-interaction")


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    names = {k: k.replace("_", "-") for k in attrs} if attrs else {}
    element = etree.SubElement(parent, q(tag), {names[k]: v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _number(value: float) -> str:
    return f"{value:.7f}".rstrip("0").rstrip(".") or "0"


def _value_declaration(root: etree._Element, name: str, base: str, value: str) -> None:
    outcome = _sub(root, "qti-outcome-declaration", identifier=name, cardinality="single")
    outcome.set("base-type", base)
    _sub(_sub(outcome, "qti-default-value"), "qti-value", value)


def write_item(
    question: BankQuestion, identifier: str, notes: NoteList, src: Callable[[str], str]
) -> bytes:
    """The question as a qti-assessment-item document."""
    item = question.name or question.id
    root = etree.Element(q("qti-assessment-item"), nsmap={None: ASI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    root.set("identifier", identifier)
    root.set("title", question.name or question.id)
    root.set("adaptive", "false")
    root.set("time-dependent", "false")
    choice = question.kind != "text"
    cardinality = "multiple" if question.kind == "multiple" else "single"
    response = _sub(root, "qti-response-declaration", identifier="RESPONSE")
    response.set("cardinality", cardinality)
    response.set("base-type", "identifier" if choice else "string")
    if choice:
        top = max(c.fraction for c in question.choices)
        if question.kind == "single":
            correct = [c.label for c in question.choices if c.fraction == top and top > 0][:1]
        else:
            correct = [c.label for c in question.choices if c.is_correct]
        if correct:  # a question with no right answer has no correct response (the XSD says)
            values = _sub(response, "qti-correct-response")
            for label in correct:
                _sub(values, "qti-value", label)
        mapping = _sub(response, "qti-mapping", default_value="0", lower_bound="0")
        for c in question.choices:
            # A 0-point question's mapping holds the fractions themselves (scale 1).
            value = _number(c.fraction * (question.points or 1))
            _sub(mapping, "qti-map-entry", map_key=c.label, mapped_value=value)
    _value_declaration(root, "SCORE", "float", "0")
    _value_declaration(root, "MAXSCORE", "float", str(question.points))
    if choice:
        feedback = _sub(root, "qti-outcome-declaration", identifier="FEEDBACK")
        feedback.set("cardinality", cardinality)
        feedback.set("base-type", "identifier")
    if question.general_feedback_html:
        general = _sub(root, "qti-outcome-declaration", identifier="GENERAL")
        general.set("cardinality", "single")
        general.set("base-type", "identifier")
    body = _sub(root, "qti-item-body")
    lost: set[str] = set()
    if choice:
        interaction = _sub(body, "qti-choice-interaction", response_identifier="RESPONSE")
        interaction.set("shuffle", "true" if question.shuffle else "false")
        interaction.set("max-choices", "1" if question.kind == "single" else "0")
    else:
        interaction = _sub(body, "qti-extended-text-interaction", response_identifier="RESPONSE")
    lost |= append_html(_sub(interaction, "qti-prompt"), question.prompt_html, block=False, src=src)
    for c in question.choices:
        simple = _sub(interaction, "qti-simple-choice", identifier=c.label)
        lost |= append_html(simple, c.body_html, block=False, src=src)
        if c.feedback_html:
            inline = _sub(simple, "qti-feedback-inline", outcome_identifier="FEEDBACK")
            inline.set("identifier", c.label)
            inline.set("show-hide", "show")
            lost |= append_html(inline, c.feedback_html, block=False, src=src)
    _processing(root, choice, bool(question.general_feedback_html))
    if question.general_feedback_html:
        modal = _sub(root, "qti-modal-feedback", outcome_identifier="GENERAL", identifier="GENERAL")
        modal.set("show-hide", "show")
        lost |= append_html(
            _sub(modal, "qti-content-body"), question.general_feedback_html, block=True, src=src
        )
    if lost:
        notes.add(item, f"HTML kept as plain spans in QTI: {', '.join(sorted(lost))}")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _set(parent: etree._Element, identifier: str) -> etree._Element:
    return _sub(parent, "qti-set-outcome-value", identifier=identifier)


def _processing(root: etree._Element, choice: bool, general: bool) -> None:
    processing = _sub(root, "qti-response-processing")
    if choice:
        condition = _sub(processing, "qti-response-condition")
        when = _sub(condition, "qti-response-if")
        _sub(_sub(when, "qti-is-null"), "qti-variable", identifier="RESPONSE")
        _sub(_set(when, "SCORE"), "qti-base-value", "0", base_type="float")
        otherwise = _sub(condition, "qti-response-else")
        _sub(_set(otherwise, "SCORE"), "qti-map-response", identifier="RESPONSE")
        _sub(_set(processing, "FEEDBACK"), "qti-variable", identifier="RESPONSE")
    if general:
        _sub(_set(processing, "GENERAL"), "qti-base-value", "GENERAL", base_type="identifier")


# ---------------------------------------------------------------------------------------------
# Reading


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if local(child) == name]


def _first(element: etree._Element | None, name: str) -> etree._Element | None:
    if element is None:
        return None
    found = _children(element, name)
    return found[0] if found else None


def _body(modal: etree._Element) -> etree._Element:
    body = _first(modal, "qti-content-body")
    return modal if body is None else body


def _float(text: str | None, default: float = 0.0) -> float:
    try:
        return float((text or "").strip())
    except ValueError:
        return default


def _declaration(root: etree._Element, tag: str, identifier: str) -> etree._Element | None:
    for element in _children(root, tag):
        if element.get("identifier") == identifier:
            return element
    return None


def read_item(
    root: etree._Element,
    *,
    question_id: str,
    source: str,
    notes: NoteList,
    src: Callable[[str], str],
) -> tuple[BankQuestion, dict[str, str]] | None:
    """The question an item holds and its identifier → label map, or None (noted) if it has
    no interaction quizflow can keep."""
    title = root.get("title") or None
    if title == root.get("identifier"):  # what the writer puts when there is no name
        title = None
    item = f"{source} ({title})" if title else source
    body = _first(root, "qti-item-body")
    if body is None:
        notes.add(item, "skipped: the item has no qti-item-body")
        return None
    interactions = [e for e in body.iter() if local(e).endswith("-interaction")]
    kinds = {local(e) for e in interactions}
    if len(interactions) != 1 or not kinds <= set(_INTERACTIONS):
        if kinds <= {"qti-text-entry-interaction", "qti-extended-text-interaction"} and kinds:
            notes.add(item, "text entries kept as one free-text question")
        else:
            shown = ", ".join(sorted(k.removeprefix("qti-") for k in kinds)) or "no interaction"
            notes.add(item, f"skipped: {shown} is not supported")
            return None
    interaction = interactions[0]
    prompt = inner_html(body, skip=lambda e: e is interaction or interaction in e.iter(), src=src)
    inner_prompt = _first(interaction, "qti-prompt")
    if inner_prompt is not None:
        prompt = " ".join(p for p in (prompt, inner_html(inner_prompt, src=src)) if p)
    modal = [inner_html(_body(m), src=src) for m in _children(root, "qti-modal-feedback")]
    general = "".join(modal) or None
    points_element = _first(
        _declaration(root, "qti-outcome-declaration", "MAXSCORE"), "qti-default-value"
    )
    points_value = _float(_string(_first(points_element, "qti-value")), 1.0)
    points = max(0, min(1000, round(points_value)))
    if not prompt.strip() and title:
        notes.add(item, "the item has no prompt of its own; its title is the question")
        prompt = html.escape(title, quote=False)
    common = dict(id=question_id, prompt_html=prompt, points=points, name=title, source=source)
    if local(interaction) != "qti-choice-interaction":
        return BankQuestion(kind="text", general_feedback_html=general, **common), {}  # type: ignore[arg-type]
    response = _declaration(
        root, "qti-response-declaration", interaction.get("response-identifier") or ""
    )
    multiple = (response is not None and response.get("cardinality") == "multiple") or (
        interaction.get("max-choices", "1").strip() != "1"
    )
    choices, labels = _choices(interaction, response, points, item, notes, src)
    if len(choices) < 2:
        notes.add(item, "skipped: a choice interaction needs at least two choices")
        return None
    return (
        BankQuestion(
            kind="multiple" if multiple else "single",
            choices=tuple(choices),
            general_feedback_html=general,
            shuffle=interaction.get("shuffle", "false").strip() == "true",
            **common,  # type: ignore[arg-type]
        ),
        labels,
    )


def _string(element: etree._Element | None) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


def _choices(
    interaction: etree._Element,
    response: etree._Element | None,
    points: int,
    item: str,
    notes: NoteList,
    src: Callable[[str], str],
) -> tuple[list[BankChoice], dict[str, str]]:
    simple = _children(interaction, "qti-simple-choice")
    if len(simple) > MAX_CHOICES:
        notes.add(item, f"only the first {MAX_CHOICES} choices kept")
        simple = simple[:MAX_CHOICES]
    identifiers = [c.get("identifier") or str(i) for i, c in enumerate(simple)]
    keep = all(_LABEL.fullmatch(i) for i in identifiers) and len(set(identifiers)) == len(
        identifiers
    )
    labels = {ident: ident if keep else letter(i) for i, ident in enumerate(identifiers)}
    declared = _first(response, "qti-correct-response")
    values = _children(declared, "qti-value") if declared is not None else []
    correct = {_string(v) for v in values}
    mapping = _first(response, "qti-mapping")
    mapped: dict[str, float] = {}
    if mapping is not None:
        for entry in _children(mapping, "qti-map-entry"):
            mapped[(entry.get("map-key") or "").strip()] = _float(entry.get("mapped-value"))
    scale = points or 1
    choices = []
    for ident, element in zip(identifiers, simple, strict=True):
        if mapping is not None:
            credit = fraction(max(-1.0, min(1.0, mapped.get(ident, 0.0) / scale)))
        else:
            credit = 1.0 if ident in correct else 0.0
        feedback = "".join(
            inner_html(f, src=src) for f in element.iter() if local(f) == "qti-feedback-inline"
        )
        body = inner_html(element, skip=lambda e: local(e) == "qti-feedback-inline", src=src)
        choices.append(BankChoice(labels[ident], body, credit, feedback or None))
    return choices, labels
