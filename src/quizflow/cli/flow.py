"""`quizflow flow …`: check a scenario's branching and draw it."""

from __future__ import annotations

import enum
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from quizflow.cli.runtime import console, get_sessions
from quizflow.cli.targets import SCENARIO_HELP, local_admin, resolve_scenario
from quizflow.errors import InvalidInputError

if TYPE_CHECKING:
    from quizflow.services import publishing

app = typer.Typer(help="Check and draw a scenario's flow (its draft).", no_args_is_help=True)


class DiagramChoice(enum.StrEnum):
    MERMAID = "mermaid"
    DOT = "dot"
    SVG = "svg"


_FORMATS: dict[DiagramChoice, publishing.DiagramFormat] = {
    DiagramChoice.MERMAID: "mermaid",
    DiagramChoice.DOT: "dot",
    DiagramChoice.SVG: "svg",
}


@app.command()
def check(scenario: Annotated[str, typer.Argument(help=SCENARIO_HELP)]) -> None:
    """List what blocks publishing (errors) and what looks odd (warnings). Exit 1 on any error."""
    from quizflow.services import publishing, scenarios

    sessions = get_sessions()
    scenario_id = resolve_scenario(sessions, scenario)
    admin = local_admin(sessions)
    issues = publishing.validate_scenario(sessions=sessions, actor=admin, scenario_id=scenario_id)
    if not issues:
        console.print("No problems found.")
        return
    draft = scenarios.get_scenario(sessions=sessions, actor=admin, scenario_id=scenario_id).content
    table = Table("severity", "code", "question", "message")
    for issue in issues:
        question = "—"
        if issue.question_id is not None:
            question_id = uuid.UUID(issue.question_id)
            if draft.has_question(question_id):
                question = f"Q{draft.number_of(question_id)}"
        # Messages quote author text (titles, conditions): shown as they are, never as markup.
        table.add_row(
            Text(issue.severity, style="red" if issue.severity == "error" else "yellow"),
            issue.code,
            question,
            Text(issue.message),
        )
    console.print(table)
    errors = sum(1 for issue in issues if issue.severity == "error")
    warnings = len(issues) - errors
    console.print(f"{errors} error(s), {warnings} warning(s)")
    if errors:
        raise typer.Exit(1)


@app.command()
def graph(
    scenario: Annotated[str, typer.Argument(help=SCENARIO_HELP)],
    diagram_format: Annotated[
        DiagramChoice,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="mermaid (paste into Markdown), dot (Graphviz source) or svg (needs Graphviz).",
        ),
    ] = DiagramChoice.MERMAID,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write here instead of to stdout."),
    ] = None,
) -> None:
    """Draw the flow: questions as boxes, links labelled with their conditions."""
    from quizflow.services import publishing

    sessions = get_sessions()
    scenario_id = resolve_scenario(sessions, scenario)
    diagram = publishing.render_diagram(
        sessions=sessions,
        actor=local_admin(sessions),
        scenario_id=scenario_id,
        diagram_format=_FORMATS[diagram_format],
    )
    text = diagram if diagram.endswith("\n") else diagram + "\n"
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InvalidInputError(f"cannot write {output}: {exc.strerror or exc}") from exc
    console.print(f"Wrote the {diagram_format.value} diagram to {output}", highlight=False)
