"""The `quizflow` command: a thin adapter over the services.

Only Typer, Rich and the command modules' signatures are imported here: each command imports
the services (and through them SQLAlchemy, the settings, the storage clients) when it runs,
so `quizflow --help` and `quizflow version` start in a fraction of the time.
"""

from __future__ import annotations

import sys
import traceback
from dataclasses import dataclass
from typing import Annotated, NoReturn

import typer
from rich.markup import escape

from quizflow import __version__
from quizflow.cli import (
    classes,
    crashes,
    db,
    demo,
    flow,
    interchange,
    results,
    storage,
    users,
    xapi,
)
from quizflow.cli.play import play
from quizflow.cli.runtime import err_console
from quizflow.cli.serve import serve
from quizflow.errors import QuizflowError


@dataclass(slots=True)
class _Options:
    """The global options, set by the callback before any command runs."""

    debug: bool = False


_options = _Options()

app = typer.Typer(
    name="quizflow",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
app.add_typer(users.app, name="users")
app.add_typer(classes.app, name="classes")
app.add_typer(results.app, name="results")
app.command()(users.token)
app.add_typer(flow.app, name="flow")
app.command()(play)
app.add_typer(demo.app, name="demo")
app.command()(serve)
app.command(name="import")(interchange.import_)
app.command()(interchange.export)
app.add_typer(storage.app, name="storage")
app.add_typer(xapi.app, name="xapi")


@app.callback()
def options(
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            envvar="QUIZFLOW_DEBUG",
            help="Show the traceback of any error, not only its one-line message.",
        ),
    ] = False,
) -> None:
    """Branching multiple-choice scenarios: author them, play them, never lose an answer."""
    _options.debug = debug


@app.command()
def version() -> None:
    """Print quizflow's version."""
    typer.echo(__version__)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; turn every error into one red line and an exit code (--debug: a traceback)."""
    try:
        app(args=argv, prog_name="quizflow")
    except QuizflowError as exc:
        _fail(exc, exc)
    except KeyboardInterrupt:
        err_console.print("[yellow]interrupted[/yellow]")
        sys.exit(130)
    except Exception as exc:  # a bug (one line and a crash log), unless the database says why
        known = _known_database_failure(exc)
        if known is None:
            _crash(exc, argv)
        _fail(known, exc)


def _known_database_failure(exc: Exception) -> QuizflowError | None:
    # Imported only here: a command that failed on the database has loaded SQLAlchemy already,
    # and `quizflow --help` must not pay for it.
    if "sqlalchemy" not in sys.modules:
        return None
    from sqlalchemy.exc import DBAPIError

    from quizflow.db.failures import known_database_failure

    return known_database_failure(exc) if isinstance(exc, DBAPIError) else None


def _fail(error: QuizflowError, cause: BaseException) -> NoReturn:
    _show_traceback(cause)
    err_console.print(f"[red]error:[/red] {escape(error.message)}", soft_wrap=True)
    sys.exit(error.exit_code)


def _crash(exc: BaseException, argv: list[str] | None) -> NoReturn:
    _show_traceback(exc)
    try:
        command = sys.argv if argv is None else ["quizflow", *argv]
        where = f"traceback in {crashes.write_crash_log(exc, argv=command)}"
    except OSError as error:  # a read-only home must not hide the original error
        where = f"no crash log ({error}); run again with --debug for the traceback"
    err_console.print(
        f"[red]internal error:[/red] {escape(type(exc).__name__)}: {escape(str(exc))} "
        f"(this is a bug in quizflow; please report it, {escape(where)})",
        soft_wrap=True,
    )
    sys.exit(crashes.EXIT_INTERNAL)


def _show_traceback(exc: BaseException) -> None:
    if _options.debug:
        traceback.print_exception(exc, file=sys.stderr)
