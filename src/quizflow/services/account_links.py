"""One-time links an admin hands out (invitations, password resets) and open sign-up.

With no mail server, an admin issues a link (`quizflow users invite`, `quizflow users
reset-link`, or POST /auth/invitations) and passes it on. The token travels in the link's
#fragment, which browsers never send to a server, so it stays out of access logs; only its
SHA-256 is stored. A link works once, until it expires.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import smtplib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import ROLES, Principal
from quizflow.db import models as orm
from quizflow.errors import (
    ConflictError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
    UnauthorizedError,
)
from quizflow.services import mail
from quizflow.services.credentials import check_password_rules, store_password
from quizflow.services.users import UserView, normalise_email, user_view
from quizflow.services.web_sessions import close_user_sessions, open_session
from quizflow.settings import Settings

_log = logging.getLogger(__name__)

_BAD_LINK = (
    "this link is not valid any more (used, expired or mistyped): ask an admin for a new one"
)


@dataclass(frozen=True, slots=True)
class IssuedLink:
    url: str
    email: str
    kind: str
    expires_at: datetime


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _issue(
    session: Session,
    settings: Settings,
    *,
    kind: orm.AccountLinkKind,
    email: str,
    role: str,
    by: Principal | None,
) -> IssuedLink:
    token = secrets.token_urlsafe(32)
    expires = datetime.now(UTC) + timedelta(seconds=settings.account_link_ttl_s)
    session.add(
        orm.AccountLink(
            token_hash=_digest(token),
            kind=kind,
            email=email,
            role=orm.UserRole(role),
            created_by_id=None if by is None else by.user_id,
            expires_at=expires,
        )
    )
    page = "welcome" if kind is orm.AccountLinkKind.INVITATION else "reset"
    url = f"{settings.public_url.rstrip('/')}/app/{page}#token={token}"
    return IssuedLink(url=url, email=email, kind=kind.value, expires_at=expires)


def invite(
    *,
    sessions: sessionmaker[Session],
    settings: Settings,
    email: str,
    role: str,
    actor: Principal | None,
) -> IssuedLink:
    """An invitation link for a new account; `actor` None is the CLI. Raises ForbiddenError
    (not an admin), ConflictError (the address has an account), InvalidInputError."""
    if actor is not None and not actor.is_admin:
        raise ForbiddenError("only admins invite people")
    if role not in ROLES:
        raise InvalidInputError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    address = normalise_email(email)
    with sessions.begin() as session:
        if session.scalar(select(orm.User.id).where(orm.User.email == address)) is not None:
            raise ConflictError(
                f"{address} already has an account: issue a reset link instead"
                " (`quizflow users reset-link`)"
            )
        return _issue(
            session,
            settings,
            kind=orm.AccountLinkKind.INVITATION,
            email=address,
            role=role,
            by=actor,
        )


def invitation_in(
    session: Session, settings: Settings, *, email: str, by: Principal | None
) -> IssuedLink:
    """A learner's invitation link, inside the caller's transaction (a class's bulk add)."""
    return _issue(
        session, settings, kind=orm.AccountLinkKind.INVITATION, email=email, role="learner", by=by
    )


def reset_link(*, sessions: sessionmaker[Session], settings: Settings, email: str) -> IssuedLink:
    """A link that sets a new password for an existing account; raises NotFoundError."""
    address = normalise_email(email)
    with sessions.begin() as session:
        user = session.scalars(select(orm.User).where(orm.User.email == address)).one_or_none()
        if user is None:
            raise NotFoundError(f"no user with email {address}")
        return _issue(
            session,
            settings,
            kind=orm.AccountLinkKind.PASSWORD_RESET,
            email=address,
            role=user.role.value,
            by=None,
        )


def mail_reset_link(*, sessions: sessionmaker[Session], settings: Settings, email: str) -> bool:
    """Mail a reset link to the account with this address, if there is one and mail is set
    up; True when a mail was handed to the server. Never raises for an unknown or malformed
    address: whoever asked must not learn whether an account exists (the API answers the same
    202 either way, before this runs)."""
    server = mail.configured_server(settings)
    if server is None:
        return False
    try:
        link = reset_link(sessions=sessions, settings=settings, email=email)
    except (NotFoundError, InvalidInputError):
        return False
    message = mail.reset_message(
        settings, to=link.email, url=link.url, ttl_s=settings.account_link_ttl_s
    )
    try:
        server.send(message)
    except (OSError, smtplib.SMTPException):
        # Logged for the operator; the person asking sees the same answer as ever.
        _log.exception("could not mail a reset link via %s:%s", server.host, server.port)
        return False
    return True


def redeem(
    *,
    sessions: sessionmaker[Session],
    settings: Settings,
    token: str,
    password: str,
    display_name: str | None = None,
) -> tuple[UserView, str]:
    """Use a link: create the invited account, or set the new password (ending every other
    session of the account). Returns the account and a new browser session id. Raises
    UnauthorizedError for a bad link, InvalidInputError, ConflictError."""
    check_password_rules(password)
    now = datetime.now(UTC)
    try:
        with sessions.begin() as session:
            link = session.scalars(
                select(orm.AccountLink)
                .where(
                    orm.AccountLink.token_hash == _digest(token),
                    orm.AccountLink.used_at.is_(None),
                    orm.AccountLink.expires_at > now,
                )
                .with_for_update()
            ).one_or_none()
            if link is None:
                raise UnauthorizedError(_BAD_LINK)
            link.used_at = now
            if link.kind is orm.AccountLinkKind.INVITATION:
                name = (display_name or link.email.split("@")[0]).strip()[:200] or link.email
                user = orm.User(email=link.email, display_name=name, role=link.role)
                session.add(user)
                session.flush()
            else:
                found = session.scalars(
                    select(orm.User).where(orm.User.email == link.email)
                ).one_or_none()
                if found is None:
                    raise UnauthorizedError(_BAD_LINK)
                user = found
                close_user_sessions(session, user_id=user.id)
            store_password(session, user_id=user.id, password=password)
            raw_id = open_session(session, user_id=user.id, ttl_s=settings.web_session_ttl_s)
            return user_view(user), raw_id
    except IntegrityError as exc:
        raise ConflictError("an account with this address was created meanwhile") from exc


def sign_up(
    *,
    sessions: sessionmaker[Session],
    settings: Settings,
    email: str,
    password: str,
    display_name: str | None = None,
) -> tuple[UserView, str]:
    """A new learner account, signed in; raises ForbiddenError unless open sign-up is on,
    ConflictError, InvalidInputError."""
    if not settings.open_signup:
        raise ForbiddenError("sign-up is closed here: ask an admin for an invitation")
    check_password_rules(password)
    address = normalise_email(email)
    name = (display_name or address.split("@")[0]).strip()[:200] or address
    try:
        with sessions.begin() as session:
            user = orm.User(email=address, display_name=name, role=orm.UserRole.LEARNER)
            session.add(user)
            session.flush()
            store_password(session, user_id=user.id, password=password)
            raw_id = open_session(session, user_id=user.id, ttl_s=settings.web_session_ttl_s)
            return user_view(user), raw_id
    except IntegrityError as exc:
        raise ConflictError(f"{address} already has an account: sign in instead") from exc
