"""`quizflow results attempts|answers|attempt` on a small played scenario."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from quizflow.cli import results, results_analytics
from quizflow.db import models as orm
from quizflow.services.definitions import create_from_definition
from tests.api.test_analytics_api import PLAYS, THREE, play
from tests.cli import one_error_line, plain, quizflow
from tests.conftest import DatabaseFactory
from tests.factories import make_principal


@pytest.fixture
def scenario(sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(results, "get_sessions", lambda: sessions)
    monkeypatch.setattr(results_analytics, "get_sessions", lambda: sessions)
    with sessions.begin() as session:
        owner = make_principal(session, "author")
    made = create_from_definition(sessions=sessions, actor=owner, definition=THREE)
    play(sessions, made)
    return str(made)


def test_attempts_prints_a_table_and_finds_the_scenario_by_title(scenario: str) -> None:
    result = CliRunner().invoke(results.app, ["attempts", "three steps", "--status", "completed"])
    assert result.exit_code == 0, result.output
    assert "4 attempts" in result.stdout and "3/3" in result.stdout


def test_attempts_and_answers_write_csv(scenario: str, tmp_path: Path) -> None:
    target = tmp_path / "attempts.csv"
    written = CliRunner().invoke(results.app, ["attempts", scenario, "--csv", str(target)])
    assert written.exit_code == 0, written.output
    raw = target.read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == len(PLAYS) and {r["status"] for r in rows} == {
        "completed",
        "in_progress",
        "abandoned",
    }
    out = CliRunner().invoke(results.app, ["answers", scenario])
    assert out.exit_code == 0, out.output
    answers = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(answers) == sum(len(labels) for labels, _, _ in PLAYS)
    assert sorted(float(a["seconds"]) for a in answers) == sorted(
        float(s) for _, secs, _ in PLAYS for s in secs
    )


def test_attempt_prints_the_path_with_seconds(
    scenario: str, sessions: sessionmaker[Session]
) -> None:
    with sessions() as session:
        attempt_id = session.scalars(
            select(orm.UserProgress.id).where(orm.UserProgress.score == 3)
        ).one()
    result = CliRunner().invoke(results.app, ["attempt", str(attempt_id)])
    assert result.exit_code == 0, result.output
    assert "Three steps v1" in result.stdout and "3/3" in result.stdout
    assert "Q2 Second" in result.stdout and " 10 " in result.stdout


def test_analytics_commands_are_on_the_group(scenario: str) -> None:
    result = CliRunner().invoke(results.app, ["paths", scenario, "--version", "1"])
    assert result.exit_code == 0, result.output


def test_an_unknown_scenario_is_one_line_and_a_failure(databases: DatabaseFactory) -> None:
    url = plain(databases.create(migrated=True))
    result = quizflow("results", "attempts", "No such scenario", database_url=url)
    assert "no scenario is titled 'No such scenario'" in one_error_line(result)
