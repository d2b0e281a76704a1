"""`quizflow classes …`: create classes, add learners from a CSV, assign scenarios, join codes.

The CLI acts as the operator (whoever reaches the database): it names the owner of a new class
and may manage any class. A class is named by its id or its exact title.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from quizflow.cli.runtime import console, err_console, get_sessions

app = typer.Typer(
    help="Classes: learners, join codes and assigned scenarios.", no_args_is_help=True
)

ClassArg = Annotated[str, typer.Argument(help="The class's id or exact title.")]


def _when(value: str | None, name: str) -> datetime | None:
    from quizflow.errors import InvalidInputError

    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(f"{name}: {value!r} is not an ISO 8601 date and time") from None
    if parsed.tzinfo is None:
        raise InvalidInputError(f"{name}: give a time zone, e.g. {value}Z or {value}+01:00")
    return parsed


@app.command()
def create(
    title: Annotated[str, typer.Argument(help="The class's title.")],
    owner: Annotated[str, typer.Option("--owner", help="Email of the author who owns it.")],
) -> None:
    """Create a class and print its id, join code and invitation link."""
    from quizflow.auth import Principal
    from quizflow.services import classes, users
    from quizflow.settings import get_settings

    sessions = get_sessions()
    account = users.find_user(sessions=sessions, email=owner)
    actor = Principal(user_id=account.id, role=account.role, email=account.email)
    made = classes.create_class(
        sessions=sessions, settings=get_settings(), actor=actor, title=title
    )
    typer.echo(made.id)
    typer.echo(f"join code: {made.join_code}")
    typer.echo(f"invitation link: {made.invitation_url}")


@app.command("list")
def list_() -> None:
    """Every class: id, title, members and join code."""
    from rich.table import Table

    from quizflow.services import classes
    from quizflow.settings import get_settings

    found = classes.list_classes(sessions=get_sessions(), settings=get_settings(), actor=None)
    table = Table("id", "title", "members", "join code")
    for c in found:
        table.add_row(str(c.id), c.title, str(c.member_count), c.join_code or "(off)")
    console.print(table)


@app.command("add-learners")
def add_learners(
    class_: ClassArg,
    csv: Annotated[
        Path,
        typer.Option(
            "--csv",
            exists=True,
            dir_okay=False,
            readable=True,
            help="A CSV with an email in its first column (a header row `email` is skipped).",
        ),
    ],
) -> None:
    """Add learners from a CSV, all or none; addresses with no account get one, and a link."""
    from quizflow.errors import InvalidInputError
    from quizflow.services import classes
    from quizflow.settings import get_settings

    try:
        lines = csv.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise InvalidInputError(f"{csv} is not UTF-8 text") from None
    sessions = get_sessions()
    class_id = classes.find_class(sessions=sessions, title_or_id=class_)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    ) as progress:
        reading = progress.add_task(f"reading {csv.name}", total=len(lines))
        rows: list[str] = []
        for line in lines:
            rows.append(line)
            progress.advance(reading)
        progress.add_task("adding learners (one transaction)", total=None)
        added = classes.add_learners(
            sessions=sessions, settings=get_settings(), actor=None, class_id=class_id, emails=rows
        )
    typer.echo(f"added {len(added.added)}, already members {len(added.already_members)}")
    for email, url in added.invitations:
        typer.echo(f"invited {email}: {url}")


@app.command()
def assign(
    class_: ClassArg,
    scenario: Annotated[uuid.UUID, typer.Argument(help="The scenario's id.")],
    open_at: Annotated[
        str | None, typer.Option("--open", help="Opens at (ISO 8601 with a time zone).")
    ] = None,
    due_at: Annotated[
        str | None, typer.Option("--due", help="Due at (ISO 8601, after --open).")
    ] = None,
) -> None:
    """Assign a scenario to a class (again: change its dates)."""
    from quizflow.services import classes

    sessions = get_sessions()
    done = classes.assign(
        sessions=sessions,
        actor=None,
        class_id=classes.find_class(sessions=sessions, title_or_id=class_),
        scenario_id=scenario,
        open_at=_when(open_at, "--open"),
        due_at=_when(due_at, "--due"),
    )
    dates = ", ".join(
        f"{label} {value.isoformat()}"
        for label, value in (("opens", done.open_at), ("due", done.due_at))
        if value is not None
    )
    typer.echo(f"assigned {done.scenario_title!r}" + (f" ({dates})" if dates else ""))


@app.command("join-code")
def join_code(
    class_: ClassArg,
    new: Annotated[
        bool, typer.Option("--new", help="Replace the code (the old one stops).")
    ] = False,
    off: Annotated[bool, typer.Option("--off", help="Turn joining by code off.")] = False,
) -> None:
    """Print the class's join code and invitation link (or make a new one, or turn it off)."""
    from quizflow.services import classes
    from quizflow.settings import get_settings

    sessions = get_sessions()
    class_id = classes.find_class(sessions=sessions, title_or_id=class_)
    settings = get_settings()
    if new or off:
        found = classes.rotate_join_code(
            sessions=sessions, settings=settings, actor=None, class_id=class_id, enabled=not off
        )
    else:
        found = next(
            c
            for c in classes.list_classes(sessions=sessions, settings=settings, actor=None)
            if c.id == class_id
        )
    if found.join_code is None:
        typer.echo("joining by code is off (turn it on with --new)")
        return
    typer.echo(f"join code: {found.join_code}")
    typer.echo(f"invitation link: {found.invitation_url}")
