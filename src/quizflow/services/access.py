"""Who may do what: the authorization rules every adapter shares."""

from __future__ import annotations

import uuid

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.errors import ForbiddenError, NotFoundError, UnauthorizedError
from quizflow.services.users import provision_account


def require_author(actor: Principal, action: str) -> None:
    """Authors and admins only; raises ForbiddenError naming the action."""
    if not actor.is_author:
        raise ForbiddenError(f"only authors and admins can {action}")


def require_admin(actor: Principal, action: str) -> None:
    """Admins only; raises ForbiddenError naming the action."""
    if not actor.is_admin:
        raise ForbiddenError(f"only admins can {action}")


def require_account(session: Session, actor: Principal) -> None:
    """The token's user must exist; raises UnauthorizedError.

    A provisionable caller (vouched for by the identity provider) gets its account created here,
    in the caller's transaction, on its first request; a local token's deleted user stays out.
    """
    exists = session.scalar(select(orm.User.id).where(orm.User.id == actor.user_id))
    if exists is None and actor.provisionable:
        provision_account(session, actor)
    elif exists is None:
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


# Built once, not per call: the answer path runs one of these on every request.
_ATTEMPT = select(orm.UserProgress).where(orm.UserProgress.id == bindparam("attempt_id"))
_ATTEMPT_FOR_UPDATE = _ATTEMPT.with_for_update()


def own_attempt(
    session: Session, actor: Principal, attempt_id: uuid.UUID, *, write: bool, lock: bool = False
) -> orm.UserProgress:
    """An attempt the actor may see (their own; admins read any) or write (their own only)."""
    query = _ATTEMPT_FOR_UPDATE if lock else _ATTEMPT
    attempt = session.scalars(query, {"attempt_id": attempt_id}).one_or_none()
    if attempt is None:
        raise missing_attempt(attempt_id)
    check_attempt_access(actor, attempt_id, attempt.user_id, write=write)
    return attempt


def missing_attempt(attempt_id: uuid.UUID) -> NotFoundError:
    return NotFoundError(f"attempt {attempt_id} does not exist")


def check_attempt_access(
    actor: Principal, attempt_id: uuid.UUID, owner_id: uuid.UUID, *, write: bool
) -> None:
    """The rule behind `own_attempt`, for callers that read the attempt row themselves."""
    if owner_id == actor.user_id:
        return
    if actor.is_admin and not write:
        return
    if actor.is_admin:
        raise ForbiddenError("admins can read learners' attempts but not answer for them")
    # Another learner's attempt: do not even confirm that it exists.
    raise missing_attempt(attempt_id)
