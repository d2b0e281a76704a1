"""With no DATABASE_URL, quizflow runs on an embedded PostgreSQL it starts itself."""

from __future__ import annotations

from pathlib import Path

import psycopg

from tests.cli import quizflow


def test_commands_without_database_url_use_one_embedded_server_and_keep_its_data(
    server_dir: Path,
) -> None:
    env = {"QUIZFLOW_DATA_DIR": str(server_dir / "data")}
    unset = ("DATABASE_URL", "QUIZFLOW_DATABASE_URL")

    first = quizflow("db", "upgrade", env=env, unset=unset)
    second = quizflow("db", "status", env=env, unset=unset)

    assert first.returncode == 0, first.stderr
    assert "applied" in first.stdout
    assert second.returncode == 0, second.stderr
    assert "up to date" in second.stdout
    pgdata = server_dir / "data" / "postgres"
    assert (pgdata / "PG_VERSION").exists()
    # Stopped cleanly when the last command exited: no server is left running on that data.
    assert not (pgdata / "postmaster.pid").exists()


def test_embedded_server_answers_sql(server_dir: Path) -> None:
    from quizflow.db.embedded import start_embedded

    url = start_embedded(server_dir / "pg", "quizflow_probe")
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT current_database(), current_setting('server_version_num')")
        name, version = row.fetchone() or ("", "0")
    assert name == "quizflow_probe"
    assert int(version) >= 150000
