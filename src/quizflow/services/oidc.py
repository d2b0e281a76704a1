"""Signing in with an OpenID Connect provider (Cognito): authorization code + PKCE.

The flow (docs/web.md): /auth/oidc/start makes a state, a nonce and a PKCE verifier, keeps them
in a short-lived signed cookie (`PendingLogin.seal`) and sends the browser to the provider;
/auth/oidc/callback checks the state against the cookie, exchanges the code with the verifier,
and verifies the ID token (signature against the provider's JWKS, iss, aud, exp, nonce) before
an account is found or created by its verified email.

Roles come from the `cognito:groups` claim, read as for bearer tokens
(`auth.role_from_cognito_groups`: the stack's groups "admin", "author", "learner"; none of them
→ learner) when the account is created. An existing account keeps its role unless a group
grants more: a group can promote, but demoting stays an admin's decision in quizflow
(`quizflow users set-role`), so removing someone from a group never silently changes what
their quizflow account holds.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlsplit

import httpx
from authlib.common.security import generate_token  # type: ignore[import-untyped]
from authlib.common.urls import add_params_to_uri  # type: ignore[import-untyped]
from authlib.oauth2.rfc7636 import create_s256_code_challenge  # type: ignore[import-untyped]
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, OctKey
from joserfc.jws import extract_compact
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Role, role_from_cognito_groups
from quizflow.db import models as orm
from quizflow.errors import ConfigurationError, InvalidInputError, QuizflowError
from quizflow.services.users import UserView, normalise_email, user_view
from quizflow.services.web_sessions import open_session
from quizflow.settings import Settings

PENDING_TTL_S: Final = 600  # time to sign in at the provider
METADATA_TTL_S: Final = 3600
HTTP_TIMEOUT_S: Final = 5.0
LEEWAY_S: Final = 30
DEFAULT_NEXT: Final = "/app/"
_RANK: Final[dict[str, int]] = {"learner": 0, "author": 1, "admin": 2}


class OidcError(QuizflowError):
    """The provider's answer could not be trusted or used; `code` goes to the sign-in page."""

    code = "oidc_failed"
    status = 401


class OidcStateError(OidcError):
    """The callback does not belong to a sign-in this browser started (or it took too long)."""

    code = "oidc_state"


class OidcUnverifiedEmailError(OidcError):
    code = "oidc_unverified_email"


def redirect_uri(settings: Settings) -> str:
    return settings.public_url.rstrip("/") + "/api/auth/oidc/callback"


def safe_next(next_path: str | None) -> str:
    """A path inside the app to land on after signing in; raises InvalidInputError for
    anything else (another site, a scheme, `//host`, a backslash): no open redirect."""
    if not next_path:
        return DEFAULT_NEXT
    parts = urlsplit(next_path)
    if (
        parts.scheme
        or parts.netloc
        or "\\" in next_path
        or any(ord(c) < 0x20 or ord(c) == 0x7F for c in next_path)
        or not (parts.path == "/app" or parts.path.startswith("/app/"))
        or next_path.startswith("//")
    ):
        raise InvalidInputError("next must be a path inside the app, starting with /app/")
    return next_path


@dataclass(frozen=True, slots=True)
class PendingLogin:
    """What the callback must find again: kept in the browser, signed, for PENDING_TTL_S."""

    state: str
    nonce: str
    verifier: str
    next: str

    @classmethod
    def new(cls, next_path: str) -> PendingLogin:
        return cls(generate_token(32), generate_token(32), generate_token(64), next_path)

    def seal(self, secret: str) -> str:
        now = int(time.time())
        claims = {
            "state": self.state,
            "nonce": self.nonce,
            "verifier": self.verifier,
            "next": self.next,
            "iat": now,
            "exp": now + PENDING_TTL_S,
        }
        return jwt.encode({"alg": "HS256"}, claims, _sealing_key(secret))

    @classmethod
    def unseal(cls, sealed: str | None, secret: str) -> PendingLogin:
        """Raises OidcStateError when missing, tampered with or expired."""
        if not sealed:
            raise OidcStateError("this sign-in was not started here or took too long: try again")
        try:
            token = jwt.decode(sealed, _sealing_key(secret), algorithms=["HS256"])
            jwt.JWTClaimsRegistry(exp={"essential": True}).validate(token.claims)
            claims = token.claims
            return cls(
                str(claims["state"]), str(claims["nonce"]), str(claims["verifier"]),
                safe_next(str(claims["next"])),
            )  # fmt: skip
        except (JoseError, KeyError, ValueError, InvalidInputError) as exc:
            raise OidcStateError("this sign-in expired or was tampered with: try again") from exc


def _sealing_key(secret: str) -> OctKey:
    # A key of its own, derived from the local secret: a sealed login is never a valid token.
    return OctKey.import_key(hashlib.sha256(b"quizflow-oidc-pending:" + secret.encode()).digest())


class Provider:
    """One OIDC provider: its discovery document and keys, fetched on demand and kept."""

    def __init__(self, settings: Settings, *, client: httpx.Client | None = None) -> None:
        if settings.oidc_issuer is None or settings.oidc_client_id is None:
            raise ConfigurationError("set QUIZFLOW_OIDC_ISSUER and QUIZFLOW_OIDC_CLIENT_ID")
        self.issuer = settings.oidc_issuer.rstrip("/")
        self.client_id = settings.oidc_client_id
        secret = settings.oidc_client_secret
        self.client_secret = None if secret is None else secret.get_secret_value()
        self.scopes = settings.oidc_scopes
        self.redirect_uri = redirect_uri(settings)
        self._http = client or httpx.Client(timeout=HTTP_TIMEOUT_S)
        self._lock = threading.Lock()
        self._metadata: tuple[float, dict[str, Any]] | None = None
        self._keys: KeySet | None = None

    def _get_json(self, url: str) -> dict[str, Any]:
        try:
            response = self._http.get(url)
            response.raise_for_status()
            body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise OidcError(f"the identity provider could not be reached ({url})") from exc
        if not isinstance(body, dict):
            raise OidcError(f"the identity provider answered something unexpected at {url}")
        return body

    def metadata(self) -> dict[str, Any]:
        with self._lock:
            if self._metadata is not None and time.monotonic() - self._metadata[0] < METADATA_TTL_S:
                return self._metadata[1]
        found = self._get_json(self.issuer + "/.well-known/openid-configuration")
        if str(found.get("issuer", "")).rstrip("/") != self.issuer:
            raise OidcError("the provider's discovery document names another issuer")
        for field in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not isinstance(found.get(field), str):
                raise OidcError(f"the provider's discovery document has no {field}")
        with self._lock:
            self._metadata = (time.monotonic(), found)
        return found

    def authorization_url(self, pending: PendingLogin) -> str:
        return str(
            add_params_to_uri(
                self.metadata()["authorization_endpoint"],
                [
                    ("response_type", "code"),
                    ("client_id", self.client_id),
                    ("redirect_uri", self.redirect_uri),
                    ("scope", self.scopes),
                    ("state", pending.state),
                    ("nonce", pending.nonce),
                    ("code_challenge", create_s256_code_challenge(pending.verifier)),
                    ("code_challenge_method", "S256"),
                ],
            )
        )

    def exchange(self, code: str, pending: PendingLogin) -> dict[str, Any]:
        """The verified ID token's claims for this code; raises OidcError."""
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.redirect_uri,
            "code_verifier": pending.verifier,
            "client_id": self.client_id,
        }
        auth: httpx.Auth | httpx._client.UseClientDefault = httpx.USE_CLIENT_DEFAULT
        if self.client_secret is not None:
            auth = httpx.BasicAuth(self.client_id, self.client_secret)  # client_secret_basic
        try:
            response = self._http.post(self.metadata()["token_endpoint"], data=form, auth=auth)
            body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise OidcError("the identity provider's token endpoint failed") from exc
        if response.status_code != 200 or not isinstance(body, dict):
            raise OidcError("the identity provider refused the sign-in code")
        id_token = body.get("id_token")
        if not isinstance(id_token, str):
            raise OidcError("the identity provider sent no ID token")
        return self.verify_id_token(id_token, nonce=pending.nonce)

    def verify_id_token(self, id_token: str, *, nonce: str) -> dict[str, Any]:
        try:
            token = jwt.decode(id_token, self._key_set(id_token), algorithms=["RS256"])
            jwt.JWTClaimsRegistry(
                leeway=LEEWAY_S,
                iss={"essential": True, "value": self.issuer},
                aud={"essential": True, "value": self.client_id},
                nonce={"essential": True, "value": nonce},
                exp={"essential": True},
                sub={"essential": True},
            ).validate(token.claims)
        except (JoseError, ValueError) as exc:
            raise OidcError("the identity provider's ID token did not verify") from exc
        return dict(token.claims)

    def _key_set(self, id_token: str) -> KeySet:
        kid = _header_kid(id_token)
        keys = self._keys
        if keys is None or (kid is not None and not _has_kid(keys, kid)):
            # Unknown key: the provider may have rotated; fetch once more.
            keys = KeySet.import_key_set(self._get_json(self.metadata()["jwks_uri"]))  # type: ignore[arg-type]
            self._keys = keys
        return keys


def _header_kid(token: str) -> str | None:
    try:
        kid = extract_compact(token.encode()).headers().get("kid")
    except (JoseError, ValueError):
        return None
    return kid if isinstance(kid, str) else None


def _has_kid(keys: KeySet, kid: str) -> bool:
    return any(key.kid == kid for key in keys.keys)


def role_from_groups(claims: dict[str, Any]) -> Role:
    return role_from_cognito_groups(claims) or "learner"


def sign_in_with_claims(
    *, sessions: sessionmaker[Session], claims: dict[str, Any], ttl_s: int
) -> tuple[UserView, str]:
    """The account for verified ID-token claims, found or created by email, and a new browser
    session id. Raises OidcUnverifiedEmailError unless the provider vouches for the address
    (linking to an existing account on an unverified address would hand it over)."""
    if claims.get("email_verified") not in (True, "true"):
        raise OidcUnverifiedEmailError("your organisation has not verified your email address")
    try:
        address = normalise_email(str(claims.get("email") or ""))
    except InvalidInputError as exc:
        raise OidcError("your organisation sent no usable email address") from exc
    role = role_from_groups(claims)
    name = str(claims.get("name") or address.split("@")[0]).strip()[:200] or address
    with sessions.begin() as session:
        # The provider's subject as the id when it is a UUID (Cognito's is): bearer tokens
        # from the same user pool then name the same account.
        values: dict[str, Any] = {"email": address, "display_name": name, "role": role}
        subject = _uuid_or_none(claims.get("sub"))
        if subject is not None and session.get(orm.User, subject) is None:
            values["id"] = subject
        session.execute(
            insert(orm.User)
            .values(**{**values, "role": orm.UserRole(role)})
            .on_conflict_do_nothing(index_elements=[orm.User.email])
        )
        user = session.scalars(
            select(orm.User).where(orm.User.email == address).with_for_update()
        ).one()
        if _RANK[role] > _RANK[user.role.value]:
            user.role = orm.UserRole(role)
        raw_id = open_session(session, user_id=user.id, ttl_s=ttl_s)
        return user_view(user), raw_id


def _uuid_or_none(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
