"""SVG rendering through Graphviz's `dot` (the real program; a fake one only for its failure)."""

import shutil
import stat
from pathlib import Path

import pytest

from quizflow.diagrams.svg import render_svg
from quizflow.errors import DiagramRenderError, GraphvizMissingError
from quizflow.flow.diagrams import to_dot
from quizflow.flow.model import Choice, Flow, Link, Question

FLOW = Flow(
    "q1",
    (
        Question("q1", True, False, 1, (Choice("a", "A", False), Choice("b", "B", True))),
        Question("q2", False, False, 1),
    ),
    (Link("l1", "q1", "q2", "ANSWER in [b]", 0), Link("l2", "q1", None, "default", 0)),
)
TITLES = {"q1": 'Pick "one"', "q2": "Second"}


def test_svg_without_graphviz_raises_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(GraphvizMissingError, match="Graphviz") as caught:
        render_svg(to_dot(FLOW))
    assert caught.value.status == 501


def fake_dot(tmp_path: Path, script: str) -> str:
    path = tmp_path / "dot"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def test_svg_renders_the_flow_with_graphviz() -> None:
    # Real Graphviz (`make install` installs it from the system's packages).
    svg = render_svg(to_dot(FLOW, titles=TITLES))
    assert svg.lstrip().startswith("<?xml") or "<svg" in svg[:500]
    assert "</svg>" in svg
    assert "Second" in svg
    assert svg.count('class="node"') >= len(FLOW.questions)
    assert svg.count('class="edge"') >= 1


def test_svg_reports_a_graphviz_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dot = fake_dot(tmp_path, "echo 'syntax error in line 3' >&2; exit 1\n")
    monkeypatch.setattr(shutil, "which", lambda name: dot)
    with pytest.raises(DiagramRenderError, match="syntax error in line 3"):
        render_svg(to_dot(FLOW))
