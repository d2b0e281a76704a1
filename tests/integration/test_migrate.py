"""`quizflow db upgrade`'s engine: Prisma's migrations applied into Prisma's ledger."""

from __future__ import annotations

import hashlib
import shutil
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, inspect, text

from quizflow.db import migrate
from quizflow.db.migrate import default_migrations_dir, load_migrations, upgrade
from quizflow.errors import (
    DatabaseUnavailableError,
    FailedMigrationError,
    MigrationChecksumError,
    MigrationError,
    NotFoundError,
)

EXPECTED_TABLES = {
    "users",
    "scenarios",
    "questions",
    "choices",
    "question_links",
    "user_progress",
    "answers",
    "answer_choices",
    "documents",
    "_prisma_migrations",
}


@pytest.fixture
def migrations_copy(tmp_path: Path) -> Path:
    """A private copy of the committed migrations that a test may add to or edit."""
    target = tmp_path / "migrations"
    shutil.copytree(default_migrations_dir(), target)
    return target


def add_migration(directory: Path, name: str, sql: str) -> None:
    (directory / name).mkdir()
    (directory / name / "migration.sql").write_text(sql)


def ledger(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT migration_name, checksum, finished_at, rolled_back_at, logs, "
                'applied_steps_count FROM "_prisma_migrations" ORDER BY started_at'
            )
        )
        return [dict(row._mapping) for row in rows]


def test_upgrade_creates_every_table_and_records_each_migration_as_prisma_does(
    empty_database: Engine,
) -> None:
    migrations = load_migrations(default_migrations_dir())

    applied = upgrade(empty_database, migrations)

    assert applied == [m.name for m in migrations]
    assert set(inspect(empty_database).get_table_names()) >= EXPECTED_TABLES
    rows = ledger(empty_database)
    assert [r["migration_name"] for r in rows] == applied
    for row, migration in zip(rows, migrations, strict=True):
        path = default_migrations_dir() / migration.name / "migration.sql"
        assert row["checksum"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert row["finished_at"] is not None
        assert row["applied_steps_count"] == 1
        assert row["rolled_back_at"] is None


def test_second_upgrade_applies_nothing(empty_database: Engine) -> None:
    migrations = load_migrations(default_migrations_dir())
    upgrade(empty_database, migrations)

    assert upgrade(empty_database, migrations) == []
    assert len(ledger(empty_database)) == len(migrations)


def test_concurrent_upgraders_apply_each_migration_exactly_once(
    databases: object, empty_database: Engine
) -> None:
    migrations = load_migrations(default_migrations_dir())
    results: list[list[str]] = []
    errors: list[BaseException] = []

    def run() -> None:
        engine = create_engine(empty_database.url)
        try:
            results.append(upgrade(engine, migrations, lock_timeout_s=30))
        except BaseException as exc:  # collected and asserted on below
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(len(r) for r in results) == [0, 0, 0, len(migrations)]
    assert [r["migration_name"] for r in ledger(empty_database)] == [m.name for m in migrations]


def test_failing_migration_is_rolled_back_and_recorded_as_failed(
    empty_database: Engine, migrations_copy: Path
) -> None:
    add_migration(
        migrations_copy,
        "29990101000000_broken",
        'CREATE TABLE "half_done" (id int);\nALTER TABLE "no_such_table" ADD COLUMN x int;\n',
    )

    with pytest.raises(MigrationError, match=r"29990101000000_broken failed and was rolled back"):
        upgrade(empty_database, load_migrations(migrations_copy))

    assert "half_done" not in inspect(empty_database).get_table_names()
    failed = [r for r in ledger(empty_database) if r["migration_name"] == "29990101000000_broken"]
    assert len(failed) == 1
    assert failed[0]["finished_at"] is None
    assert failed[0]["rolled_back_at"] is None
    assert "no_such_table" in str(failed[0]["logs"])


def test_unresolved_failure_blocks_upgrades_until_marked_rolled_back(
    empty_database: Engine, migrations_copy: Path
) -> None:
    name = "29990101000000_broken"
    add_migration(migrations_copy, name, "SELECT * FROM no_such_table;")
    with pytest.raises(MigrationError):
        upgrade(empty_database, load_migrations(migrations_copy))

    (migrations_copy / name / "migration.sql").write_text('CREATE TABLE "fixed" (id int);')
    with pytest.raises(FailedMigrationError, match=name):
        upgrade(empty_database, load_migrations(migrations_copy))

    migrate.mark_rolled_back(empty_database, name)
    assert upgrade(empty_database, load_migrations(migrations_copy)) == [name]
    assert "fixed" in inspect(empty_database).get_table_names()


def test_marking_an_unknown_migration_rolled_back_is_not_found(empty_database: Engine) -> None:
    upgrade(empty_database, load_migrations(default_migrations_dir()))
    with pytest.raises(NotFoundError, match="no failed migration named nope"):
        migrate.mark_rolled_back(empty_database, "nope")


def test_edited_migration_is_refused_naming_it(
    empty_database: Engine, migrations_copy: Path
) -> None:
    upgrade(empty_database, load_migrations(migrations_copy))
    first = sorted(p for p in migrations_copy.iterdir() if p.is_dir())[0]
    script = first / "migration.sql"
    script.write_text(script.read_text() + "\n-- an innocent-looking edit\n")

    with pytest.raises(MigrationChecksumError, match=first.name):
        upgrade(empty_database, load_migrations(migrations_copy))
    status = migrate.migration_status(empty_database, load_migrations(migrations_copy))
    assert status.modified == [first.name]
    assert not status.is_up_to_date


def test_status_lists_pending_then_up_to_date(empty_database: Engine) -> None:
    migrations = load_migrations(default_migrations_dir())

    before = migrate.migration_status(empty_database, migrations)
    upgrade(empty_database, migrations)
    after = migrate.migration_status(empty_database, migrations)

    assert before.pending == [m.name for m in migrations]
    assert not before.is_up_to_date
    assert after.applied == [m.name for m in migrations]
    assert after.is_up_to_date


def test_unreachable_server_names_the_url_with_the_password_masked() -> None:
    engine = create_engine("postgresql+psycopg://quiz:hunter2@127.0.0.1:9/quiz")

    with pytest.raises(DatabaseUnavailableError) as caught:
        upgrade(engine, load_migrations(default_migrations_dir()))

    message = caught.value.message
    assert "127.0.0.1:9/quiz" in message
    assert "hunter2" not in message
    assert "***" in message
