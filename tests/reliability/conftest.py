"""Fixtures of the reliability suite: the real HTTP server on a fresh migrated database.

`live_server` is `python -m quizflow serve` on a free loopback port (a child process, production
settings, a pool sized for 50 concurrent learners), shared by the load and hostile-input tests.
`start_server` starts more of them (a fault test owns its server and its database). At the end
of the session the run's figures go to tests/reliability/last-run.json (see summary.py).
"""

from __future__ import annotations

import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from quizflow.settings import Settings
from tests.conftest import DatabaseFactory
from tests.reliability.harness import QuizflowServer, token_settings
from tests.reliability.summary import write_summary

StartServer = Callable[..., QuizflowServer]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    try:
        write_summary(session)
    except Exception as exc:  # the summary is a report, never a reason to fail the run
        warnings.warn(f"reliability summary not written: {exc}", stacklevel=1)


@pytest.fixture(scope="session")
def workdir() -> Iterator[Path]:
    """Logs and config of the servers this session starts (outside pytest's 0700 tmp dirs)."""
    path = Path(tempfile.mkdtemp(prefix="quizflow-reliability-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def signing(workdir: Path) -> Settings:
    """Settings that sign tokens the servers accept."""
    return token_settings(workdir / "signing")


def _server(database_url: URL, root: Path, env: dict[str, str]) -> QuizflowServer:
    Path(root).mkdir(parents=True, exist_ok=True)
    return QuizflowServer(database_url=database_url, workdir=root, env=env)


@pytest.fixture
def start_server(workdir: Path) -> Iterator[StartServer]:
    """start_server(database_url, **env): a running server, stopped when the test ends."""
    started: list[QuizflowServer] = []

    def start(database_url: URL, **env: str) -> QuizflowServer:
        server = _server(database_url, Path(tempfile.mkdtemp(dir=workdir)), env)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def live_database(databases: DatabaseFactory) -> URL:
    """A fresh migrated database the shared live server runs on."""
    return databases.create(migrated=True)


@pytest.fixture(scope="session")
def live_sessions(live_database: URL) -> Iterator[sessionmaker[Session]]:
    """Sessions on the live server's database, for setting up and for looking behind it."""
    engine = create_engine(live_database, pool_pre_ping=True, pool_size=2)
    yield sessionmaker(bind=engine, expire_on_commit=False)
    engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_database: URL, workdir: Path) -> Iterator[QuizflowServer]:
    """The real HTTP server (local object storage), shared by the load and hostile tests."""
    server = _server(live_database, workdir / "live", {}).start()
    yield server
    server.stop()
