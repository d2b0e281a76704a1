"""`quizflow storage …`: look after the object store (originals, images, large content)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from quizflow.cli.runtime import console, get_sessions, get_store

app = typer.Typer(
    help="Look after the object store: document originals, images, large content.",
    no_args_is_help=True,
)


@app.command()
def gc(
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="List the objects that would be deleted; delete none."),
    ] = False,
) -> None:
    """Delete stored objects that no document refers to (left behind by interrupted uploads).

    Safe while the API runs: uploads in flight wait, and are waited for.
    """
    from quizflow.services.documents import collect_garbage

    report = collect_garbage(sessions=get_sessions(), store=get_store(), dry_run=dry_run)
    verb = "would delete" if dry_run else "deleted"
    for key in report.deleted:
        console.print(Text(f"{verb} {key}", style="dim"))
    console.print(
        f"{report.examined} object(s) examined, {report.referenced} referenced by documents, "
        f"{len(report.deleted)} {'to delete (dry run: none deleted)' if dry_run else 'deleted'}.",
        highlight=False,
    )
