"""B1's database: the server to run on, a fresh migrated database, and the demo world in it."""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import sessionmaker

from quizflow.auth import Principal, issue_local_token
from quizflow.db.engine import parse_database_url
from quizflow.db.migrate import default_migrations_dir, load_migrations, upgrade
from quizflow.services import users
from quizflow.services.demo import load_demo
from quizflow.settings import Settings

#: pgbench attempt n has id UUID(int=n); its learner UUID(int=USER_OFFSET + n).
USER_OFFSET = 1 << 40


def server_url() -> URL:
    """The PostgreSQL server to benchmark on: DATABASE_URL or TEST_DATABASE_URL, else an
    embedded server started for this process (it stops when the process exits)."""
    raw = os.environ.get("DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if raw:
        return parse_database_url(raw)
    global _embedded
    if _embedded is None:
        from quizflow.db.embedded import start_embedded

        pgdata = Path(tempfile.mkdtemp(prefix="quizflow-bench-pg-"))
        # Registered first, so it runs last: after the server's own stop at exit.
        atexit.register(shutil.rmtree, pgdata, ignore_errors=True)
        _embedded = parse_database_url(start_embedded(pgdata, "postgres"))
    return _embedded


_embedded: URL | None = None


@contextlib.contextmanager
def fresh_database(server: URL, name: str) -> Iterator[URL]:
    """A new, migrated database `name` on the server, dropped afterwards."""
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = server.set(database=name)
        engine = create_engine(url)
        try:
            upgrade(engine, load_migrations(default_migrations_dir()))
        finally:
            engine.dispose()
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def libpq_url(url: URL) -> str:
    """The URL as libpq (pgbench, psql) reads it."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def server_version(engine: Engine) -> str:
    with engine.connect() as conn:
        return str(conn.execute(text("SHOW server_version")).scalar_one())


def connections_available(engine: Engine) -> int:
    """Connections the server could still open for a non-superuser workload, minus a margin."""
    with engine.connect() as conn:
        limit = int(conn.execute(text("SHOW max_connections")).scalar_one())
        reserved = int(conn.execute(text("SHOW superuser_reserved_connections")).scalar_one())
        used = int(conn.execute(text("SELECT count(*) FROM pg_stat_activity")).scalar_one())
    return limit - reserved - used - 5


@dataclass(frozen=True, slots=True)
class PlayWorld:
    scenario_id: uuid.UUID
    version_id: uuid.UUID
    first_question_id: uuid.UUID
    #: Learners for the HTTP run: (user id, token).
    tokens: list[str]


def build_world(
    engine: Engine, settings: Settings, learners: int, pgbench_clients: int
) -> PlayWorld:
    """The demo scenario, `learners` accounts with tokens, and one attempt per pgbench client."""
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    author = users.create_user(sessions=sessions, email="author@bench.test", role="author")
    scenario_id = load_demo(sessions=sessions, actor=Principal(author.id, "author", author.email))
    with engine.begin() as conn:
        row = conn.execute(
            text(
                "SELECT v.id, v.first_question_id FROM scenarios s "
                "JOIN scenario_versions v ON v.id = s.latest_version_id WHERE s.id = :id"
            ),
            {"id": scenario_id},
        ).one()
        version_id, first_question_id = row
        conn.execute(
            text(
                "INSERT INTO users (id, email, display_name, role) "
                "SELECT gen_random_uuid(), 'learner-' || n || '@bench.test', 'Learner ' || n, "
                "'learner' FROM generate_series(1, :n) n"
            ),
            {"n": learners},
        )
        learner_ids = [
            r[0]
            for r in conn.execute(
                text("SELECT id FROM users WHERE email LIKE 'learner-%' ORDER BY email")
            )
        ]
        # pgbench's own learners and attempts, ids computable inside its script.
        conn.execute(
            text(
                "INSERT INTO users (id, email, display_name, role) "
                "SELECT lpad(to_hex(:offset + n), 32, '0')::uuid, 'pgbench-' || n || '@bench.test',"
                " 'pgbench ' || n, 'learner' FROM generate_series(1, :n) n"
            ),
            {"n": pgbench_clients, "offset": USER_OFFSET},
        )
        conn.execute(
            text(
                "INSERT INTO user_progress (id, user_id, scenario_id, version_id, "
                "current_question_id) "
                "SELECT lpad(to_hex(n), 32, '0')::uuid, lpad(to_hex(:offset + n), 32, '0')::uuid,"
                " :scenario, :version, :question FROM generate_series(1, :n) n"
            ),
            {
                "n": pgbench_clients,
                "offset": USER_OFFSET,
                "scenario": scenario_id,
                "version": version_id,
                "question": first_question_id,
            },
        )
        conn.execute(text("ANALYZE"))
    tokens = [
        issue_local_token(settings, user_id=user_id, role="learner", ttl_s=6 * 3600)
        for user_id in learner_ids
    ]
    return PlayWorld(scenario_id, version_id, first_question_id, tokens)
