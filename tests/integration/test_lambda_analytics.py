"""The analytics recount function, invoked locally on real PostgreSQL and configured as the
stack configures it (infra/quizflow_infra/analytics.py): credentials from Secrets Manager (moto's
server), the host given apart (RDS Proxy's endpoint in AWS), no startup options, a pool of one
connection."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from quizflow.aws import lambda_analytics, secrets
from quizflow.aws.scheduled import MARGIN_MS, sessions_until_timeout
from quizflow.db.engine import make_session_factory
from quizflow.services import analytics, attempts
from quizflow.services.definitions import create_from_definition
from quizflow.settings import get_settings
from tests.api.test_analytics_api import THREE, play
from tests.conftest import DatabaseFactory
from tests.factories import make_principal
from tests.integration.test_lambda_handler import credentials_of, put_secret
from tests.integration.test_lambda_handler import secretsmanager as secretsmanager  # the fixture


@dataclass(frozen=True)
class Context:
    """What the handler reads of Lambda's context object."""

    remaining_ms: int

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


@pytest.fixture
def database(databases: DatabaseFactory) -> URL:
    """A migrated database of this test's own: the function commits, and so does the test."""
    return databases.create(migrated=True)


@pytest.fixture
def sessions(database: URL) -> Iterator[sessionmaker[Session]]:
    engine = create_engine(database)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def function_env(
    database: URL, secretsmanager: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[None]:
    """The function's environment as the stack sets it, in a new container."""
    real_host = credentials_of(database)["host"]
    # The secret names the writer; the function must connect to QUIZFLOW_DB_HOST instead.
    arn = put_secret(secretsmanager, {**credentials_of(database), "host": "writer.invalid"})
    monkeypatch.delenv("DATABASE_URL", raising=False)
    for name, value in {
        "DB_SECRET_ARN": arn,
        "DB_HOST": real_host,
        "DB_SSLMODE": "disable",  # the test server has no TLS
        "DB_STARTUP_OPTIONS": "false",
        "DB_POOL_SIZE": "1",
        "DB_POOL_MAX_OVERFLOW": "0",
        "DATA_DIR": str(tmp_path / "data"),
    }.items():
        monkeypatch.setenv(f"QUIZFLOW_{name}", value)
    get_settings.cache_clear()
    secrets.clear_cache()
    yield
    get_settings.cache_clear()
    secrets.clear_cache()


def test_the_function_recounts_what_a_request_found_stale(
    function_env: None, sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(analytics, "live_attempts", 0)  # every version counts as large
    with sessions.begin() as session:
        owner = make_principal(session, "author")
        learner = make_principal(session, "learner")
    scenario = create_from_definition(sessions=sessions, actor=owner, definition=THREE)
    play(sessions, scenario)
    where: dict[str, Any] = {
        "sessions": sessions,
        "actor": owner,
        "scenario_id": scenario,
        "version": 1,
    }
    first = analytics.path_analysis(**where)
    assert (first.attempts, first.refreshing) == (6, False)
    attempts.start_attempt(sessions=sessions, actor=learner, scenario_id=scenario)
    stale = analytics.path_analysis(**where)
    assert (stale.attempts, stale.refreshing) == (6, True)

    assert lambda_analytics.recount({}, Context(remaining_ms=300_000)) == {"recounted": 1}

    fresh = analytics.path_analysis(**where)
    assert (fresh.attempts, fresh.in_progress, fresh.refreshing) == (7, 2, False)
    assert fresh.counted_at > first.counted_at
    with sessions() as session:
        wanted = session.scalar(
            text("SELECT count(*) FROM analytics_snapshots WHERE refresh_wanted_at IS NOT NULL")
        )
    assert wanted == 0
    # The next minute's run finds nothing to do.
    assert lambda_analytics.recount({}, Context(remaining_ms=300_000)) == {"recounted": 0}


def test_a_scheduled_run_is_told_to_stop_its_margin_before_the_timeout(function_env: None) -> None:
    settings = get_settings()
    nearly_over = Context(remaining_ms=MARGIN_MS + 1_000)
    with sessions_until_timeout(settings, nearly_over) as (sessions, stop):
        assert not stop.is_set()
        with sessions() as session:  # the database, through the host given apart
            assert session.scalar(text("SELECT 1")) == 1
        assert stop.wait(10)  # about 1 s: the function's time less the margin
    # A run that ends early leaves no timer behind (a frozen container would keep it).
    before = set(threading.enumerate())
    with sessions_until_timeout(settings, Context(remaining_ms=300_000)) as (_, stop):
        (timer,) = [
            t for t in set(threading.enumerate()) - before if isinstance(t, threading.Timer)
        ]
    timer.join(5)
    assert not timer.is_alive() and not stop.is_set()
