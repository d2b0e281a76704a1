"""The pool checks connections that sat idle, not every connection on every request."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError

from quizflow.db.engine import create_db_engine
from quizflow.settings import Settings


@pytest.fixture
def admin(migrated_url: URL) -> Iterator[Engine]:
    engine = create_engine(migrated_url, isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


def pool_of_one(url: URL, idle_s: float) -> Engine:
    return create_db_engine(
        url, Settings(db_pool_size=1, db_pool_max_overflow=0, db_ping_after_idle_s=idle_s)
    )


def backend_pid(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def terminate(admin: Engine, pid: int) -> None:
    with admin.connect() as conn:
        assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
    time.sleep(0.1)  # the backend exits asynchronously


def test_a_connection_that_died_while_idle_is_replaced_before_anyone_uses_it(
    migrated_url: URL, admin: Engine
) -> None:
    engine = pool_of_one(migrated_url, idle_s=0.2)
    try:
        killed = backend_pid(engine)
        terminate(admin, killed)  # as a database restart or an idle timeout would
        time.sleep(0.3)

        assert backend_pid(engine) != killed  # the request ran, on a new connection
    finally:
        engine.dispose()


def test_a_connection_in_steady_use_is_not_pinged_and_one_failure_renews_the_pool(
    migrated_url: URL, admin: Engine
) -> None:
    engine = pool_of_one(migrated_url, idle_s=60)
    try:
        killed = backend_pid(engine)
        terminate(admin, killed)

        # Returned a moment ago, so not checked: this request fails (the API says 503) ...
        with pytest.raises(OperationalError), engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        # ... and the pool has recycled it: the next request works.
        assert backend_pid(engine) != killed
    finally:
        engine.dispose()
