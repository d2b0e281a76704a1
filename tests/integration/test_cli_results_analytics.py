"""`quizflow results items|paths` on a small played scenario (the commands registered on a
throwaway group: cli/results.py owns the real one)."""

from __future__ import annotations

import csv
import io
import uuid

import pytest
import typer
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from quizflow.cli import results_analytics
from quizflow.services import analytics, attempts
from quizflow.services.definitions import create_from_definition
from tests.api.test_analytics_api import THREE, play
from tests.factories import make_principal


@pytest.fixture
def app(sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    monkeypatch.setattr(results_analytics, "get_sessions", lambda: sessions)
    group = typer.Typer()
    results_analytics.register(group)
    return group


@pytest.fixture
def scenario(sessions: sessionmaker[Session]) -> str:
    with sessions.begin() as session:
        owner = make_principal(session, "author")
    made = create_from_definition(sessions=sessions, actor=owner, definition=THREE)
    play(sessions, made)
    return str(made)


def test_items_as_csv_gives_each_question_and_choice(app: typer.Typer, scenario: str) -> None:
    result = CliRunner().invoke(app, ["items", scenario, "--version", "1", "--csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    q2 = next(r for r in rows if r["question"] == "Q2" and r["choice"] == "")
    assert (q2["answered"], q2["facility"], q2["discrimination"]) == ("3", "66.7", "-50.0")
    flagged = {(r["question"], r["choice"]): r["flags"] for r in rows if r["flags"]}
    assert flagged == {("Q2", "B"): "chosen_by_strong", ("Q2", "C"): "never_chosen"}


def test_paths_prints_traffic_per_question_and_link(app: typer.Typer, scenario: str) -> None:
    result = CliRunner().invoke(app, ["paths", scenario, "--version", "1", "--csv"])
    assert result.exit_code == 0, result.output
    rows = {r["what"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert (rows["Q2"]["reached"], rows["Q2"]["stopped"], rows["Q2"]["median s"]) == (
        "5",
        "1",
        "20.0",
    )
    assert rows["Q1 → Q3"]["taken"] == "1" and rows["Q3 → end"]["taken"] == "4"
    table = CliRunner().invoke(app, ["paths", scenario, "--version", "1"])
    assert table.exit_code == 0 and "6 attempts (4 completed" in table.stdout


def test_recount_once_recounts_what_the_studio_found_stale(
    app: typer.Typer,
    scenario: str,
    sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(analytics, "live_attempts", 0)  # every version counts as large
    with sessions.begin() as session:
        admin = make_principal(session, "admin")
        learners = [make_principal(session, "learner") for _ in range(2)]
    where = {"sessions": sessions, "actor": admin, "scenario_id": uuid.UUID(scenario), "version": 1}
    assert analytics.path_analysis(**where).attempts == 6
    attempts.start_attempt(sessions=sessions, actor=learners[0], scenario_id=uuid.UUID(scenario))
    assert analytics.path_analysis(**where).refreshing

    # `paths` at a terminal counts now; `recount --once` brings the studio's up to date.
    now = CliRunner().invoke(app, ["paths", scenario, "--version", "1"])
    assert now.exit_code == 0 and "7 attempts" in now.stdout
    result = CliRunner().invoke(app, ["recount", "--once"])
    assert result.exit_code == 0, result.output
    assert "0 result(s) recounted" in result.stdout  # `paths` kept its fresh count already
    attempts.start_attempt(sessions=sessions, actor=learners[1], scenario_id=uuid.UUID(scenario))
    assert analytics.path_analysis(**where).refreshing
    result = CliRunner().invoke(app, ["recount", "--once"])
    assert result.exit_code == 0 and "1 result(s) recounted." in result.stdout
    found = analytics.path_analysis(**where)
    assert (found.attempts, found.refreshing) == (8, False)
