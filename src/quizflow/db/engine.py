"""Engines and sessions: the only place a database connection is configured.

Credentials kept in a secret store (AWS Secrets Manager) come from a `CredentialProvider` the
composition roots hand in (`quizflow.aws.secrets` on AWS): the database layer knows no cloud.
"""

from __future__ import annotations

import time
from typing import Protocol

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from quizflow.errors import ConfigurationError, DatabaseUnavailableError
from quizflow.settings import Settings

_DRIVER = "postgresql+psycopg"
_ACCEPTED_SCHEMES = {"postgres", "postgresql", "postgresql+psycopg"}


def parse_database_url(raw: str) -> URL:
    """Parse a PostgreSQL URL and pin SQLAlchemy's psycopg 3 driver; raise ConfigurationError."""
    try:
        url = make_url(raw.strip())
    except ArgumentError as exc:
        raise ConfigurationError(f"DATABASE_URL is not a valid URL: {exc}") from exc
    if url.drivername not in _ACCEPTED_SCHEMES:
        raise ConfigurationError(
            f"DATABASE_URL must be a postgresql:// URL, not {url.drivername}:// "
            "(quizflow runs on PostgreSQL only)"
        )
    return url.set(drivername=_DRIVER)


def masked(url: URL | str) -> str:
    """The URL as it may be shown to a person: the password replaced by ***."""
    parsed = url if isinstance(url, URL) else make_url(url)
    # Shown as the user wrote it: postgresql://, not SQLAlchemy's driver-qualified scheme.
    return parsed.set(drivername="postgresql").render_as_string(hide_password=True)


class CredentialProvider(Protocol):
    """Where the credentials named by QUIZFLOW_DB_SECRET_ARN are read (the `quizflow.aws.secrets`
    module is one)."""

    def database_url(self, secret_arn: str, *, host: str | None, sslmode: str) -> URL:
        """A psycopg URL with the secret's credentials; `host` replaces the secret's."""
        ...

    def follow_rotation(self, engine: Engine, secret_arn: str) -> None:
        """Make `engine` reconnect with a rotated password."""
        ...


def resolve_database_url(
    settings: Settings, *, credentials: CredentialProvider | None = None
) -> URL:
    """The configured database, or the embedded server (started on demand) when none is.

    A secret (db_secret_arn) wins over DATABASE_URL and is read through `credentials`; raises
    ConfigurationError (also when a secret is configured but no provider is given) or
    DatabaseUnavailableError.
    """
    if settings.db_secret_arn is not None:
        return _provider(settings, credentials).database_url(
            settings.db_secret_arn, host=settings.db_host, sslmode=settings.db_sslmode
        )
    if settings.database_url is not None:
        return parse_database_url(settings.database_url.get_secret_value())
    from quizflow.db.embedded import start_embedded  # the wheel is only needed here

    return parse_database_url(
        start_embedded(settings.embedded_data_dir, settings.embedded_database)
    )


def _provider(settings: Settings, credentials: CredentialProvider | None) -> CredentialProvider:
    if credentials is None:
        raise ConfigurationError(
            f"QUIZFLOW_DB_SECRET_ARN is set ({settings.db_secret_arn}), but this program reads no "
            "secrets; unset it and give DATABASE_URL instead"
        )
    return credentials


def create_db_engine(
    url: URL, settings: Settings, *, credentials: CredentialProvider | None = None
) -> Engine:
    """A pooled engine that checks idle connections before use, so a restarted server or a
    paused Aurora cluster is survivable; with a secret configured it follows its rotation."""
    connect_args: dict[str, object] = {"connect_timeout": settings.db_connect_timeout_s}
    if settings.db_startup_options:
        connect_args["options"] = f"-c statement_timeout={settings.db_statement_timeout_ms}"
    engine = create_engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_pool_max_overflow,
        connect_args=connect_args,
    )
    ping_idle_connections(engine, settings.db_ping_after_idle_s)
    if settings.db_secret_arn is not None:
        _provider(settings, credentials).follow_rotation(engine, settings.db_secret_arn)
    return engine


def ping_idle_connections(engine: Engine, idle_s: float) -> None:
    """Check a pooled connection before use when it sat idle for `idle_s` seconds or more.

    SQLAlchemy's pool_pre_ping pings on every checkout: a round trip per request, as much
    as a statement of the answer path. A connection handed back a moment ago is almost
    surely alive; one that waited through a database restart or an idle timeout may not be.
    The one that dies while busy fails its request (503, Retry-After), and SQLAlchemy then
    recycles every connection of the pool, so the next requests get fresh ones. With
    `idle_s` 0 every reused connection is pinged.
    """

    def stamp(dbapi_connection: object, record: ConnectionPoolEntry) -> None:
        record.info[_RETURNED_AT] = time.monotonic()

    def ping_if_idle(
        dbapi_connection: DBAPIConnection, record: ConnectionPoolEntry, proxy: object
    ) -> None:
        returned_at = record.info.get(_RETURNED_AT)
        if returned_at is None or time.monotonic() - returned_at < idle_s:
            return  # new (just connected) or recently used
        try:
            engine.dialect.do_ping(dbapi_connection)  # pool_pre_ping's own check
        except Exception as exc:
            # The pool discards this connection and checks out another (or connects anew).
            raise DisconnectionError(f"a pooled connection was dead: {exc}") from exc

    event.listen(engine, "checkin", stamp)
    event.listen(engine, "checkout", ping_if_idle)


_RETURNED_AT = "quizflow_returned_at"


def engine_from_settings(
    settings: Settings, *, credentials: CredentialProvider | None = None
) -> Engine:
    """The engine for the configured (or embedded) database; see `resolve_database_url`."""
    url = resolve_database_url(settings, credentials=credentials)
    return create_db_engine(url, settings, credentials=credentials)


def check_connection(engine: Engine) -> str:
    """Connect once and return the server version; raise DatabaseUnavailableError naming the URL."""
    try:
        with engine.connect() as conn:
            return str(conn.execute(text("SHOW server_version")).scalar_one())
    except DBAPIError as exc:
        raise DatabaseUnavailableError(
            f"cannot connect to {masked(engine.url)}: {describe_db_error(exc)}"
        ) from exc


def describe_db_error(exc: DBAPIError) -> str:
    """The driver's own first line: what a person needs, without SQLAlchemy's wrapping."""
    original = str(exc.orig) if exc.orig is not None else str(exc)
    lines = [line.strip() for line in original.strip().splitlines() if line.strip()]
    return lines[0] if lines else type(exc.orig).__name__


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for services, which open and commit their own transactions."""
    return sessionmaker(bind=engine, expire_on_commit=False)
