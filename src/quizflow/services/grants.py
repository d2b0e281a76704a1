"""Co-authors: the rights an owner gives other authors on a scenario or a class.

`edit` lets them change it (and read its results); `results` only read learners' attempts.
Who may use a grant is decided in services/access.py; this module hands them out.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.errors import InvalidInputError, NotFoundError
from quizflow.services import access
from quizflow.services.users import normalise_email

RIGHTS = tuple(r.value for r in orm.GrantRight)


@dataclass(frozen=True, slots=True)
class GrantView:
    user_id: uuid.UUID
    email: str
    right: str


def _grantee(session: Session, owner_id: uuid.UUID, email: str) -> orm.User:
    user = session.scalars(
        select(orm.User).where(orm.User.email == normalise_email(email))
    ).one_or_none()
    if user is None:
        raise NotFoundError(f"no account has the email {email}")
    if user.role is orm.UserRole.LEARNER:
        raise InvalidInputError(f"{user.email} is a learner: only authors can be co-authors")
    if user.id == owner_id:
        raise InvalidInputError(f"{user.email} is the owner already")
    return user


def _right(right: str) -> orm.GrantRight:
    if right not in RIGHTS:
        raise InvalidInputError(f"right must be one of {', '.join(RIGHTS)}, not {right!r}")
    return orm.GrantRight(right)


def scenario_grants(
    session: Session, scenario_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[GrantView, ...]]:
    rows = session.execute(
        select(orm.ScenarioGrant.scenario_id, orm.User.id, orm.User.email, orm.ScenarioGrant.right)
        .join(orm.User, orm.User.id == orm.ScenarioGrant.user_id)
        .where(orm.ScenarioGrant.scenario_id.in_(scenario_ids))
        .order_by(orm.User.email)
    ).all()
    found: dict[uuid.UUID, list[GrantView]] = {}
    for scenario_id, user_id, email, right in rows:
        found.setdefault(scenario_id, []).append(GrantView(user_id, email, right.value))
    return {k: tuple(v) for k, v in found.items()}


def class_grants(
    session: Session, class_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[GrantView, ...]]:
    rows = session.execute(
        select(orm.ClassGrant.class_id, orm.User.id, orm.User.email, orm.ClassGrant.right)
        .join(orm.User, orm.User.id == orm.ClassGrant.user_id)
        .where(orm.ClassGrant.class_id.in_(class_ids))
        .order_by(orm.User.email)
    ).all()
    found: dict[uuid.UUID, list[GrantView]] = {}
    for class_id, user_id, email, right in rows:
        found.setdefault(class_id, []).append(GrantView(user_id, email, right.value))
    return {k: tuple(v) for k, v in found.items()}


def grant_scenario(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    scenario_id: uuid.UUID,
    email: str,
    right: str,
) -> tuple[GrantView, ...]:
    """Give (or change) an author's right on the scenario; only its owner or an admin may."""
    wanted = _right(right)
    with sessions.begin() as session:
        scenario = access.authored_scenario(session, actor, scenario_id, lock=True, need="own")
        user = _grantee(session, scenario.owner_id, email)
        session.execute(
            insert(orm.ScenarioGrant)
            .values(scenario_id=scenario_id, user_id=user.id, right=wanted)
            .on_conflict_do_update(
                index_elements=["scenario_id", "user_id"], set_={"right": wanted}
            )
        )
        return scenario_grants(session, [scenario_id]).get(scenario_id, ())


def revoke_scenario(
    *, sessions: sessionmaker[Session], actor: Principal, scenario_id: uuid.UUID, user_id: uuid.UUID
) -> None:
    with sessions.begin() as session:
        access.authored_scenario(session, actor, scenario_id, lock=True, need="own")
        gone = session.execute(
            delete(orm.ScenarioGrant).where(
                orm.ScenarioGrant.scenario_id == scenario_id, orm.ScenarioGrant.user_id == user_id
            )
        )
        if gone.rowcount == 0:  # type: ignore[attr-defined]
            raise NotFoundError(f"user {user_id} has no right on this scenario")


def grant_class(
    *,
    sessions: sessionmaker[Session],
    actor: Principal,
    class_id: uuid.UUID,
    email: str,
    right: str,
) -> tuple[GrantView, ...]:
    """Give (or change) an author's right on the class; only its owner or an admin may."""
    wanted = _right(right)
    with sessions.begin() as session:
        row = access.authored_class(session, actor, class_id, lock=True, need="own")
        user = _grantee(session, row.owner_id, email)
        session.execute(
            insert(orm.ClassGrant)
            .values(class_id=class_id, user_id=user.id, right=wanted)
            .on_conflict_do_update(index_elements=["class_id", "user_id"], set_={"right": wanted})
        )
        return class_grants(session, [class_id]).get(class_id, ())


def revoke_class(
    *, sessions: sessionmaker[Session], actor: Principal, class_id: uuid.UUID, user_id: uuid.UUID
) -> None:
    with sessions.begin() as session:
        access.authored_class(session, actor, class_id, lock=True, need="own")
        gone = session.execute(
            delete(orm.ClassGrant).where(
                orm.ClassGrant.class_id == class_id, orm.ClassGrant.user_id == user_id
            )
        )
        if gone.rowcount == 0:  # type: ignore[attr-defined]
            raise NotFoundError(f"user {user_id} has no right on this class")
