"""`quizflow db …`: apply and inspect the schema migrations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from quizflow.cli.runtime import console, get_engine

if TYPE_CHECKING:
    from quizflow.db.migrate import Migration

app = typer.Typer(
    help="Apply and inspect the database schema (migrations are written by Prisma).",
    no_args_is_help=True,
)


@app.command()
def upgrade() -> None:
    """Apply every pending migration from prisma/migrations (safe to run concurrently)."""
    from quizflow.db.engine import masked
    from quizflow.services import database
    from quizflow.settings import get_settings

    settings = get_settings()
    engine = get_engine()

    def report(migration: Migration) -> None:
        console.print(f"[green]applied[/green] {migration.name}")

    applied = database.upgrade_database(
        engine=engine,
        migrations_dir=settings.migrations_dir,
        lock_timeout_s=settings.migration_lock_timeout_s,
        on_applied=report,
    )
    where = masked(engine.url)
    if applied:
        console.print(f"{len(applied)} migration(s) applied to {where}")
    else:
        console.print(f"Database schema is up to date ({where}); nothing to apply.")


@app.command()
def status() -> None:
    """Show which migrations are applied, pending, failed or edited. Exit 1 unless up to date."""
    from quizflow.db.engine import masked
    from quizflow.services import database
    from quizflow.settings import get_settings

    settings = get_settings()
    engine = get_engine()
    report = database.database_status(engine=engine, migrations_dir=settings.migrations_dir)
    console.print(f"Migrations on {masked(engine.url)}")
    table = Table("migration", "state")
    for name in report.applied:
        state = "[red]edited after apply[/red]" if name in report.modified else "applied"
        table.add_row(name, state)
    for name in report.failed:
        table.add_row(name, "[red]failed[/red]")
    for name in report.pending:
        table.add_row(name, "[yellow]pending[/yellow]")
    for name in report.unknown:
        table.add_row(name, "[yellow]in the database only[/yellow]")
    console.print(table)
    if report.is_up_to_date:
        console.print("Database schema is up to date.")
    else:
        console.print("[yellow]Database schema is not up to date: run `quizflow db upgrade`.")
        raise typer.Exit(1)


@app.command()
def resolve(
    rolled_back: Annotated[
        str,
        typer.Option("--rolled-back", help="Name of the failed migration to mark as rolled back."),
    ],
) -> None:
    """Mark a failed migration as rolled back, so it is applied again on the next upgrade."""
    from quizflow.services import database

    database.resolve_rolled_back(engine=get_engine(), name=rolled_back)
    console.print(f"Marked {rolled_back} as rolled back; fix it and run `quizflow db upgrade`.")
