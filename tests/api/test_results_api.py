"""Results for authors: attempts lists, one attempt's path and the CSV exports."""

from __future__ import annotations

import csv
import io
import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import issue_local_token
from quizflow.db import models as orm
from quizflow.services.definitions import create_from_definition
from quizflow.settings import Settings
from tests.api.conftest import Caller
from tests.api.test_analytics_api import PLAYS, THREE, play
from tests.factories import make_principal

Played = tuple[uuid.UUID, list[uuid.UUID]]


@pytest.fixture
def played(sessions: sessionmaker[Session], people: dict[str, Caller]) -> Played:
    scenario = create_from_definition(
        sessions=sessions, actor=people["owner"].principal, definition=THREE
    )
    return scenario, play(sessions, scenario)


def _author(sessions: sessionmaker[Session], settings: Settings) -> Caller:
    with sessions.begin() as session:
        principal = make_principal(session, "author")
    token = issue_local_token(settings, user_id=principal.user_id, role=principal.role)
    return Caller(principal, {"Authorization": f"Bearer {token}"})


def _grant(sessions: sessionmaker[Session], scenario: uuid.UUID, who: Caller, right: str) -> None:
    with sessions.begin() as session:
        session.add(
            orm.ScenarioGrant(
                scenario_id=scenario, user_id=who.principal.user_id, right=orm.GrantRight(right)
            )
        )


def _class(
    sessions: sessionmaker[Session], owner: Caller, scenario: uuid.UUID, members: list[uuid.UUID]
) -> uuid.UUID:
    with sessions.begin() as session:
        row = orm.Class(owner_id=owner.principal.user_id, title="Group A")
        session.add(row)
        session.flush()
        session.add(orm.ClassAssignment(class_id=row.id, scenario_id=scenario))
        session.add_all(orm.ClassMember(class_id=row.id, user_id=m) for m in members)
        return row.id


def attempts_url(scenario: uuid.UUID) -> str:
    return f"/scenarios/{scenario}/results/attempts"


def test_owner_sees_every_attempt_with_its_score_and_time(
    client: TestClient, people: dict[str, Caller], played: Played
) -> None:
    scenario, learners = played
    response = client.get(
        attempts_url(scenario), params={"sort": "-score"}, headers=people["owner"].headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(PLAYS)
    first = body["items"][0]
    assert first["learner"]["id"] == str(learners[0]) and first["score"] == 3
    assert first["max_score"] == 3 and first["version"] == 1 and first["status"] == "completed"
    assert first["answer_count"] == 3 and first["time_taken_s"] is not None
    statuses = sorted(i["status"] for i in body["items"])
    assert statuses == ["abandoned"] + ["completed"] * 4 + ["in_progress"]
    open_one = next(i for i in body["items"] if i["status"] == "in_progress")
    assert open_one["finished_at"] is None and open_one["time_taken_s"] is None


def test_filters_and_pagination(
    client: TestClient, people: dict[str, Caller], played: Played
) -> None:
    scenario, _ = played
    headers = people["owner"].headers
    page = client.get(
        attempts_url(scenario),
        params={"status": "completed", "limit": 2, "offset": 1, "sort": "score"},
        headers=headers,
    ).json()
    assert page["total"] == 4 and [i["score"] for i in page["items"]] == [1, 2]
    assert (
        client.get(attempts_url(scenario), params={"version": 2}, headers=headers).json()["total"]
        == 0
    )
    one = client.get(attempts_url(scenario), params={"learner": "%"}, headers=headers).json()
    assert one["total"] == 0  # a literal %, not a wildcard


def test_started_filters_take_rfc3339_date_times_only(
    client: TestClient, people: dict[str, Caller], played: Played
) -> None:
    scenario, _ = played
    headers = people["owner"].headers
    window = {"started_from": "2000-01-01T00:00:00Z", "started_to": "2999-01-01T00:00:00+02:00"}
    every = client.get(attempts_url(scenario), headers=headers).json()["total"]
    assert every > 0
    assert (
        client.get(attempts_url(scenario), params=window, headers=headers).json()["total"] == every
    )
    past = {"started_to": "2000-01-01T00:00:00.5Z"}
    assert client.get(attempts_url(scenario), params=past, headers=headers).json()["total"] == 0
    for bad in ("1700000000", "2026-01-01", "2026-01-01T00:00:00", "yesterday"):
        response = client.get(attempts_url(scenario), params={"started_to": bad}, headers=headers)
        assert response.status_code == 422, bad
        assert response.headers["content-type"] == "application/problem+json"
        assert "RFC 3339" in response.text or "timezone" in response.text


@pytest.mark.parametrize("right", ["results", "edit"])
def test_co_authors_with_a_grant_see_attempts(
    client: TestClient,
    sessions: sessionmaker[Session],
    settings: Settings,
    played: Played,
    right: str,
) -> None:
    scenario, _ = played
    co_author = _author(sessions, settings)
    _grant(sessions, scenario, co_author, right)
    response = client.get(attempts_url(scenario), headers=co_author.headers)
    assert response.status_code == 200 and response.json()["total"] == len(PLAYS)


def test_other_author_gets_404_and_learner_403(
    client: TestClient, people: dict[str, Caller], played: Played
) -> None:
    scenario, _ = played
    for path in (attempts_url(scenario), f"/scenarios/{scenario}/results/attempts.csv"):
        assert client.get(path, headers=people["other_author"].headers).status_code == 404
        assert client.get(path, headers=people["learner"].headers).status_code == 403
    missing = attempts_url(uuid.uuid4())
    assert client.get(missing, headers=people["owner"].headers).status_code == 404


def test_class_results_keep_only_its_members(
    client: TestClient,
    sessions: sessionmaker[Session],
    people: dict[str, Caller],
    played: Played,
) -> None:
    scenario, learners = played
    class_id = _class(sessions, people["owner"], scenario, learners[:2])
    headers = people["owner"].headers
    body = client.get(f"/classes/{class_id}/results/attempts", headers=headers).json()
    assert {i["learner"]["id"] for i in body["items"]} == {str(u) for u in learners[:2]}
    assert all(i["class_ids"] == [str(class_id)] for i in body["items"])
    # A class's list mixes scenarios: each row says which one (the studio links to it).
    assert all(i["scenario_id"] == str(scenario) for i in body["items"])
    filtered = client.get(
        attempts_url(scenario), params={"class_id": str(class_id)}, headers=headers
    ).json()
    assert filtered["total"] == 2
    other = client.get(
        f"/classes/{class_id}/results/attempts", headers=people["other_author"].headers
    )
    assert other.status_code == 404
    learner = client.get(f"/classes/{class_id}/results/attempts", headers=people["learner"].headers)
    assert learner.status_code == 403


def test_one_attempt_shows_its_path_and_the_time_on_each_question(
    client: TestClient, people: dict[str, Caller], played: Played
) -> None:
    scenario, learners = played
    listing = client.get(attempts_url(scenario), headers=people["owner"].headers).json()
    mine = next(i for i in listing["items"] if i["learner"]["id"] == str(learners[1]))
    response = client.get(
        f"/results/attempts/{mine['attempt_id']}", headers=people["owner"].headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["scenario_id"] == str(scenario) and body["scenario_title"] == "Three steps"
    # Learner 2 answered A, B, A taking 20, 15 and 2 seconds.
    steps = body["path"]
    assert [s["position"] for s in steps] == [1, 2, 3]
    assert [s["question_position"] for s in steps] == [1, 2, 3]
    assert [s["seconds"] for s in steps] == [20, 15, 2]
    assert [[c["label"] for c in s["choices"]] for s in steps] == [["A"], ["B"], ["A"]]
    assert [s["is_correct"] for s in steps] == [True, False, True]
    assert [s["score_after"] for s in steps] == [1, 1, 2]
    assert steps[0]["link_condition"] == "default" and steps[-1]["next_question_id"] is None
    assert steps[1]["choices"][0]["body_text"] == "b2"
    other = client.get(
        f"/results/attempts/{mine['attempt_id']}", headers=people["other_author"].headers
    )
    assert other.status_code == 404


def _csv_rows(response: object) -> list[list[str]]:
    raw = response.content  # type: ignore[attr-defined]
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_attempts_and_answers_csv(
    client: TestClient, people: dict[str, Caller], played: Played
) -> None:
    scenario, _ = played
    headers = people["owner"].headers
    response = client.get(f"/scenarios/{scenario}/results/attempts.csv", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = _csv_rows(response)
    assert rows[0][:4] == ["attempt_id", "learner_email", "learner_name", "version"]
    assert len(rows) == 1 + len(PLAYS)
    answers = _csv_rows(client.get(f"/scenarios/{scenario}/results/answers.csv", headers=headers))
    header = answers[0]
    assert len(answers) == 1 + sum(len(labels) for labels, _, _ in PLAYS)
    # Every attempt started at the same time: group by attempt, in the order answered.
    by_attempt: dict[str, list[tuple[str, float]]] = {}
    for r in answers[1:]:
        by_attempt.setdefault(r[0], []).append(
            (r[header.index("choices")], float(r[header.index("seconds")]))
        )
    expected = [list(zip(labels, map(float, secs), strict=True)) for labels, secs, _ in PLAYS]
    assert sorted(by_attempt.values()) == sorted(expected)


def test_csv_defuses_formulas(
    client: TestClient, sessions: sessionmaker[Session], people: dict[str, Caller], played: Played
) -> None:
    scenario, learners = played
    with sessions.begin() as session:
        session.execute(
            text("UPDATE users SET display_name = '=HYPERLINK(\"x\")' WHERE id = :id"),
            {"id": learners[0]},
        )
    rows = _csv_rows(
        client.get(f"/scenarios/{scenario}/results/attempts.csv", headers=people["owner"].headers)
    )
    names = [r[2] for r in rows[1:]]
    assert '\'=HYPERLINK("x")' in names
    assert not any(n.startswith(("=", "+", "-", "@")) for n in names)
