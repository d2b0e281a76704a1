"""Passwords: argon2id hashes, signing in with a limit on failures, and setting a password.

argon2-cffi's defaults (RFC 9106's second recommendation: 64 MiB, 3 passes) make each guess
cost tens of milliseconds and 64 MiB. On top, an account refuses sign-ins for a while after
`FREE_FAILURES` wrong passwords in a row, doubling each time: guessing online stays hopeless
without letting a stranger lock a person out for long.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Final

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from quizflow.db import models as orm
from quizflow.errors import (
    InvalidInputError,
    NotFoundError,
    TooManyAttemptsError,
    UnauthorizedError,
)
from quizflow.services.users import UserView, normalise_email, user_view
from quizflow.services.web_sessions import open_session

if TYPE_CHECKING:
    from argon2 import PasswordHasher

FREE_FAILURES: Final = 5
FIRST_LOCK_S: Final = 30
LONGEST_LOCK_S: Final = 15 * 60
MIN_PASSWORD: Final = 10
MAX_PASSWORD: Final = 1024
_WRONG = "wrong email or password"


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    # Imported on first use: a Lambda cold start that serves no sign-in never loads it (B4).
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2id with the library's current recommended parameters


@lru_cache(maxsize=1)
def _decoy_hash() -> str:
    # Checked when no account matches, so an unknown address costs as long as a known one.
    return _hasher().hash("not anyone's password")


def check_password_rules(password: str) -> None:
    """Raises InvalidInputError unless the password is long enough (and not absurdly long)."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInputError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise InvalidInputError(f"a password has at most {MAX_PASSWORD} characters")


def store_password(session: Session, *, user_id: object, password: str) -> None:
    """Set the user's password inside the caller's transaction (and clear any lock-out)."""
    check_password_rules(password)
    digest = _hasher().hash(password)
    credential = session.scalars(
        select(orm.Credential).where(orm.Credential.user_id == user_id)
    ).one_or_none()
    if credential is None:
        session.add(orm.Credential(user_id=user_id, password_hash=digest))
        return
    credential.password_hash = digest
    credential.failed_attempts = 0
    credential.locked_until = None
    credential.updated_at = datetime.now(UTC)


def set_password(*, sessions: sessionmaker[Session], email: str, password: str) -> UserView:
    """Give an existing account this password; raises NotFoundError, InvalidInputError."""
    address = normalise_email(email)
    with sessions.begin() as session:
        user = session.scalars(select(orm.User).where(orm.User.email == address)).one_or_none()
        if user is None:
            raise NotFoundError(f"no user with email {address}")
        store_password(session, user_id=user.id, password=password)
        return user_view(user)


def has_password(*, sessions: sessionmaker[Session], email: str) -> bool:
    address = normalise_email(email)
    with sessions() as session:
        found = session.scalar(
            select(orm.Credential.id)
            .join(orm.User, orm.User.id == orm.Credential.user_id)
            .where(orm.User.email == address)
        )
    return found is not None


def _lock_seconds(failures: int) -> int:
    extra = failures - FREE_FAILURES
    return int(min(LONGEST_LOCK_S, FIRST_LOCK_S * math.pow(2, extra)))


def sign_in(
    *, sessions: sessionmaker[Session], email: str, password: str, ttl_s: int
) -> tuple[UserView, str]:
    """The account and a new browser session id; raises UnauthorizedError (wrong email or
    password, the same message for both) or TooManyAttemptsError while the account is locked."""
    try:
        address = normalise_email(email)
    except InvalidInputError:
        address = ""
    now = datetime.now(UTC)
    with sessions.begin() as session:
        # FOR UPDATE: concurrent guesses at one account queue up instead of all being counted
        # against the same old number of failures.
        found = session.execute(
            select(orm.User, orm.Credential)
            .join(orm.Credential, orm.Credential.user_id == orm.User.id)
            .where(orm.User.email == address)
            .with_for_update(of=orm.Credential)
        ).one_or_none()
        if found is None:
            _verify(_decoy_hash(), password)
            raise UnauthorizedError(_WRONG)
        user, credential = found
        if credential.locked_until is not None and credential.locked_until > now:
            wait = math.ceil((credential.locked_until - now).total_seconds())
            raise TooManyAttemptsError(
                f"too many wrong passwords: try again in {wait} s, or ask an admin for a reset"
                " link",
                retry_after_s=wait,
            )
        if not _verify(credential.password_hash, password):
            credential.failed_attempts += 1
            if credential.failed_attempts >= FREE_FAILURES:
                lock = _lock_seconds(credential.failed_attempts)
                credential.locked_until = now + timedelta(seconds=lock)
            failed = True
        else:
            failed = False
            credential.failed_attempts = 0
            credential.locked_until = None
            if _hasher().check_needs_rehash(credential.password_hash):
                credential.password_hash = _hasher().hash(password)
            raw_id = open_session(session, user_id=user.id, ttl_s=ttl_s)
            view = user_view(user)
    # The failure is counted (committed above) before the caller hears of it.
    if failed:
        raise UnauthorizedError(_WRONG)
    return view, raw_id


def _verify(digest: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(digest, password)
    except (VerificationError, InvalidHashError):
        return False
