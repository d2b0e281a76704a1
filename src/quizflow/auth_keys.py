"""PyJWT at the edge: the local HS256 secret, a remote JWKS, and decoding with library errors
re-raised as ours (UnauthorizedError, ConfigurationError)."""

from __future__ import annotations

import os
import re
import secrets
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import jwt

from quizflow.errors import ConfigurationError, UnauthorizedError
from quizflow.settings import Settings

SECRET_FILE_NAME = "jwt-secret"  # noqa: S105 (a file name, not a password)
MIN_SECRET_BYTES = 32  # RFC 7518 §3.2: an HS256 key must be at least as long as the hash
# What secrets.token_urlsafe writes; 43 characters carry 256 bits.
_GENERATED_SECRET = re.compile(r"[A-Za-z0-9_-]{43,}")
# A verifier answers a request, so a dead key set must fail fast rather than hold a worker.
JWKS_TIMEOUT_S = 5.0
LEEWAY_S = 30  # tolerated clock skew between the issuer and us


def local_secret(settings: Settings) -> str:
    """The HS256 key: QUIZFLOW_JWT_SECRET, else the one kept in config_dir (made on first use).

    Raises ConfigurationError if the configured secret is too short or the file is unusable.
    """
    if settings.jwt_secret is not None:
        configured = settings.jwt_secret.get_secret_value()
        if len(configured.encode()) < MIN_SECRET_BYTES:
            raise ConfigurationError(
                f"QUIZFLOW_JWT_SECRET must be at least {MIN_SECRET_BYTES} bytes long; make one with"
                " `python -c 'import secrets; print(secrets.token_urlsafe(48))'`"
            )
        return configured
    return _load_or_create_secret(settings.config_dir / SECRET_FILE_NAME)


def _load_or_create_secret(path: Path) -> str:
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _publish_new_secret(path)
    except OSError as exc:
        raise ConfigurationError(
            f"cannot create the JWT secret {path}: {exc.strerror or exc}; make its directory"
            " writable or set QUIZFLOW_JWT_SECRET"
        ) from exc
    try:
        # Read back rather than trust what we wrote: another process may have won the race.
        return _read_secret(path)
    except FileNotFoundError as exc:
        raise ConfigurationError(f"the JWT secret {path} vanished right after creation") from exc


def _read_secret(path: Path) -> str:
    """The secret in ``path``; FileNotFoundError passes through, other failures are ours."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise ConfigurationError(
            f"cannot read the JWT secret {path}: {exc.strerror or exc}; fix its permissions,"
            " or delete it to generate a new one (this signs everyone out)"
        ) from exc
    text = raw.decode("ascii", errors="replace").strip()
    if not _GENERATED_SECRET.fullmatch(text):
        raise ConfigurationError(
            f"the JWT secret {path} is corrupt (expected one line of at least 43 URL-safe"
            " characters); delete it to generate a new one (this signs everyone out)"
        )
    return text


def _publish_new_secret(path: Path) -> None:
    """Write a fresh secret to ``path`` unless one appears there first; never half-written."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_urlsafe(48) + "\n")
            out.flush()
            os.fsync(out.fileno())
        # link() is atomic and refuses to replace: two first runs end up sharing one secret.
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)


def check_jwks_url(url: str) -> None:
    """Raise ConfigurationError unless ``url`` is an http(s) URL."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigurationError(f"QUIZFLOW_JWT_JWKS_URL must be an https:// URL, not {url!r}")


class JwksKeys:
    """The signing keys published at a JWKS URL, fetched on first use and cached by PyJWT."""

    def __init__(self, url: str) -> None:
        check_jwks_url(url)
        self.url = url
        self._client: jwt.PyJWKClient | None = None
        self._lock = threading.Lock()

    def _get_client(self) -> jwt.PyJWKClient:
        with self._lock:
            if self._client is None:
                self._client = jwt.PyJWKClient(self.url, timeout=JWKS_TIMEOUT_S)
            return self._client

    def key_for(self, token: str) -> jwt.PyJWK:
        """The key named by the token's ``kid``; raises UnauthorizedError when there is none."""
        try:
            return self._get_client().get_signing_key_from_jwt(token)
        except jwt.PyJWKClientConnectionError as exc:
            raise UnauthorizedError(
                f"cannot verify the token: the key set at {self.url} is unreachable"
            ) from exc
        except jwt.DecodeError as exc:
            raise UnauthorizedError(f"the token is malformed ({exc})") from exc
        except (jwt.PyJWKClientError, jwt.PyJWKSetError) as exc:
            raise UnauthorizedError(
                f"cannot verify the token: the key set at {self.url} has no usable key for it"
                " (was it issued by another user pool?)"
            ) from exc
        except ValueError as exc:  # the endpoint answered with something that is not JSON
            raise UnauthorizedError(
                f"cannot verify the token: the key set at {self.url} is not a JSON key set"
            ) from exc


def require_alg(token: str, expected: str) -> None:
    """Raise UnauthorizedError unless the token's header names ``expected`` (no alg confusion)."""
    try:
        alg = jwt.get_unverified_header(token).get("alg")
    except jwt.PyJWTError as exc:
        raise UnauthorizedError(f"the token is malformed ({exc})") from exc
    if alg != expected:
        raise UnauthorizedError(
            f"the token is signed with alg {alg!r}; only {expected} is accepted"
        )


def decode_claims(
    token: str,
    key: str | jwt.PyJWK,
    *,
    algorithm: str,
    issuer: str,
    audience: str | None,
    renew: str,
    signer: str,
) -> dict[str, Any]:
    """The token's claims once signature, exp/iat/nbf (30 s leeway), iss and aud hold.

    ``renew`` says how to get a fresh token, ``signer`` whose key should have signed it; both go
    into the UnauthorizedError raised otherwise.
    """
    required = ["exp", "iat", "iss", "sub", *(["aud"] if audience else [])]
    try:
        return jwt.decode(
            token,
            key,
            algorithms=[algorithm],
            issuer=issuer,
            audience=audience,
            leeway=LEEWAY_S,
            options={"require": required, "verify_aud": audience is not None},
        )
    except jwt.ExpiredSignatureError as exc:
        # The signature was checked before the claims, so this `exp` is genuine.
        exp = jwt.decode(token, options={"verify_signature": False})["exp"]
        at = datetime.fromtimestamp(int(exp), UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        raise UnauthorizedError(f"the token expired at {at}; {renew}") from exc
    except jwt.InvalidSignatureError as exc:
        raise UnauthorizedError(f"the token's signature is not from {signer}") from exc
    except jwt.ImmatureSignatureError as exc:
        raise UnauthorizedError(
            "the token is not valid yet (issued in the future: check the clocks)"
        ) from exc
    except jwt.InvalidIssuerError as exc:
        iss = jwt.decode(token, options={"verify_signature": False}).get("iss")
        raise UnauthorizedError(f"the token was issued by {iss!r}, not {issuer!r}") from exc
    except jwt.InvalidAudienceError as exc:
        aud = jwt.decode(token, options={"verify_signature": False}).get("aud")
        raise UnauthorizedError(f"the token is meant for {aud!r}, not {audience!r}") from exc
    except jwt.exceptions.InvalidSubjectError as exc:
        raise UnauthorizedError("the token's subject is not a user id (a UUID)") from exc
    except jwt.MissingRequiredClaimError as exc:
        raise UnauthorizedError(f"the token lacks the {exc.claim!r} claim") from exc
    except jwt.DecodeError as exc:
        raise UnauthorizedError(f"the token is malformed ({exc})") from exc
    except jwt.PyJWTError as exc:
        raise UnauthorizedError(f"the token is invalid ({exc})") from exc
