"""`quizflow demo …`: the demo scenario and ready-to-use accounts (what `make run` prints)."""

from __future__ import annotations

from typing import Annotated, Final

import typer
from rich.markup import escape

from quizflow.cli.runtime import console, get_sessions
from quizflow.cli.targets import DEMO_AUTHOR_EMAIL, DEMO_LEARNER_EMAIL, ensure_principal

#: The demo accounts' passwords, printed by `make run` (see README).
DEMO_PASSWORDS: Final = {"author": "demo-author-pass", "learner": "demo-learner-pass"}

app = typer.Typer(
    help="Try quizflow: load the demo scenario, get demo accounts.", no_args_is_help=True
)


@app.command()
def load(
    author: Annotated[
        str,
        typer.Option(
            "--author",
            metavar="EMAIL",
            help="Who owns the demo (created as an author if missing).",
        ),
    ] = DEMO_AUTHOR_EMAIL,
) -> None:
    """Create and publish the demo scenario once, and print its id (the same id every time)."""
    from quizflow.services import demo

    sessions = get_sessions()
    actor = ensure_principal(sessions, author, "author")
    typer.echo(demo.load_demo(sessions=sessions, actor=actor))


@app.command()
def accounts(
    api_url: Annotated[
        str, typer.Option("--api-url", help="Where the API listens, for the example commands.")
    ] = "http://127.0.0.1:8000",
) -> None:
    """Make sure the demo author and learner exist and can sign in in the browser; print their
    password, a bearer token and a curl line each."""
    from quizflow.services import credentials, users
    from quizflow.settings import get_settings

    sessions = get_sessions()
    settings = get_settings()
    hours = settings.jwt_ttl_s / 3600
    console.print(f"Demo accounts (tokens valid for {hours:g} h; renew: quizflow token EMAIL)")
    for email, role in ((DEMO_AUTHOR_EMAIL, "author"), (DEMO_LEARNER_EMAIL, "learner")):
        user = users.ensure_user(sessions=sessions, email=email, role=role)
        # A known password, set once: only for these demo accounts, on a server that listens
        # on 127.0.0.1 by default. A password changed since is left alone.
        password = DEMO_PASSWORDS[role]
        if not credentials.has_password(sessions=sessions, email=user.email):
            credentials.set_password(sessions=sessions, email=user.email, password=password)
        bearer = users.token_for(sessions=sessions, settings=settings, email=user.email)
        me = f"{api_url.rstrip('/')}/me"
        # soft_wrap: a token broken across lines could not be copied.
        console.print()
        console.print(f"[bold]{escape(user.email)}[/bold] ({user.role})", soft_wrap=True)
        console.print(
            f"  sign in at {escape(api_url.rstrip('/'))}/app/ with password: {password}",
            soft_wrap=True,
            highlight=False,
        )
        console.print(f"  token: {bearer}", soft_wrap=True, highlight=False)
        console.print(
            f'  curl -H "Authorization: Bearer {bearer}" {escape(me)}',
            soft_wrap=True,
            highlight=False,
        )
