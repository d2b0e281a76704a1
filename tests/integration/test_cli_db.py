"""`quizflow db …` as a person runs it: real processes, real output, real exit codes."""

from __future__ import annotations

from tests.cli import plain, quizflow
from tests.conftest import DatabaseFactory


def test_upgrade_then_status_reports_up_to_date(databases: DatabaseFactory) -> None:
    url = plain(databases.create())

    before = quizflow("db", "status", database_url=url)
    upgraded = quizflow("db", "upgrade", database_url=url)
    again = quizflow("db", "upgrade", database_url=url)
    after = quizflow("db", "status", database_url=url)

    assert before.returncode == 1
    assert "pending" in before.stdout
    assert upgraded.returncode == 0, upgraded.stderr
    assert "applied" in upgraded.stdout
    assert "nothing to apply" in again.stdout
    assert after.returncode == 0
    assert "up to date" in after.stdout


def test_unreachable_database_is_one_line_naming_the_masked_url() -> None:
    result = quizflow("db", "upgrade", database_url="postgresql://quiz:hunter2@127.0.0.1:9/quizdb")

    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: cannot connect to postgresql://quiz:***@127.0.0.1:9/quizdb")
    assert "hunter2" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_a_non_postgresql_url_is_refused_in_one_line() -> None:
    result = quizflow("db", "upgrade", database_url="mysql://root@localhost/quiz")

    assert result.returncode == 78
    assert result.stderr.strip() == (
        "error: DATABASE_URL must be a postgresql:// URL, not mysql:// "
        "(quizflow runs on PostgreSQL only)"
    )


def test_help_describes_every_db_command() -> None:
    result = quizflow("db", "--help", database_url="postgresql://unused@127.0.0.1:9/x")

    assert result.returncode == 0
    for command in ("upgrade", "status", "resolve"):
        assert command in result.stdout
