"""Prisma and `quizflow db upgrade` share one ledger; schema, migrations and models agree.

These run the real Prisma CLI (Node) and sqlacodegen, so they take a few seconds each.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import URL

from quizflow.db.migrate import default_migrations_dir, load_migrations, migration_status, upgrade
from tests.conftest import DatabaseFactory
from tests.prisma_cli import REPO, run_prisma

pytestmark = pytest.mark.slow

sys.path.insert(0, str(REPO / "scripts"))
import generate_models  # noqa: E402


def test_prisma_sees_a_database_upgraded_by_quizflow_as_up_to_date(
    databases: DatabaseFactory,
) -> None:
    url = databases.create()
    engine = create_engine(url)
    upgrade(engine, load_migrations(default_migrations_dir()))
    engine.dispose()

    status = run_prisma("migrate", "status", url=url)
    deploy = run_prisma("migrate", "deploy", url=url)

    assert status.returncode == 0, status.stdout + status.stderr
    assert "Database schema is up to date" in status.stdout
    assert "No pending migrations to apply" in deploy.stdout, deploy.stdout + deploy.stderr


def test_quizflow_applies_nothing_after_prisma_migrate_deploy(databases: DatabaseFactory) -> None:
    url = databases.create()
    deploy = run_prisma("migrate", "deploy", url=url)
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr

    engine = create_engine(url)
    try:
        migrations = load_migrations(default_migrations_dir())
        assert upgrade(engine, migrations) == []
        assert migration_status(engine, migrations).is_up_to_date
    finally:
        engine.dispose()


def diff_schema_against_migrations(root: Path, url: URL) -> subprocess.CompletedProcess[str]:
    return run_prisma(
        "migrate",
        "diff",
        "--from-migrations",
        "prisma/migrations",
        "--to-schema-datamodel",
        "prisma/schema.prisma",
        "--exit-code",
        url=url,
        cwd=root,
    )


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A copy of what the Prisma CLI reads, so a test can change one side of the schema."""
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copytree(REPO / "prisma", root / "prisma")
    shutil.copytree(REPO / "scripts", root / "scripts")
    shutil.copy(REPO / "prisma.config.js", root / "prisma.config.js")
    (root / "node_modules").symlink_to(REPO / "node_modules")
    return root


def test_committed_migrations_match_schema_prisma(databases: DatabaseFactory) -> None:
    result = diff_schema_against_migrations(REPO, databases.server)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_drift_check_fails_when_schema_prisma_changes_alone(
    databases: DatabaseFactory, repo_copy: Path
) -> None:
    schema = repo_copy / "prisma" / "schema.prisma"
    text = schema.read_text()
    marker = "  points           Int      @default(1)\n"
    assert marker in text
    schema.write_text(text.replace(marker, marker + "  difficulty       Int?\n"))

    result = diff_schema_against_migrations(repo_copy, databases.server)

    assert result.returncode == 2, result.stdout + result.stderr
    assert "difficulty" in result.stdout


def test_schema_drift_check_fails_when_a_migration_is_added_alone(
    databases: DatabaseFactory, repo_copy: Path
) -> None:
    extra = repo_copy / "prisma" / "migrations" / "29990101000000_sneaky"
    extra.mkdir()
    (extra / "migration.sql").write_text('ALTER TABLE "users" ADD COLUMN "nickname" TEXT;\n')

    result = diff_schema_against_migrations(repo_copy, databases.server)

    assert result.returncode == 2, result.stdout + result.stderr


def test_committed_models_match_a_freshly_migrated_database(databases: DatabaseFactory) -> None:
    generated = generate_models.generate(databases.server, default_migrations_dir())
    assert generated == generate_models.TARGET.read_text(), "run `make models`"


def test_models_check_fails_when_migrations_change_without_regenerating(
    databases: DatabaseFactory, tmp_path: Path
) -> None:
    migrations = tmp_path / "migrations"
    shutil.copytree(default_migrations_dir(), migrations)
    extra = migrations / "29990101000000_sneaky"
    extra.mkdir()
    (extra / "migration.sql").write_text('ALTER TABLE "users" ADD COLUMN "nickname" TEXT;\n')

    generated = generate_models.generate(databases.server, migrations)

    assert generated != generate_models.TARGET.read_text()
    assert "nickname" in generated
