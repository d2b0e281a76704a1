"""`quizflow classes …` as an operator runs it: create, add learners from a CSV, assign,
join codes; what it did is then what the API serves."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from quizflow.db import models as orm
from quizflow.db.engine import make_session_factory
from tests.cli import one_error_line, plain, quizflow
from tests.conftest import DatabaseFactory


@pytest.fixture
def db_url(databases: DatabaseFactory) -> str:
    url = plain(databases.create(migrated=True))
    for email, role in (("teacher@example.com", "author"), ("ada@example.com", "learner")):
        created = quizflow("users", "create", email, "--role", role, database_url=url)
        assert created.returncode == 0, created.stderr
    return url


def _count(db_url: str, model: type[orm.Base]) -> int:
    engine = create_engine(db_url.replace("postgresql:", "postgresql+psycopg:", 1))
    try:
        with make_session_factory(engine)() as session:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)
    finally:
        engine.dispose()


def test_an_operator_builds_a_class_from_a_csv(db_url: str, tmp_path: Path) -> None:
    made = quizflow(
        "classes", "create", "Year 9", "--owner", "teacher@example.com", database_url=db_url
    )
    assert made.returncode == 0, made.stderr
    assert "join code: " in made.stdout and "/app/join#code=" in made.stdout
    roster = tmp_path / "roster.csv"
    roster.write_text("email,name\nada@example.com,Ada\nbob@example.com,Bob\n\n", encoding="utf-8")

    added = quizflow("classes", "add-learners", "Year 9", "--csv", str(roster), database_url=db_url)

    assert added.returncode == 0, added.stderr
    assert "added 2, already members 0" in added.stdout
    assert "invited bob@example.com: " in added.stdout and "/app/welcome#token=" in added.stdout
    listed = quizflow("classes", "list", database_url=db_url)
    assert "Year 9" in listed.stdout and " 2 " in listed.stdout


def test_a_csv_with_bad_rows_names_them_and_adds_nobody(db_url: str, tmp_path: Path) -> None:
    quizflow("classes", "create", "9B", "--owner", "teacher@example.com", database_url=db_url)
    roster = tmp_path / "roster.csv"
    roster.write_text("new1@example.com\nnot-an-email\nnew2@example.com\n@x\n", encoding="utf-8")
    users_before = _count(db_url, orm.User)

    refused = quizflow("classes", "add-learners", "9B", "--csv", str(roster), database_url=db_url)

    line = one_error_line(refused)
    assert "nothing was added" in line and "row 2" in line and "row 4" in line
    assert _count(db_url, orm.User) == users_before
    assert _count(db_url, orm.ClassMember) == 0


def test_assign_checks_dates_and_join_code_rotates(db_url: str) -> None:
    quizflow("classes", "create", "9C", "--owner", "teacher@example.com", database_url=db_url)
    demo = quizflow("demo", "load", database_url=db_url)
    assert demo.returncode == 0, demo.stderr
    engine = create_engine(db_url.replace("postgresql:", "postgresql+psycopg:", 1))
    with make_session_factory(engine)() as session:
        scenario_id = str(session.scalars(select(orm.Scenario.id)).first())
    engine.dispose()

    backwards = quizflow(
        "classes", "assign", "9C", scenario_id, "--open", "2027-01-02T09:00:00Z",
        "--due", "2027-01-01T09:00:00Z", database_url=db_url,
    )  # fmt: skip
    assert "due_at must come after open_at" in one_error_line(backwards)
    assigned = quizflow(
        "classes", "assign", "9C", scenario_id, "--due", "2027-01-01T09:00:00Z",
        database_url=db_url,
    )  # fmt: skip
    assert assigned.returncode == 0, assigned.stderr
    assert "due 2027-01-01T09:00:00+00:00" in assigned.stdout

    first = quizflow("classes", "join-code", "9C", database_url=db_url).stdout
    rotated = quizflow("classes", "join-code", "9C", "--new", database_url=db_url).stdout
    off = quizflow("classes", "join-code", "9C", "--off", database_url=db_url).stdout
    assert first.splitlines()[0] != rotated.splitlines()[0]
    assert "joining by code is off" in off
