"""Who may do what: the authorization rules every adapter shares."""

from __future__ import annotations

import uuid
from typing import Literal

from sqlalchemy import bindparam, exists, or_, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

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


#: What a caller needs: `own` (the owner or an admin: grants, deleting a class), `edit`
#: (also an `edit` grant) or `results` (also a `results` grant: reading attempts, not editing).
Need = Literal["own", "edit", "results"]


def _grant_suffices(right: orm.GrantRight | None, need: Need) -> bool:
    # An edit grant includes reading results; a results grant never includes editing.
    if need == "edit":
        return right is orm.GrantRight.EDIT
    if need == "results":
        return right is not None
    return False


def scenario_right(
    session: Session, actor: Principal, scenario_id: uuid.UUID
) -> orm.GrantRight | None:
    """The actor's grant on someone else's scenario, if any."""
    return session.scalar(
        select(orm.ScenarioGrant.right).where(
            orm.ScenarioGrant.scenario_id == scenario_id,
            orm.ScenarioGrant.user_id == actor.user_id,
        )
    )


def authored_scenario(
    session: Session,
    actor: Principal,
    scenario_id: uuid.UUID,
    *,
    lock: bool = False,
    need: Need = "edit",
) -> orm.Scenario:
    """A scenario the actor may author: their own, one they were granted (see `Need`), or any
    for admins.

    Locking serialises concurrent edits of one scenario. Someone else's draft is reported as
    not found (it is private); someone else's published scenario, or one whose grant is too
    weak for `need`, as forbidden.
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
    right = scenario_right(session, actor, scenario_id)
    if _grant_suffices(right, need):
        return scenario
    if right is not None:
        raise ForbiddenError(
            f"your {right.value} right on this scenario does not let you "
            + ("manage who may use it" if need == "own" else "change it")
        )
    if scenario.status == orm.ScenarioStatus.PUBLISHED:
        raise ForbiddenError("this scenario is another author's: ask its owner for a right to it")
    raise NotFoundError(f"scenario {scenario_id} does not exist")


def visible_scenarios_clause(actor: Principal) -> ColumnElement[bool]:
    """For lists: the scenarios an author owns or was granted (admins: true)."""
    if actor.is_admin:
        return true()
    granted = exists().where(
        orm.ScenarioGrant.scenario_id == orm.Scenario.id,
        orm.ScenarioGrant.user_id == actor.user_id,
    )
    return or_(orm.Scenario.owner_id == actor.user_id, granted)


def authored_class(
    session: Session,
    actor: Principal,
    class_id: uuid.UUID,
    *,
    lock: bool = False,
    need: Need = "edit",
) -> orm.Class:
    """A class the actor may manage (`edit`), read the results of (`results`) or hand rights
    on (`own`). Someone else's class is not found: classes are private to their authors."""
    require_author(actor, "manage classes")
    query = select(orm.Class).where(orm.Class.id == class_id)
    if lock:
        query = query.with_for_update()
    found = session.scalars(query).one_or_none()
    if found is None:
        raise NotFoundError(f"class {class_id} does not exist")
    if actor.is_admin or found.owner_id == actor.user_id:
        return found
    right = session.scalar(
        select(orm.ClassGrant.right).where(
            orm.ClassGrant.class_id == class_id, orm.ClassGrant.user_id == actor.user_id
        )
    )
    if _grant_suffices(right, need):
        return found
    if right is not None:
        raise ForbiddenError(f"your {right.value} right on this class does not allow this")
    raise NotFoundError(f"class {class_id} does not exist")


def visible_classes_clause(actor: Principal) -> ColumnElement[bool]:
    """For lists: the classes an author owns or was granted (admins: true)."""
    if actor.is_admin:
        return true()
    granted = exists().where(
        orm.ClassGrant.class_id == orm.Class.id, orm.ClassGrant.user_id == actor.user_id
    )
    return or_(orm.Class.owner_id == actor.user_id, granted)


def may_read_results(session: Session, actor: Principal, scenario_id: uuid.UUID) -> bool:
    """Whether an author may read learners' attempts at this scenario: its owner, an admin,
    or a co-author granted results (or edit) on it."""
    if actor.is_admin:
        return True
    if not actor.is_author:
        return False
    owner = session.scalar(select(orm.Scenario.owner_id).where(orm.Scenario.id == scenario_id))
    if owner == actor.user_id:
        return True
    return _grant_suffices(scenario_right(session, actor, scenario_id), "results")


# Built once, not per call: the answer path runs one of these on every request.
_ATTEMPT = select(orm.UserProgress).where(orm.UserProgress.id == bindparam("attempt_id"))
_ATTEMPT_FOR_UPDATE = _ATTEMPT.with_for_update()


def own_attempt(
    session: Session, actor: Principal, attempt_id: uuid.UUID, *, write: bool, lock: bool = False
) -> orm.UserProgress:
    """An attempt the actor may see (their own; admins, and the scenario's authors with results
    rights, read any of it) or write (their own only). Another learner's is never found."""
    query = _ATTEMPT_FOR_UPDATE if lock else _ATTEMPT
    attempt = session.scalars(query, {"attempt_id": attempt_id}).one_or_none()
    if attempt is None:
        raise missing_attempt(attempt_id)
    if (
        not write
        and attempt.user_id != actor.user_id
        and may_read_results(session, actor, attempt.scenario_id)
    ):
        return attempt
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
