"""Browser sessions: a random id in an HttpOnly cookie, only its SHA-256 in the database.

The cookie's id is 256 random bits; the row is keyed by its hash, so reading the table (a
backup, a log of queries) signs nobody in. The CSRF token is derived from the id
(`csrf_token`): page scripts can read the token but not the id, and the id cannot be computed
back from the token. See docs/web.md for why this is safe.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.errors import UnauthorizedError

_EXPIRED = "your session has ended: sign in again"


def _digest(raw_id: str) -> str:
    return hashlib.sha256(raw_id.encode()).hexdigest()


def csrf_token(raw_id: str) -> str:
    """The token unsafe requests must echo in X-CSRF-Token for this session."""
    return hashlib.sha256(b"quizflow-csrf:" + raw_id.encode()).hexdigest()


def csrf_matches(raw_id: str, sent: str | None) -> bool:
    return sent is not None and hmac.compare_digest(csrf_token(raw_id), sent)


def open_session(session: Session, *, user_id: uuid.UUID, ttl_s: int) -> str:
    """Start a browser session for the user inside the caller's transaction; the cookie's id.

    The user's expired sessions are swept on the way, so the table does not grow forever.
    """
    now = datetime.now(UTC)
    session.execute(
        delete(orm.WebSession).where(
            orm.WebSession.user_id == user_id, orm.WebSession.expires_at <= now
        )
    )
    raw_id = secrets.token_urlsafe(32)
    session.add(
        orm.WebSession(
            id_hash=_digest(raw_id), user_id=user_id, expires_at=now + timedelta(seconds=ttl_s)
        )
    )
    return raw_id


def close_user_sessions(session: Session, *, user_id: uuid.UUID) -> None:
    """Sign the user out everywhere (after a password reset), in the caller's transaction."""
    session.execute(delete(orm.WebSession).where(orm.WebSession.user_id == user_id))


def session_principal(*, sessions: sessionmaker[Session], raw_id: str) -> Principal:
    """Who the session cookie belongs to, with the account's current role; raises
    UnauthorizedError when the session is unknown, ended or expired."""
    with sessions() as session:
        row = session.execute(
            select(orm.User.id, orm.User.role, orm.User.email)
            .join(orm.WebSession, orm.WebSession.user_id == orm.User.id)
            .where(
                orm.WebSession.id_hash == _digest(raw_id),
                orm.WebSession.expires_at > datetime.now(UTC),
            )
        ).one_or_none()
    if row is None:
        raise UnauthorizedError(_EXPIRED)
    return Principal(user_id=row.id, role=row.role.value, email=row.email)


def end_session(*, sessions: sessionmaker[Session], raw_id: str) -> None:
    """Sign this browser out; nothing happens for an unknown id."""
    with sessions.begin() as session:
        session.execute(delete(orm.WebSession).where(orm.WebSession.id_hash == _digest(raw_id)))
