"""Database lifecycle use cases: upgrade, status, health."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from quizflow.db import migrate
from quizflow.db.engine import check_connection, masked
from quizflow.errors import DatabaseError, QuizflowError


def _migrations(migrations_dir: Path | None) -> list[migrate.Migration]:
    return migrate.load_migrations(migrations_dir or migrate.default_migrations_dir())


def upgrade_database(
    *,
    engine: Engine,
    migrations_dir: Path | None = None,
    lock_timeout_s: float = 60.0,
    on_applied: Callable[[migrate.Migration], None] | None = None,
) -> list[str]:
    """Apply pending migrations; return their names. Raises DatabaseError subclasses."""
    check_connection(engine)
    return migrate.upgrade(
        engine, _migrations(migrations_dir), lock_timeout_s=lock_timeout_s, on_applied=on_applied
    )


def database_status(
    *, engine: Engine, migrations_dir: Path | None = None
) -> migrate.MigrationStatus:
    """How the database's ledger compares with the committed migrations."""
    check_connection(engine)
    return migrate.migration_status(engine, _migrations(migrations_dir))


def resolve_rolled_back(*, engine: Engine, name: str) -> None:
    """Mark a failed migration as rolled back so upgrades can go on."""
    check_connection(engine)
    migrate.mark_rolled_back(engine, name)


@dataclass(frozen=True, slots=True)
class HealthReport:
    """What /health reports."""

    database_reachable: bool
    database_url: str
    server_version: str | None
    migrations: migrate.MigrationStatus | None
    problem: str | None

    @property
    def is_healthy(self) -> bool:
        return (
            self.database_reachable
            and self.migrations is not None
            and self.migrations.is_up_to_date
        )


def database_health(*, engine: Engine, migrations_dir: Path | None = None) -> HealthReport:
    """Check the database and its schema; never raises for an unhealthy database."""
    url = masked(engine.url)
    try:
        version = check_connection(engine)
    except DatabaseError as exc:
        return HealthReport(False, url, None, None, exc.message)
    try:
        status = migrate.migration_status(engine, _migrations(migrations_dir))
    except QuizflowError as exc:
        return HealthReport(True, url, version, None, exc.message)
    return HealthReport(True, url, version, status, None)
