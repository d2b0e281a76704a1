"""Pictures of a flow as text: Mermaid and Graphviz DOT (`quizflow.diagrams.svg` renders DOT).

Titles and conditions are author text, so every label is escaped for its format: nothing an
author writes can end a label early or add a statement to the diagram.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from quizflow.errors import ConditionSyntaxError
from quizflow.flow.conditions import format_condition, parse_condition
from quizflow.flow.model import Flow, Question

MAX_TITLE_LENGTH = 80
# Mermaid reads these as syntax even in a quoted label in some versions; its entity codes
# (#quot; #35; …) render as the character itself.
_MERMAID_ENTITIES = {
    "#": "#35;", '"': "#quot;", "&": "#amp;", "<": "#lt;", ">": "#gt;", "`": "#96;",
    "|": "#124;", ";": "#59;", "[": "#91;", "]": "#93;", "{": "#123;", "}": "#125;",
    "(": "#40;", ")": "#41;", "%": "#37;", "\n": " ", "\r": " ",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Node:
    key: str
    lines: tuple[str, ...]
    kind: Literal["question", "start", "end", "missing"] = "question"


@dataclass(frozen=True, slots=True)
class _Edge:
    source: str
    target: str
    label: str | None


def _title(question: Question, titles: Mapping[str, str]) -> str:
    title = " ".join(titles.get(question.id, question.id).split())
    return title if len(title) <= MAX_TITLE_LENGTH else title[: MAX_TITLE_LENGTH - 1] + "…"


def _answer_line(question: Question) -> str:
    if not question.is_multiple_choice:
        return "(free text)"
    correct = ", ".join(sorted(question.correct_labels))
    return f"✓ {correct}" if correct else "(no correct choice)"


def _condition_label(condition: str) -> str:
    try:
        return format_condition(parse_condition(condition))
    except ConditionSyntaxError:
        return f"⚠ invalid: {condition}"


def _graph(flow: Flow, titles: Mapping[str, str]) -> tuple[list[_Node], list[_Edge]]:
    # Keys are q<n>, x<n>, qstart and qend: never a keyword (Mermaid breaks on a node `end`).
    keys = {question.id: f"q{i}" for i, question in enumerate(flow.questions)}
    nodes = [_Node(keys[q.id], (_title(q, titles), _answer_line(q))) for q in flow.questions]
    edges: list[_Edge] = []
    if flow.first_question_id in keys:
        nodes.insert(0, _Node("qstart", ("Start",), "start"))
        edges.append(_Edge("qstart", keys[flow.first_question_id], None))
    ends = False
    for question in flow.questions:
        links = flow.links_from(question.id)
        if not links:  # a question without links ends the scenario
            edges.append(_Edge(keys[question.id], "qend", None))
            ends = True
        for link in links:
            target = link.to_question_id
            if target is None:
                key, ends = "qend", True
            elif target in keys:
                key = keys[target]
            else:
                key = keys[target] = f"x{len(keys)}"
                nodes.append(_Node(key, ("? missing question", target), "missing"))
            edges.append(_Edge(keys[question.id], key, _condition_label(link.condition)))
    if ends:
        nodes.append(_Node("qend", ("End",), "end"))
    return nodes, edges


def _mermaid_text(text: str) -> str:
    return "".join(_MERMAID_ENTITIES.get(char, char) for char in text)


def to_mermaid(flow: Flow, *, titles: Mapping[str, str] | None = None) -> str:
    """A Mermaid flowchart: one node per question (title and ✓ correct labels), an End node,
    and each link labelled with its canonical condition."""
    nodes, edges = _graph(flow, titles or {})
    shapes = {
        "question": '["{}"]',
        "start": '(("{}"))',
        "end": '(("{}"))',
        "missing": '{{{{"{}"}}}}',
    }
    lines = ["flowchart TD"]
    for node in nodes:
        label = "<br/>".join(_mermaid_text(line) for line in node.lines)
        lines.append(f"    {node.key}{shapes[node.kind].format(label)}")
    for edge in edges:
        arrow = "-->" if edge.label is None else f'-->|"{_mermaid_text(edge.label)}"|'
        lines.append(f"    {edge.source} {arrow} {edge.target}")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    # Backslashes first, so that the `\"` added next is the only escape left in author text.
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", " ")


def to_dot(flow: Flow, *, titles: Mapping[str, str] | None = None) -> str:
    """The same diagram as `to_mermaid`, as Graphviz DOT."""
    nodes, edges = _graph(flow, titles or {})
    shapes = {"question": "box", "start": "circle", "end": "doublecircle", "missing": "octagon"}
    lines = [
        "digraph flow {",
        "    rankdir=TB;",
        '    node [shape=box, style=rounded, fontname="Helvetica"];',
        '    edge [fontname="Helvetica", fontsize=10];',
    ]
    for node in nodes:
        label = "\\n".join(_dot_text(line) for line in node.lines)
        lines.append(f'    "{node.key}" [label="{label}", shape={shapes[node.kind]}];')
    for edge in edges:
        attributes = "" if edge.label is None else f' [label="{_dot_text(edge.label)}"]'
        lines.append(f'    "{edge.source}" -> "{edge.target}"{attributes};')
    return "\n".join([*lines, "}"]) + "\n"
