"""Apply Prisma's committed migrations from Python, sharing Prisma's own ledger.

Prisma owns the schema: it writes ``prisma/migrations/<name>/migration.sql``. This module only
applies those files, recording each in ``_prisma_migrations`` exactly as ``prisma migrate
deploy`` does (SHA-256 checksum of the file, a UUID id, ``applied_steps_count`` = 1), so a
database upgraded by either tool is up to date for the other. Why Python at all: the deployed
Lambda runtime and a fresh user machine must be able to migrate without Node.

Differences from Prisma, on purpose: each migration runs in one transaction, so a failure
leaves no half-applied schema behind (it is still recorded as failed, as Prisma records it);
and an applied migration whose file was edited afterwards is refused, not silently skipped.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError, OperationalError

from quizflow.db.engine import describe_db_error, masked
from quizflow.errors import (
    DatabaseUnavailableError,
    FailedMigrationError,
    MigrationChecksumError,
    MigrationError,
    MigrationLockTimeoutError,
    NotFoundError,
)

# The key `prisma migrate` itself locks, so Python and Prisma upgraders also exclude each other.
PRISMA_ADVISORY_LOCK_KEY = 72707369

LEDGER_DDL = """
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)
"""


@dataclass(frozen=True, slots=True)
class Migration:
    """One committed migration file."""

    name: str
    sql: str
    checksum: str


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One row of ``_prisma_migrations``."""

    migration_name: str
    checksum: str
    finished_at: datetime | None
    rolled_back_at: datetime | None
    logs: str | None

    @property
    def is_applied(self) -> bool:
        return self.finished_at is not None and self.rolled_back_at is None

    @property
    def is_failed(self) -> bool:
        return self.finished_at is None and self.rolled_back_at is None


@dataclass(frozen=True, slots=True)
class MigrationStatus:
    """How a database's ledger compares with the committed migrations."""

    applied: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @property
    def is_up_to_date(self) -> bool:
        return not (self.pending or self.failed or self.modified)


def default_migrations_dir() -> Path:
    """Where the migrations are: packaged into the wheel, or the repository's prisma/ folder."""
    packaged = Path(str(resources.files("quizflow.db"))) / "migrations"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "prisma" / "migrations"


def load_migrations(directory: Path) -> list[Migration]:
    """The committed migrations in the order Prisma applies them (by folder name)."""
    if not directory.is_dir():
        raise NotFoundError(f"no migrations directory at {directory}")
    migrations = []
    for folder in sorted(p for p in directory.iterdir() if p.is_dir()):
        script = folder / "migration.sql"
        if not script.is_file():
            continue
        raw = script.read_bytes()
        migrations.append(
            Migration(
                name=folder.name,
                sql=raw.decode("utf-8"),
                checksum=hashlib.sha256(raw).hexdigest(),
            )
        )
    return migrations


def read_ledger(conn: Connection) -> list[LedgerRow]:
    """The ledger's rows, oldest first; empty when the ledger does not exist yet."""
    exists = conn.execute(text("SELECT to_regclass('_prisma_migrations') IS NOT NULL")).scalar()
    if not exists:
        return []
    rows = conn.execute(
        text(
            "SELECT migration_name, checksum, finished_at, rolled_back_at, logs "
            'FROM "_prisma_migrations" ORDER BY started_at, migration_name'
        )
    )
    return [LedgerRow(*row) for row in rows]


def compare(migrations: Sequence[Migration], ledger: Sequence[LedgerRow]) -> MigrationStatus:
    """Classify every migration the way ``prisma migrate status`` does."""
    status = MigrationStatus()
    applied = {row.migration_name: row for row in ledger if row.is_applied}
    failed = {row.migration_name for row in ledger if row.is_failed}
    for migration in migrations:
        row = applied.get(migration.name)
        if row is not None:
            status.applied.append(migration.name)
            if row.checksum != migration.checksum:
                status.modified.append(migration.name)
        elif migration.name in failed:
            status.failed.append(migration.name)
        else:
            status.pending.append(migration.name)
    known = {m.name for m in migrations}
    status.unknown.extend(sorted({row.migration_name for row in ledger} - known))
    return status


def migration_status(engine: Engine, migrations: Sequence[Migration]) -> MigrationStatus:
    """Compare the database's ledger with the committed migrations."""
    with _connect(engine) as conn:
        return compare(migrations, read_ledger(conn))


def upgrade(
    engine: Engine,
    migrations: Sequence[Migration],
    *,
    lock_timeout_s: float = 60.0,
    on_applied: Callable[[Migration], None] | None = None,
) -> list[str]:
    """Apply every pending migration, each in its own transaction; return the names applied.

    Raises MigrationChecksumError for an edited migration, FailedMigrationError while the
    ledger holds an unresolved failure, MigrationError when a migration fails (it is rolled
    back and recorded as failed), MigrationLockTimeoutError, DatabaseUnavailableError.
    """
    applied: list[str] = []
    with _connect(engine) as conn:
        _lock(conn, lock_timeout_s)
        try:
            with conn.begin():
                conn.exec_driver_sql(LEDGER_DDL)
                ledger = read_ledger(conn)
            status = compare(migrations, ledger)
            _refuse_unsafe(status)
            for migration in migrations:
                if migration.name in status.pending:
                    _apply(conn, migration)
                    applied.append(migration.name)
                    if on_applied is not None:
                        on_applied(migration)
        finally:
            _unlock(conn)
    return applied


def mark_rolled_back(engine: Engine, name: str) -> None:
    """Mark a failed migration as rolled back (``prisma migrate resolve --rolled-back``)."""
    with _connect(engine) as conn, conn.begin():
        updated = conn.execute(
            text(
                'UPDATE "_prisma_migrations" SET rolled_back_at = now() '
                "WHERE migration_name = :name AND finished_at IS NULL "
                "AND rolled_back_at IS NULL"
            ),
            {"name": name},
        ).rowcount
    if updated == 0:
        raise NotFoundError(f"no failed migration named {name} is recorded in the database")


def _refuse_unsafe(status: MigrationStatus) -> None:
    if status.failed:
        name = status.failed[0]
        raise FailedMigrationError(
            f"migration {name} failed earlier and is unresolved; fix it, then run "
            f"`quizflow db resolve --rolled-back {name}` and upgrade again"
        )
    if status.modified:
        name = status.modified[0]
        raise MigrationChecksumError(
            f"migration {name} was edited after it was applied (its checksum no longer matches "
            "the database's record); restore the original file and add a new migration instead"
        )


def _apply(conn: Connection, migration: Migration) -> None:
    migration_id = str(uuid.uuid4())
    try:
        with conn.begin():
            conn.execute(
                text(
                    'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) '
                    "VALUES (:id, :checksum, :name, clock_timestamp())"
                ),
                {"id": migration_id, "checksum": migration.checksum, "name": migration.name},
            )
            conn.exec_driver_sql(migration.sql)
            conn.execute(
                text(
                    'UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), '
                    "applied_steps_count = 1 WHERE id = :id"
                ),
                {"id": migration_id},
            )
    except DBAPIError as exc:
        cause = describe_db_error(exc)
        if isinstance(exc, OperationalError) and conn.invalidated:
            raise DatabaseUnavailableError(
                f"lost the connection while applying migration {migration.name}: {cause}"
            ) from exc
        _record_failure(conn, migration, migration_id, cause)
        raise MigrationError(
            f"migration {migration.name} failed and was rolled back: {cause}"
        ) from exc


def _record_failure(conn: Connection, migration: Migration, migration_id: str, cause: str) -> None:
    # Prisma marks a failed migration by a row with no finished_at and the error in logs; both
    # tools then refuse to go on until someone resolves it.
    with conn.begin():
        conn.execute(
            text(
                'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs) '
                "VALUES (:id, :checksum, :name, :logs)"
            ),
            {
                "id": migration_id,
                "checksum": migration.checksum,
                "name": migration.name,
                "logs": f"{cause}\n(quizflow db upgrade rolled this migration back)",
            },
        )


def _lock(conn: Connection, timeout_s: float) -> None:
    try:
        with conn.begin():
            conn.execute(text(f"SET LOCAL lock_timeout = '{int(timeout_s * 1000)}ms'"))
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": PRISMA_ADVISORY_LOCK_KEY})
    except OperationalError as exc:
        if getattr(exc.orig, "sqlstate", None) == "55P03":  # lock_not_available
            raise MigrationLockTimeoutError(
                f"another migration has held the migration lock for over {timeout_s:g} s; "
                "try again when it has finished"
            ) from exc
        raise


def _unlock(conn: Connection) -> None:
    if conn.invalidated:
        return  # the session, and with it the lock, is gone already
    try:
        with conn.begin():
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": PRISMA_ADVISORY_LOCK_KEY})
    except DBAPIError:
        # Never hand a connection that may still hold the lock back to the pool.
        conn.invalidate()


def _connect(engine: Engine) -> Connection:
    try:
        return engine.connect()
    except DBAPIError as exc:
        raise DatabaseUnavailableError(
            f"cannot connect to {masked(engine.url)}: {describe_db_error(exc)}"
        ) from exc
