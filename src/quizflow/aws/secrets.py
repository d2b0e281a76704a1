"""Database credentials from AWS Secrets Manager (the secret Aurora/RDS generate and rotate).

The secret is JSON with ``host``, ``port``, ``username``, ``password`` and ``dbname``. It is read
once per process and kept; when a new connection is refused and the secret has changed since
(the password was rotated), the engine reconnects with the new one (see `follow_rotation`).
boto3 is imported here only, and only when a secret is configured.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import URL

from quizflow.errors import ConfigurationError, DatabaseUnavailableError

if TYPE_CHECKING:
    from mypy_boto3_secretsmanager import SecretsManagerClient

_REQUIRED_KEYS = ("host", "username", "password")
_DEFAULT_PORT = 5432
_DEFAULT_DBNAME = "postgres"
_UNREACHABLE_CODES = frozenset({"InternalServiceError", "ThrottlingException"})


@dataclass(frozen=True, slots=True)
class DatabaseCredentials:
    """What a database credentials secret holds."""

    host: str
    port: int
    username: str
    password: str = field(repr=False)
    dbname: str


class _SecretCache:
    """One entry per secret ARN for the life of the process (a Lambda container)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[str, DatabaseCredentials] = {}
        self._clients: dict[str, SecretsManagerClient] = {}

    def get(self, secret_arn: str, *, refresh: bool = False) -> DatabaseCredentials:
        with self._lock:
            if refresh or secret_arn not in self._values:
                self._values[secret_arn] = _parse(secret_arn, self._fetch(secret_arn))
            return self._values[secret_arn]

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._clients.clear()

    def _fetch(self, secret_arn: str) -> str:
        from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

        region = _region_of(secret_arn)
        try:
            client = self._clients.get(region)
            if client is None:
                client = self._clients[region] = _client(region)
            response = client.get_secret_value(SecretId=secret_arn)
        except NoCredentialsError as exc:
            raise ConfigurationError(
                f"no AWS credentials to read the database secret {secret_arn}"
            ) from exc
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in _UNREACHABLE_CODES:
                raise DatabaseUnavailableError(
                    f"Secrets Manager could not return the database secret {secret_arn}: {code}"
                ) from exc
            raise ConfigurationError(
                f"cannot read the database secret {secret_arn}: {code or exc}"
            ) from exc
        except BotoCoreError as exc:  # unreachable endpoint, timeouts
            raise DatabaseUnavailableError(
                f"cannot reach Secrets Manager for the database secret {secret_arn}: {exc}"
            ) from exc
        text = response.get("SecretString")
        if text is None:
            raise ConfigurationError(f"the database secret {secret_arn} holds no text (binary?)")
        return text


_cache = _SecretCache()


def database_credentials(secret_arn: str, *, refresh: bool = False) -> DatabaseCredentials:
    """The credentials in the secret, fetched once per process (again with `refresh`).

    Raises ConfigurationError when the secret is missing, unreadable or malformed, and
    DatabaseUnavailableError when Secrets Manager cannot be reached.
    """
    return _cache.get(secret_arn, refresh=refresh)


def clear_cache() -> None:
    """Forget every secret and client (for tests, or after the configuration changed)."""
    _cache.clear()


def database_url(secret_arn: str, *, host: str | None = None, sslmode: str = "require") -> URL:
    """A psycopg URL with the secret's credentials; `host` replaces the secret's (a proxy).

    TLS is required by default: the proxy and Aurora both offer it (verify-full needs the RDS
    certificate bundle, which the package does not carry).
    """
    creds = database_credentials(secret_arn)
    return URL.create(
        "postgresql+psycopg",
        username=creds.username,
        password=creds.password,
        host=host or creds.host,
        port=creds.port,
        database=creds.dbname,
        query={"sslmode": sslmode},
    )


def follow_rotation(engine: Engine, secret_arn: str) -> None:
    """Make `engine` retry a refused connection once with the secret read afresh.

    Rotation changes the password under a running process; pooled connections stay valid, but
    the next new one would be refused with the old password for the rest of the container's life.
    """

    @event.listens_for(engine, "do_connect")
    def _connect(dialect: Any, _record: Any, cargs: Any, cparams: dict[str, Any]) -> Any:
        known = database_credentials(secret_arn)
        cparams.update(user=known.username, password=known.password)
        try:
            return dialect.connect(*cargs, **cparams)
        except dialect.loaded_dbapi.OperationalError:
            fresh = database_credentials(secret_arn, refresh=True)
            if (fresh.username, fresh.password) == (known.username, known.password):
                raise
            cparams.update(user=fresh.username, password=fresh.password)
            return dialect.connect(*cargs, **cparams)


def _parse(secret_arn: str, text: str) -> DatabaseCredentials:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ConfigurationError(f"the database secret {secret_arn} is not JSON") from exc
    if not isinstance(data, dict):
        raise ConfigurationError(f"the database secret {secret_arn} is not a JSON object")
    missing = [key for key in _REQUIRED_KEYS if not isinstance(data.get(key), str)]
    if missing:
        raise ConfigurationError(
            f"the database secret {secret_arn} lacks {', '.join(missing)}"
            " (expected host, port, username, password, dbname)"
        )
    try:
        port = int(data.get("port") or _DEFAULT_PORT)
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(
            f"the database secret {secret_arn} has a port that is not a number"
        ) from exc
    return DatabaseCredentials(
        host=data["host"],
        port=port,
        username=data["username"],
        password=data["password"],
        dbname=str(data.get("dbname") or _DEFAULT_DBNAME),
    )


def _region_of(secret_arn: str) -> str:
    # arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME: the client goes to the secret's own
    # region, so no region needs configuring.
    parts = secret_arn.split(":")
    if len(parts) < 7 or parts[0] != "arn" or parts[2] != "secretsmanager" or not parts[3]:
        raise ConfigurationError(
            f"QUIZFLOW_DB_SECRET_ARN must be a Secrets Manager ARN"
            f" (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME), not {secret_arn!r}"
        )
    return parts[3]


def _client(region: str) -> SecretsManagerClient:
    import boto3.session
    from botocore.config import Config

    # Fail fast: a cold start that waits on an unreachable endpoint holds an API request.
    config = Config(connect_timeout=2, read_timeout=5, retries={"total_max_attempts": 3})
    return boto3.session.Session().client("secretsmanager", region_name=region, config=config)
