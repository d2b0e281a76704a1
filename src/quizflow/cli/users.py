"""`quizflow users …` and `quizflow token`: accounts and local bearer tokens."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from quizflow.cli.runtime import get_sessions

app = typer.Typer(help="Manage accounts.", no_args_is_help=True)


class RoleChoice(enum.StrEnum):
    AUTHOR = "author"
    LEARNER = "learner"
    ADMIN = "admin"


@app.command()
def create(
    email: Annotated[str, typer.Argument(help="The new account's email address.")],
    role: Annotated[
        RoleChoice,
        typer.Option(
            "--role",
            case_sensitive=False,
            help="author: writes scenarios; learner: plays them; admin: everything.",
        ),
    ],
    name: Annotated[
        str | None,
        typer.Option("--name", help="Display name (default: the part of the email before @)."),
    ] = None,
) -> None:
    """Create an account and print its id. Fails if the email is taken."""
    from quizflow.services import users

    user = users.create_user(
        sessions=get_sessions(), email=email, role=role.value, display_name=name
    )
    typer.echo(user.id)


@app.command("set-role")
def set_role(
    email: Annotated[str, typer.Argument(help="Email of an existing account.")],
    role: Annotated[RoleChoice, typer.Option("--role", case_sensitive=False, help="The new role.")],
) -> None:
    """Change an account's role. Its tokens get the new rights within QUIZFLOW_ACCOUNT_TTL_S."""
    from quizflow.services import users

    user = users.set_role(sessions=get_sessions(), email=email, role=role.value)
    typer.echo(f"{user.email} is now {user.role}")


def token(
    email: Annotated[str, typer.Argument(help="Email of an existing account.")],
    ttl: Annotated[
        int | None,
        typer.Option(
            "--ttl",
            metavar="SECONDS",
            help="Lifetime of the token (default: QUIZFLOW_JWT_TTL_S, 12 hours).",
        ),
    ] = None,
) -> None:
    """Print a bearer token for an account, and nothing else: TOKEN=$(quizflow token EMAIL)."""
    from quizflow.services import users
    from quizflow.settings import get_settings

    typer.echo(
        users.token_for(sessions=get_sessions(), settings=get_settings(), email=email, ttl_s=ttl)
    )


@app.command()
def invite(
    email: Annotated[str, typer.Argument(help="Who to invite.")],
    role: Annotated[
        RoleChoice, typer.Option("--role", case_sensitive=False, help="Their role.")
    ] = RoleChoice.LEARNER,
) -> None:
    """Print a one-time link that creates the account (no mail server needed: pass it on)."""
    from quizflow.services import account_links
    from quizflow.settings import get_settings

    link = account_links.invite(
        sessions=get_sessions(), settings=get_settings(), email=email, role=role.value, actor=None
    )
    typer.echo(link.url)


@app.command("reset-link")
def reset_link(email: Annotated[str, typer.Argument(help="Email of an existing account.")]) -> None:
    """Print a one-time link that sets a new password (and signs the account out everywhere)."""
    from quizflow.services import account_links
    from quizflow.settings import get_settings

    typer.echo(
        account_links.reset_link(sessions=get_sessions(), settings=get_settings(), email=email).url
    )


@app.command("set-password")
def set_password(
    email: Annotated[str, typer.Argument(help="Email of an existing account.")],
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            help="Read from the terminal (or one line of stdin) when not given.",
        ),
    ],
) -> None:
    """Set an account's password for signing in in the browser."""
    from quizflow.services import credentials

    user = credentials.set_password(sessions=get_sessions(), email=email, password=password)
    typer.echo(f"{user.email} can now sign in with that password")


@app.command("export")
def export(
    email: Annotated[str, typer.Argument(help="Email of an existing account.")],
    json_path: Annotated[
        Path | None,
        typer.Option("--json", metavar="PATH", help="Write everything held about them here."),
    ] = None,
    pdf_path: Annotated[
        Path | None,
        typer.Option("--pdf", metavar="PATH", help="Write all their attempts, as one PDF, here."),
    ] = None,
) -> None:
    """Write what quizflow holds about an account (JSON) and its attempts (PDF)."""
    import json

    from quizflow.cli.targets import principal_of
    from quizflow.errors import InvalidInputError
    from quizflow.services import privacy, users
    from quizflow.settings import get_settings

    if json_path is None and pdf_path is None:
        raise InvalidInputError("give --json PATH, --pdf PATH or both")
    sessions = get_sessions()
    actor = principal_of(users.find_user(sessions=sessions, email=email))
    if json_path is not None:
        data = privacy.export_data(sessions=sessions, actor=actor)
        json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        typer.echo(f"{json_path}: {len(data['attempts'])} attempts")
    if pdf_path is not None:
        file = privacy.attempts_pdf(sessions=sessions, settings=get_settings(), actor=actor)
        with pdf_path.open("wb") as out:
            for chunk in file.chunks:
                out.write(chunk)
        typer.echo(f"{pdf_path}: PDF of every attempt")


@app.command("delete")
def delete(
    email: Annotated[str, typer.Argument(help="Email of the account to delete.")],
    yes: Annotated[bool, typer.Option("--yes", help="Really delete it (required).")] = False,
) -> None:
    """Delete an account: its attempts stay under an anonymous placeholder, its xAPI
    statements are voided in the LRS. Refused for an account that owns scenarios or classes."""
    from quizflow.cli.targets import local_admin
    from quizflow.errors import InvalidInputError
    from quizflow.services import privacy, users
    from quizflow.settings import get_settings

    if not yes:
        raise InvalidInputError(f"not deleting {email}: add --yes to confirm")
    sessions = get_sessions()
    user = users.find_user(sessions=sessions, email=email)
    privacy.delete_learner(
        sessions=sessions, settings=get_settings(), actor=local_admin(sessions), user_id=user.id
    )
    typer.echo(f"{user.email} deleted; their attempts are kept anonymously")
