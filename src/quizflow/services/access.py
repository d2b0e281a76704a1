"""Who may do what: the authorization rules every adapter shares."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.errors import ForbiddenError, NotFoundError, UnauthorizedError


def require_author(actor: Principal, action: str) -> None:
    """Authors and admins only; raises ForbiddenError naming the action."""
    if not actor.is_author:
        raise ForbiddenError(f"only authors and admins can {action}")


def require_account(session: Session, actor: Principal) -> None:
    """The token's user must still exist; raises UnauthorizedError."""
    exists = session.scalar(select(orm.User.id).where(orm.User.id == actor.user_id))
    if exists is None:
        raise UnauthorizedError(
            "the account this token was issued for no longer exists; ask an admin for a new one"
        )


def authored_scenario(
    session: Session, actor: Principal, scenario_id: uuid.UUID, *, lock: bool = False
) -> orm.Scenario:
    """A scenario the actor may author (their own, or any for admins).

    Locking serialises concurrent edits of one scenario. Someone else's draft is reported as
    not found (it is private); someone else's published scenario as forbidden.
    """
    require_author(actor, "edit scenarios")
    query = select(orm.Scenario).where(orm.Scenario.id == scenario_id)
    if lock:
        query = query.with_for_update()
    scenario = session.scalars(query).one_or_none()
    if scenario is None:
        raise NotFoundError(f"scenario {scenario_id} does not exist")
    if actor.is_admin or scenario.owner_id == actor.user_id:
        return scenario
    if scenario.status == orm.ScenarioStatus.PUBLISHED:
        raise ForbiddenError("you can only change your own scenarios")
    raise NotFoundError(f"scenario {scenario_id} does not exist")


def own_attempt(
    session: Session, actor: Principal, attempt_id: uuid.UUID, *, write: bool, lock: bool = False
) -> orm.UserProgress:
    """An attempt the actor may see (their own; admins read any) or write (their own only)."""
    query = select(orm.UserProgress).where(orm.UserProgress.id == attempt_id)
    if lock:
        query = query.with_for_update()
    attempt = session.scalars(query).one_or_none()
    if attempt is None:
        raise NotFoundError(f"attempt {attempt_id} does not exist")
    if attempt.user_id == actor.user_id:
        return attempt
    if actor.is_admin and not write:
        return attempt
    if actor.is_admin:
        raise ForbiddenError("admins can read learners' attempts but not answer for them")
    # Another learner's attempt: do not even confirm that it exists.
    raise NotFoundError(f"attempt {attempt_id} does not exist")
