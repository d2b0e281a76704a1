"""Who is calling: bearer tokens turned into a Principal, and local tokens issued.

Two modes, picked by `build_verifier` from the settings:
- local (the default): HS256 tokens that quizflow issues itself (`issue_local_token`), signed with
  QUIZFLOW_JWT_SECRET or a secret generated once into config_dir (see `auth_keys`);
- JWKS (QUIZFLOW_JWT_JWKS_URL set, e.g. Cognito): RS256 tokens from the identity provider. Its
  `sub` (Cognito's user UUID) becomes the quizflow user id, so users rows are keyed by it; such
  a Principal is `provisionable`: its users row is created on its first request.
Every rejection is an UnauthorizedError whose message says what to do, never the key.

A token says who the caller is; what they may do comes from their account. `CurrentAccounts`
replaces the token's role with the account's current one (remembered a few seconds), and turns
away a token whose account was deleted.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Final, Literal, Protocol, TypeAlias, get_args

import jwt

from quizflow.auth_keys import JwksKeys, decode_claims, local_secret, require_alg
from quizflow.errors import ConfigurationError, InvalidInputError, UnauthorizedError
from quizflow.settings import Settings

Role = Literal["author", "learner", "admin"]
ROLES: Final[tuple[Role, ...]] = get_args(Role)
LOCAL_ISSUER: Final = "quizflow-local"
LOCAL_AUDIENCE: Final = "quizflow"
COGNITO_GROUPS_CLAIM: Final = "cognito:groups"
_GROUP_PRECEDENCE: Final[tuple[Role, ...]] = ("admin", "author", "learner")


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller."""

    user_id: uuid.UUID
    role: Role
    email: str | None
    # True when the identity provider vouches for the user (JWKS mode): a first request then
    # creates the users row. Local tokens name rows that must already exist. How the caller was
    # verified does not make it another caller, hence compare=False.
    provisionable: bool = field(default=False, compare=False)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_author(self) -> bool:
        """Authors and admins may author scenarios."""
        return self.role in ("author", "admin")


class TokenVerifier(Protocol):
    #: True when `verify` may wait on the network (fetching signing keys): the API then calls
    #: it from a worker thread, not on the event loop.
    may_block: bool

    def verify(self, token: str) -> Principal:
        """The caller the token names; raises UnauthorizedError if it is not valid here."""
        ...


def bearer_token(authorization_header: str | None) -> str:
    """The token in an ``Authorization: Bearer <token>`` header; raises UnauthorizedError."""
    if authorization_header is None or not authorization_header.strip():
        raise UnauthorizedError("no credentials: send the header `Authorization: Bearer <token>`")
    parts = authorization_header.split()
    # The header's content is never echoed: it may be someone's password (Basic) or token.
    if len(parts) != 2 or parts[0].lower() != "bearer":
        raise UnauthorizedError(
            "the Authorization header must read `Bearer <token>`; no other scheme is accepted"
        )
    return parts[1]


def build_verifier(settings: Settings) -> VerifiedTokenCache:
    """The verifier the settings ask for, remembering the tokens it accepted; raises
    ConfigurationError if the settings cannot work."""
    return VerifiedTokenCache(_build_verifier(settings))


def _build_verifier(settings: Settings) -> TokenVerifier:
    if settings.jwt_jwks_url is None:
        return _LocalVerifier(local_secret(settings), role_claim=settings.jwt_role_claim)
    issuer, audience = settings.jwt_issuer, settings.jwt_audience
    if not issuer or not audience:
        named = (("QUIZFLOW_JWT_ISSUER", issuer), ("QUIZFLOW_JWT_AUDIENCE", audience))
        missing = [name for name, value in named if not value]
        raise ConfigurationError(f"QUIZFLOW_JWT_JWKS_URL is set, so set {' and '.join(missing)}")
    if settings.jwt_role_claim.startswith("custom:"):
        raise ConfigurationError(
            f"QUIZFLOW_JWT_ROLE_CLAIM is {settings.jwt_role_claim!r}, a Cognito custom attribute,"
            " which users can write themselves; leave it unset and put users in the Cognito"
            " group named after their role (author, learner or admin)"
        )
    return _JwksVerifier(
        JwksKeys(settings.jwt_jwks_url),
        issuer=issuer,
        audience=audience,
        role_claim=settings.jwt_role_claim,
    )


def issue_local_token(
    settings: Settings,
    *,
    user_id: uuid.UUID,
    role: Role,
    email: str | None = None,
    ttl_s: int | None = None,
) -> str:
    """A signed HS256 token for the user; ConfigurationError in JWKS mode."""
    if settings.jwt_jwks_url is not None:
        raise ConfigurationError(
            "tokens are issued by the identity provider when QUIZFLOW_JWT_JWKS_URL is set"
        )
    if role not in ROLES:
        raise InvalidInputError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    lifetime = settings.jwt_ttl_s if ttl_s is None else ttl_s
    if lifetime <= 0:
        raise InvalidInputError(f"a token's lifetime must be positive, not {lifetime} s")
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": LOCAL_ISSUER,
        "aud": LOCAL_AUDIENCE,
        "sub": str(user_id),
        "iat": now,
        "exp": now + lifetime,
        settings.jwt_role_claim: role,
    }
    if email is not None:
        claims["email"] = email
    return jwt.encode(claims, local_secret(settings), algorithm="HS256")


class VerifiedTokenCache:
    """Remembers the tokens a verifier accepted, until each one expires.

    A learner sends the same token with every answer, and checking its signature and claims
    costs more CPU than the rest of the request's Python. A signed token cannot change, so
    the Principal it named stays right until its `exp`; after that the verifier sees the
    token again and says it expired. Rejections are never cached. At most `capacity` tokens
    are held; the oldest goes first.
    """

    def __init__(
        self,
        verifier: TokenVerifier,
        *,
        capacity: int = 10_000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._verifier = verifier
        self._capacity = capacity
        self._clock = clock
        self._accepted: dict[str, tuple[Principal, float]] = {}
        self._lock = threading.Lock()
        self.may_block = verifier.may_block

    def cached(self, token: str) -> Principal | None:
        """The Principal of a token accepted before and not expired yet; never blocks."""
        hit = self._accepted.get(token)
        if hit is not None and self._clock() < hit[1]:
            return hit[0]
        return None

    def verify(self, token: str) -> Principal:
        principal = self.cached(token)
        if principal is not None:
            return principal
        principal = self._verifier.verify(token)
        expires = jwt.decode(token, options={"verify_signature": False}).get("exp")
        if isinstance(expires, int | float):  # a token without `exp` is checked every time
            with self._lock:  # JWKS verification runs in worker threads
                if len(self._accepted) >= self._capacity:
                    self._accepted.pop(next(iter(self._accepted)), None)
                self._accepted[token] = (principal, float(expires))
        return principal


#: The account's current role, or None when there is no such account (reads the database).
AccountLookup: TypeAlias = Callable[[uuid.UUID], Role | None]


class CurrentAccounts:
    """The callers' accounts as they are now, each remembered for `ttl_s` seconds.

    A token is valid for hours, so a role read from it outlives a demotion or a deletion by as
    long. The account is read instead, but answering is the hot path and a query per request
    would be most of its cost: each account's role is remembered for `ttl_s` (a few seconds),
    which bounds how long a change takes to apply. Missing accounts are remembered too, so a
    deleted user's token cannot make a query per request. At most `capacity` accounts are held.
    """

    def __init__(
        self,
        lookup: AccountLookup,
        *,
        ttl_s: float,
        capacity: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._lookup = lookup
        self._ttl_s = ttl_s
        self._capacity = capacity
        self._clock = clock
        self._known: dict[uuid.UUID, tuple[Role | None, float]] = {}
        self._lock = threading.Lock()

    def cached(self, principal: Principal) -> Principal | None:
        """The caller with its account's remembered role; None when the account must be read.

        Never blocks; raises UnauthorizedError for an account known to be gone.
        """
        hit = self._known.get(principal.user_id)
        if hit is None or self._clock() >= hit[1]:
            return None
        return _with_account_role(principal, hit[0])

    def current(self, principal: Principal) -> Principal:
        """The caller with its account's current role; raises UnauthorizedError if it has none.

        A provisionable caller without an account keeps the token's role: its account is
        created with that role by its first use case.
        """
        remembered = self.cached(principal)
        if remembered is not None:
            return remembered
        role = self._lookup(principal.user_id)
        if self._ttl_s > 0:
            with self._lock:  # lookups run in worker threads
                full = len(self._known) >= self._capacity
                if full and principal.user_id not in self._known:
                    self._known.pop(next(iter(self._known)), None)
                self._known[principal.user_id] = (role, self._clock() + self._ttl_s)
        return _with_account_role(principal, role)


def _with_account_role(principal: Principal, role: Role | None) -> Principal:
    if role is None:
        if principal.provisionable:
            return principal
        raise UnauthorizedError(
            "the account this token was issued for no longer exists; ask an admin for a new one"
        )
    return principal if role == principal.role else replace(principal, role=role)


class _LocalVerifier:
    may_block = False

    def __init__(self, secret: str, *, role_claim: str) -> None:
        self._secret = secret
        self._role_claim = role_claim

    def verify(self, token: str) -> Principal:
        require_alg(token, "HS256")
        claims = decode_claims(
            token,
            self._secret,
            algorithm="HS256",
            issuer=LOCAL_ISSUER,
            audience=LOCAL_AUDIENCE,
            renew="get a new one with `quizflow token EMAIL`",
            signer="this server's secret (was QUIZFLOW_JWT_SECRET or the secret file changed?)",
        )
        return _principal(claims, role=_claimed_role(claims, self._role_claim, groups=False))


class _JwksVerifier:
    may_block = True

    def __init__(self, keys: JwksKeys, *, issuer: str, audience: str, role_claim: str) -> None:
        self._keys = keys
        self._issuer = issuer
        self._audience = audience
        self._role_claim = role_claim

    def verify(self, token: str) -> Principal:
        # Before any network call: a token naming another algorithm is refused outright.
        require_alg(token, "RS256")
        claims = decode_claims(
            token,
            self._keys.key_for(token),
            algorithm="RS256",
            issuer=self._issuer,
            audience=None,  # checked below: Cognito access tokens carry client_id instead
            renew="sign in again to get a new one",
            signer=f"a key in the key set at {self._keys.url}",
        )
        self._check_audience(claims)
        principal = _principal(claims, role=_claimed_role(claims, self._role_claim, groups=True))
        return replace(principal, provisionable=True)

    def _check_audience(self, claims: dict[str, Any]) -> None:
        aud = claims.get("aud")
        if aud is not None:
            if aud == self._audience or (isinstance(aud, list) and self._audience in aud):
                return
            raise UnauthorizedError(f"the token is meant for {aud!r}, not {self._audience!r}")
        if claims.get("token_use") == "access" and claims.get("client_id") == self._audience:
            return
        raise UnauthorizedError(
            f"the token is not meant for {self._audience!r}: it has no `aud`, and is not an"
            " access token whose `client_id` is that app client"
        )


def role_from_cognito_groups(claims: dict[str, Any]) -> Role | None:
    """The highest role among the user pool groups the claims name (the stack's groups are
    called after the roles: admin, author, learner), or None when they name none."""
    member_of = claims.get(COGNITO_GROUPS_CLAIM)
    if isinstance(member_of, list):
        for role in _GROUP_PRECEDENCE:
            if role in member_of:
                return role
    return None


def _claimed_role(claims: dict[str, Any], role_claim: str, *, groups: bool) -> Role:
    value = claims.get(role_claim)
    for role in ROLES:
        if value == role:
            return role
    if value is not None:
        raise UnauthorizedError(f"the token's role {value!r} is not one of {', '.join(ROLES)}")
    if groups and (grouped := role_from_cognito_groups(claims)) is not None:
        return grouped
    where = f"{role_claim!r}" + (f" or a {COGNITO_GROUPS_CLAIM!r} group" if groups else "")
    raise UnauthorizedError(f"the token carries no role: expected {', '.join(ROLES)} in {where}")


def _principal(claims: dict[str, Any], *, role: Role) -> Principal:
    sub = claims["sub"]
    try:
        user_id = uuid.UUID(sub)
    except (TypeError, ValueError) as exc:
        raise UnauthorizedError(
            f"the token's subject {sub!r:.60} is not a user id (a UUID)"
        ) from exc
    email = claims.get("email")
    return Principal(user_id=user_id, role=role, email=email if isinstance(email, str) else None)
