"""SVG from Graphviz DOT text, rendered by Graphviz's `dot` program."""

from __future__ import annotations

import shutil
import subprocess

from quizflow.errors import DiagramRenderError, GraphvizMissingError


def render_svg(dot_source: str, *, timeout_s: float = 30.0) -> str:
    """Render DOT text (such as `quizflow.flow.diagrams.to_dot`'s) to SVG with `dot`.

    Raises GraphvizMissingError when `dot` is not installed, DiagramRenderError when it fails.
    """
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissingError(
            "rendering a diagram as SVG needs Graphviz's `dot` program, which is not installed "
            "on this server; install Graphviz, or ask for the Mermaid or DOT text instead"
        )
    try:
        # The executable is the one found on PATH and the source goes through stdin: no shell.
        done = subprocess.run(  # noqa: S603
            [dot, "-Tsvg"],
            input=dot_source,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout_s,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DiagramRenderError(f"Graphviz could not render the diagram: {exc}") from exc
    if done.returncode != 0:
        detail = done.stderr.strip()[:500] or f"exit status {done.returncode}"
        raise DiagramRenderError(f"Graphviz could not render the diagram: {detail}")
    return done.stdout
