"""Accounts: create them, find them, and issue local tokens for them."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import ROLES, Principal, Role, issue_local_token
from quizflow.db import models as orm
from quizflow.errors import ConflictError, InvalidInputError, NotFoundError
from quizflow.settings import Settings

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)
class UserView:
    id: uuid.UUID
    email: str
    display_name: str
    role: Role
    created_at: datetime


def user_view(user: orm.User) -> UserView:
    return UserView(user.id, user.email, user.display_name, user.role.value, user.created_at)


def normalise_email(email: str) -> str:
    """Lower-cased and trimmed; raises InvalidInputError when it is not an address."""
    cleaned = email.strip().lower()
    if not _EMAIL.match(cleaned) or len(cleaned) > 320:
        raise InvalidInputError(f"{email!r} is not an email address")
    return cleaned


def create_user(
    *, sessions: sessionmaker[Session], email: str, role: str, display_name: str | None = None
) -> UserView:
    """A new account; raises ConflictError if the email is taken, InvalidInputError."""
    if role not in ROLES:
        raise InvalidInputError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    address = normalise_email(email)
    name = (display_name or address.split("@")[0]).strip()[:200] or address
    try:
        with sessions.begin() as session:
            user = orm.User(email=address, display_name=name, role=orm.UserRole(role))
            session.add(user)
            session.flush()
            return user_view(user)
    except IntegrityError as exc:
        raise ConflictError(f"a user with email {address} already exists") from exc


def ensure_user(
    *, sessions: sessionmaker[Session], email: str, role: str, display_name: str | None = None
) -> UserView:
    """The account with this email, created with `role` if missing; raises InvalidInputError.

    An existing account is returned as it is: its role and name are not changed. Safe when
    two callers race: the insert waits for the other one and then does nothing.
    """
    if role not in ROLES:
        raise InvalidInputError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    address = normalise_email(email)
    name = (display_name or address.split("@")[0]).strip()[:200] or address
    with sessions.begin() as session:
        session.execute(
            insert(orm.User)
            .values(email=address, display_name=name, role=orm.UserRole(role))
            .on_conflict_do_nothing(index_elements=[orm.User.email])
        )
        user = session.scalars(select(orm.User).where(orm.User.email == address)).one()
        return user_view(user)


def ensure_account(*, sessions: sessionmaker[Session], actor: Principal) -> UserView:
    """The caller's account, created from the token's claims if it has none yet."""
    with sessions.begin() as session:
        provision_account(session, actor)
        return user_view(session.get_one(orm.User, actor.user_id))


def provision_account(session: Session, actor: Principal) -> None:
    """Insert the actor's users row if missing, inside the caller's transaction.

    The id is the token's subject and the role the token's. The email is the token's, unless it
    is absent, not an address, or another account's (linking to that account on the provider's
    word alone would hand it over): then `<sub>@users.invalid`. Safe when first requests race.
    """
    placeholder = f"{actor.user_id}@users.invalid"
    try:
        address = normalise_email(actor.email) if actor.email else placeholder
    except InvalidInputError:
        address = placeholder
    for email in dict.fromkeys((address, placeholder)):
        session.execute(
            insert(orm.User)
            .values(
                id=actor.user_id,
                email=email,
                display_name=email.split("@")[0][:200],
                role=orm.UserRole(actor.role),
            )
            .on_conflict_do_nothing()
        )
        if session.scalar(select(orm.User.id).where(orm.User.id == actor.user_id)) is not None:
            return
    raise ConflictError(f"cannot create an account for {actor.user_id}: its address is taken")


def find_user(*, sessions: sessionmaker[Session], email: str) -> UserView:
    """The account with this email; raises NotFoundError."""
    address = normalise_email(email)
    with sessions() as session:
        user = session.scalars(select(orm.User).where(orm.User.email == address)).one_or_none()
        if user is None:
            raise NotFoundError(
                f"no user with email {address}; create one with `quizflow users create`"
            )
        return user_view(user)


def set_role(*, sessions: sessionmaker[Session], email: str, role: str) -> UserView:
    """Give an account another role; the API applies it within `account_ttl_s` seconds, to
    tokens already issued too. Raises NotFoundError, InvalidInputError."""
    if role not in ROLES:
        raise InvalidInputError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    address = normalise_email(email)
    with sessions.begin() as session:
        user = session.scalars(select(orm.User).where(orm.User.email == address)).one_or_none()
        if user is None:
            raise NotFoundError(f"no user with email {address}")
        user.role = orm.UserRole(role)
        return user_view(user)


def get_user(*, sessions: sessionmaker[Session], actor: Principal) -> UserView:
    """The caller's own account (created on first use for a provisionable caller)."""
    if actor.provisionable:
        return ensure_account(sessions=sessions, actor=actor)
    with sessions() as session:
        user = session.get(orm.User, actor.user_id)
        if user is None:
            raise NotFoundError("the account this token was issued for no longer exists")
        return user_view(user)


def account_role(*, sessions: sessionmaker[Session], user_id: uuid.UUID) -> Role | None:
    """The account's current role, or None when it does not exist (what a token may do)."""
    with sessions() as session:
        role = session.scalar(select(orm.User.role).where(orm.User.id == user_id))
    return None if role is None else role.value


def count_users(*, sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(orm.User)) or 0)


def token_for(
    *, sessions: sessionmaker[Session], settings: Settings, email: str, ttl_s: int | None = None
) -> str:
    """A local bearer token for an existing account; raises NotFoundError."""
    user = find_user(sessions=sessions, email=email)
    return issue_local_token(
        settings, user_id=user.id, role=user.role, email=user.email, ttl_s=ttl_s
    )
