"""Who the CLI acts as, and which scenario a SCENARIO argument names.

The constants are what `--help` needs; the services are imported by the functions using them.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Final

from quizflow.errors import InvalidInputError, NotFoundError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from quizflow.auth import Principal
    from quizflow.services.users import UserView

LOCAL_ADMIN_EMAIL: Final = "admin@localhost.localdomain"
DEMO_AUTHOR_EMAIL: Final = "author@example.com"
DEMO_LEARNER_EMAIL: Final = "learner@example.com"

SCENARIO_HELP: Final = "The scenario's id, or its exact title (case-insensitive)."


def principal_of(user: UserView) -> Principal:
    """The principal a user acts as, with the role stored on their account."""
    from quizflow.auth import Principal

    return Principal(user_id=user.id, role=user.role, email=user.email)


def ensure_principal(sessions: sessionmaker[Session], email: str, role: str) -> Principal:
    """The account with this email (created with `role` if missing), as a principal."""
    from quizflow.services import users

    return principal_of(users.ensure_user(sessions=sessions, email=email, role=role))


def local_admin(sessions: sessionmaker[Session]) -> Principal:
    """The CLI's own administrator: whoever runs it can reach the database directly anyway."""
    from quizflow.auth import Principal
    from quizflow.services import users

    user = users.ensure_user(
        sessions=sessions,
        email=LOCAL_ADMIN_EMAIL,
        role="admin",
        display_name="Local administrator (CLI)",
    )
    return Principal(user_id=user.id, role="admin", email=user.email)


def resolve_scenario(sessions: sessionmaker[Session], reference: str) -> uuid.UUID:
    """The id a SCENARIO argument names; raises NotFoundError or InvalidInputError if ambiguous.

    A UUID is taken as it is (the service called next says if it does not exist); anything
    else must be the exact title of one scenario, ignoring case and repeated spaces.
    """
    from quizflow.services import scenarios

    try:
        return uuid.UUID(reference.strip())
    except ValueError:
        pass
    wanted = " ".join(reference.split()).casefold()
    if not wanted:
        raise InvalidInputError("SCENARIO is empty: give a scenario id or its title")
    everything = scenarios.list_scenarios(sessions=sessions, actor=local_admin(sessions))
    matches = [s for s in everything if s.title.casefold() == wanted]
    if not matches:
        raise NotFoundError(f"no scenario is titled {reference!r}")
    if len(matches) > 1:
        ids = ", ".join(str(s.id) for s in matches)
        raise InvalidInputError(
            f"{len(matches)} scenarios are titled {reference!r} ({ids}); name one by its id"
        )
    return matches[0].id
