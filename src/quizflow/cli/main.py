"""The `quizflow` command: a thin adapter over the services."""

from __future__ import annotations

import sys

import typer
from rich.markup import escape

from quizflow import __version__
from quizflow.cli import db, demo, flow, interchange, storage, users
from quizflow.cli.play import play
from quizflow.cli.runtime import err_console
from quizflow.cli.serve import serve
from quizflow.errors import QuizflowError

app = typer.Typer(
    name="quizflow",
    help="Branching multiple-choice scenarios: author them, play them, never lose an answer.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
app.add_typer(users.app, name="users")
app.command()(users.token)
app.add_typer(flow.app, name="flow")
app.command()(play)
app.add_typer(demo.app, name="demo")
app.command()(serve)
app.command(name="import")(interchange.import_)
app.command()(interchange.export)
app.add_typer(storage.app, name="storage")


@app.command()
def version() -> None:
    """Print quizflow's version."""
    typer.echo(__version__)


EXIT_INTERNAL = 70  # EX_SOFTWARE


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; turn quizflow's errors into one red line and an exit code."""
    try:
        app(args=argv, prog_name="quizflow")
    except QuizflowError as exc:
        err_console.print(f"[red]error:[/red] {escape(exc.message)}", soft_wrap=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err_console.print("[yellow]interrupted[/yellow]")
        sys.exit(130)
    except Exception as exc:  # a bug: still one line, never a traceback
        err_console.print(
            f"[red]internal error:[/red] {escape(type(exc).__name__)}: {escape(str(exc))} "
            "(this is a bug in quizflow; please report it)",
            soft_wrap=True,
        )
        sys.exit(EXIT_INTERNAL)
