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


#: A grant table and the column naming what it grants on: scenario_grants or class_grants.
_GrantTable = type[orm.ScenarioGrant] | type[orm.ClassGrant]


def _key(table: _GrantTable) -> str:
    return "scenario_id" if table is orm.ScenarioGrant else "class_id"


def _listed(
    session: Session, table: _GrantTable, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[GrantView, ...]]:
    key = getattr(table, _key(table))
    rows = session.execute(
        select(key, orm.User.id, orm.User.email, table.right)
        .join(orm.User, orm.User.id == table.user_id)
        .where(key.in_(ids))
        .order_by(orm.User.email)
    ).all()
    found: dict[uuid.UUID, list[GrantView]] = {}
    for owner_key, user_id, email, right in rows:
        found.setdefault(owner_key, []).append(GrantView(user_id, email, right.value))
    return {k: tuple(v) for k, v in found.items()}


def _give(
    session: Session,
    table: _GrantTable,
    key_id: uuid.UUID,
    owner_id: uuid.UUID,
    email: str,
    right: orm.GrantRight,
) -> tuple[GrantView, ...]:
    user = _grantee(session, owner_id, email)
    key = _key(table)
    session.execute(
        insert(table)
        .values({key: key_id, "user_id": user.id, "right": right})
        .on_conflict_do_update(index_elements=[key, "user_id"], set_={"right": right})
    )
    return _listed(session, table, [key_id]).get(key_id, ())


def _take(session: Session, table: _GrantTable, key_id: uuid.UUID, user_id: uuid.UUID) -> None:
    gone = session.execute(
        delete(table).where(getattr(table, _key(table)) == key_id, table.user_id == user_id)
    )
    if gone.rowcount == 0:  # type: ignore[attr-defined]
        noun = "scenario" if table is orm.ScenarioGrant else "class"
        raise NotFoundError(f"user {user_id} has no right on this {noun}")


def scenario_grants(
    session: Session, scenario_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[GrantView, ...]]:
    return _listed(session, orm.ScenarioGrant, scenario_ids)


def class_grants(
    session: Session, class_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[GrantView, ...]]:
    return _listed(session, orm.ClassGrant, class_ids)


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
        return _give(session, orm.ScenarioGrant, scenario_id, scenario.owner_id, email, wanted)


def revoke_scenario(
    *, sessions: sessionmaker[Session], actor: Principal, scenario_id: uuid.UUID, user_id: uuid.UUID
) -> None:
    with sessions.begin() as session:
        access.authored_scenario(session, actor, scenario_id, lock=True, need="own")
        _take(session, orm.ScenarioGrant, scenario_id, user_id)


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
        return _give(session, orm.ClassGrant, class_id, row.owner_id, email, wanted)


def revoke_class(
    *, sessions: sessionmaker[Session], actor: Principal, class_id: uuid.UUID, user_id: uuid.UUID
) -> None:
    with sessions.begin() as session:
        access.authored_class(session, actor, class_id, lock=True, need="own")
        _take(session, orm.ClassGrant, class_id, user_id)
