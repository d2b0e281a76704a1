"""Analytics of a small played scenario, checked against numbers worked out by hand."""

from __future__ import annotations

import math
import threading
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from quizflow.api.app import create_app
from quizflow.auth import Principal
from quizflow.services import analytics, analytics_worker, answers, attempts
from quizflow.services.definitions import create_from_definition
from quizflow.settings import Settings
from tests.api.conftest import Caller
from tests.factories import make_principal

# Q1 -(answer == C)-> Q3, Q1 -(default)-> Q2 -> Q3 -> end; one point each.
THREE: dict[str, Any] = {
    "title": "Three steps",
    "questions": {
        "q1": {
            "prompt_html": "<p>First</p>",
            "choices": [{"body": "a1", "correct": True}, {"body": "b1"}, {"body": "c1"}],
            "links": [{"if": "answer == C", "to": "q3"}, {"if": "default", "to": "q2"}],
        },
        "q2": {
            "prompt_html": "<p>Second</p>",
            "choices": [{"body": "a2", "correct": True}, {"body": "b2"}, {"body": "<b>c2</b>"}],
            "links": [{"if": "default", "to": "q3"}],
        },
        "q3": {
            "prompt_html": "<p>Third</p>",
            "choices": [{"body": "a3", "correct": True}, {"body": "b3"}],
            "links": [{"if": "default", "to": None}],
        },
    },
}

# Each learner's answers (labels in order) and the seconds each took; `then` is what happens
# after the last one: the attempt ends by itself, stays in progress, or is abandoned.
PLAYS = [
    (["A", "A", "A"], [10, 5, 1], "done"),  # 3 points
    (["A", "B", "A"], [20, 15, 2], "done"),  # 2
    (["B", "A", "B"], [30, 25, 3], "done"),  # 1
    (["C", "B"], [40, 4], "done"),  # 0: C skips Q2
    (["B"], [50], "in_progress"),  # stopped at Q2
    (["A", "A"], [60, 35], "abandon"),  # stopped at Q3
]
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def play(sessions: sessionmaker[Session], scenario: uuid.UUID) -> list[uuid.UUID]:
    """PLAYS, each by a new learner; the answers' times are then set to the seconds given."""
    learners = []
    for labels, seconds, then in PLAYS:
        with sessions.begin() as session:
            learner = make_principal(session, "learner")
        learners.append(learner.user_id)
        state, _ = attempts.start_attempt(sessions=sessions, actor=learner, scenario_id=scenario)
        question = state.current_question
        for label in labels:
            assert question is not None
            result = answers.submit_answer(
                sessions=sessions,
                actor=learner,
                attempt_id=state.id,
                question_id=question.id,
                labels=[label],
            )
            question = result.next_question
        assert (question is None) == (then == "done")
        if then == "abandon":
            attempts.abandon_attempt(sessions=sessions, actor=learner, attempt_id=state.id)
        with sessions.begin() as session:
            session.execute(
                text("UPDATE user_progress SET started_at = :t WHERE id = :id"),
                {"t": T0, "id": state.id},
            )
            ids = session.scalars(
                text("SELECT id FROM answers WHERE progress_id = :id ORDER BY created_at, id"),
                {"id": state.id},
            ).all()
            at = T0
            for answer_id, s in zip(ids, seconds, strict=True):
                at += timedelta(seconds=s)
                session.execute(
                    text("UPDATE answers SET created_at = :t WHERE id = :id"),
                    {"t": at, "id": answer_id},
                )
    return learners


@pytest.fixture
def played(
    sessions: sessionmaker[Session], people: dict[str, Caller]
) -> tuple[uuid.UUID, list[uuid.UUID]]:
    scenario = create_from_definition(
        sessions=sessions, actor=people["owner"].principal, definition=THREE
    )
    return scenario, play(sessions, scenario)


def url(scenario: uuid.UUID, what: str) -> str:
    return f"/scenarios/{scenario}/versions/1/analytics/{what}"


def test_item_analysis_matches_moodles_indices_worked_by_hand(
    client: TestClient, people: dict[str, Caller], played: tuple[uuid.UUID, list[uuid.UUID]]
) -> None:
    scenario, _ = played
    response = client.get(url(scenario, "items"), headers=people["owner"].headers)
    assert response.status_code == 200, response.text
    body = response.json()
    # Completed: totals 3, 2, 1, 0 (thirds by ntile: {3, 2}, {1}, {0}).
    assert body["version"] == 1 and body["attempts_counted"] == 4
    q1, q2, q3 = body["questions"]
    assert [q["position"] for q in (q1, q2, q3)] == [1, 2, 3]
    # Q1: x = 1 1 0 0, rest = 2 1 1 0: r = 1 / sqrt(1 × 2).
    assert q1["answered"] == 4 and q1["facility"] == pytest.approx(50)
    assert q1["discrimination"] == pytest.approx(100 / math.sqrt(2))
    assert [(c["label"], c["picked"], c["picked_share"], c["flags"]) for c in q1["choices"]] == [
        ("A", 2, 0.5, []),
        ("B", 1, 0.25, []),
        ("C", 1, 0.25, []),
    ]
    # Q2 (answered by the 3, 2 and 1 learners): x = 1 0 1, rest = 2 2 0: r = -0.5.
    assert q2["answered"] == 3 and q2["facility"] == pytest.approx(200 / 3)
    assert q2["discrimination"] == pytest.approx(-50)
    # B was picked by half the top third and by none of the bottom one; C by nobody.
    assert [(c["label"], c["picked"], c["flags"]) for c in q2["choices"]] == [
        ("A", 2, []),
        ("B", 1, ["chosen_by_strong"]),
        ("C", 0, ["never_chosen"]),
    ]
    assert q2["choices"][2]["body_text"] == "c2"
    assert q3["facility"] == pytest.approx(50)
    assert q3["discrimination"] == pytest.approx(100 / math.sqrt(2))


def test_path_analysis_counts_reached_stopped_links_and_median_times(
    client: TestClient, people: dict[str, Caller], played: tuple[uuid.UUID, list[uuid.UUID]]
) -> None:
    scenario, _ = played
    response = client.get(url(scenario, "paths"), headers=people["owner"].headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["attempts"], body["completed"], body["in_progress"], body["abandoned"]) == (
        6,
        4,
        1,
        1,
    )
    traffic = [(q["reached"], q["stopped"], q["median_seconds"]) for q in body["questions"]]
    # Q2's times 5 15 25 35, Q3's 1 2 3 4 (the abandoned attempt never answered Q3).
    assert traffic == [(6, 0, 35.0), (5, 1, 20.0), (5, 1, 2.5)]
    q1, q2, q3 = (q["question_id"] for q in body["questions"])
    assert body["first_question_id"] == q1
    links = {
        (link["from_question_id"], link["to_question_id"], link["condition"]): link["taken"]
        for link in body["links"]
    }
    assert links == {
        (q1, q3, "answer == C"): 1,
        (q1, q2, "default"): 5,
        (q2, q3, "default"): 4,
        (q3, None, "default"): 4,
    }


def test_scores_are_bucketed_with_mean_and_median(
    client: TestClient, people: dict[str, Caller], played: tuple[uuid.UUID, list[uuid.UUID]]
) -> None:
    scenario, _ = played
    body = client.get(url(scenario, "scores"), headers=people["owner"].headers).json()
    assert (body["max_score"], body["attempts"], body["mean"], body["median"]) == (3, 4, 1.5, 1.5)
    assert body["buckets"] == [
        {"from": 0, "to": 1, "count": 1},
        {"from": 1, "to": 2, "count": 1},
        {"from": 2, "to": 3, "count": 2},
    ]


def test_a_class_filter_keeps_its_members_attempts(
    client: TestClient,
    sessions: sessionmaker[Session],
    people: dict[str, Caller],
    played: tuple[uuid.UUID, list[uuid.UUID]],
) -> None:
    scenario, learners = played
    owner = people["owner"].headers
    klass = client.post("/classes", json={"title": "Group A"}, headers=owner).json()
    with sessions.begin() as session:  # the 3-point and the 1-point learners
        for user_id in (learners[0], learners[2]):
            session.execute(
                text("INSERT INTO class_members (class_id, user_id) VALUES (:c, :u)"),
                {"c": klass["id"], "u": user_id},
            )
    params = {"class_id": klass["id"]}
    scores = client.get(url(scenario, "scores"), params=params, headers=owner).json()
    assert (scores["attempts"], scores["mean"]) == (2, 2.0)
    items = client.get(url(scenario, "items"), params=params, headers=owner).json()
    assert items["attempts_counted"] == 2
    paths = client.get(url(scenario, "paths"), params=params, headers=owner).json()
    assert paths["attempts"] == 2
    # Another author's class is not found, even by the scenario's owner.
    theirs = client.post(
        "/classes", json={"title": "Theirs"}, headers=people["other_author"].headers
    ).json()
    refused = client.get(url(scenario, "scores"), params={"class_id": theirs["id"]}, headers=owner)
    assert refused.status_code == 404


def test_a_results_co_author_reads_others_do_not(
    client: TestClient, people: dict[str, Caller], played: tuple[uuid.UUID, list[uuid.UUID]]
) -> None:
    scenario, _ = played
    for what in ("items", "paths", "scores"):
        assert (
            client.get(url(scenario, what), headers=people["other_author"].headers).status_code
            == 404
        )
        assert client.get(url(scenario, what), headers=people["learner"].headers).status_code == 403
        assert client.get(url(scenario, what), headers=people["admin"].headers).status_code == 200
    granted = client.put(
        f"/scenarios/{scenario}/grants",
        json={"email": str(people["other_author"].principal.email), "right": "results"},
        headers=people["owner"].headers,
    )
    assert granted.status_code == 200
    for what in ("items", "paths", "scores"):
        assert (
            client.get(url(scenario, what), headers=people["other_author"].headers).status_code
            == 200
        )
    missing = client.get(
        f"/scenarios/{scenario}/versions/9/analytics/items", headers=people["owner"].headers
    )
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"


def test_kept_results_are_recomputed_once_anything_they_count_changes(
    client: TestClient,
    sessions: sessionmaker[Session],
    people: dict[str, Caller],
    played: tuple[uuid.UUID, list[uuid.UUID]],
) -> None:
    scenario, learners = played
    owner = people["owner"].headers
    assert client.get(url(scenario, "paths"), headers=owner).json()["attempts"] == 6
    attempts.start_attempt(
        sessions=sessions, actor=people["learner"].principal, scenario_id=scenario
    )
    again = client.get(url(scenario, "paths"), headers=owner).json()
    assert (again["attempts"], again["in_progress"]) == (7, 2)
    # A class gaining a member changes what its filter counts.
    klass = client.post("/classes", json={"title": "Late joiners"}, headers=owner).json()
    params = {"class_id": klass["id"]}
    assert (
        client.get(url(scenario, "items"), params=params, headers=owner).json()["attempts_counted"]
        == 0
    )
    with sessions.begin() as session:
        session.execute(
            text("INSERT INTO class_members (class_id, user_id) VALUES (:c, :u)"),
            {"c": klass["id"], "u": learners[0]},
        )
    assert (
        client.get(url(scenario, "items"), params=params, headers=owner).json()["attempts_counted"]
        == 1
    )


def test_first_attempts_keep_each_learners_earliest_completed_one(
    client: TestClient,
    sessions: sessionmaker[Session],
    people: dict[str, Caller],
    played: tuple[uuid.UUID, list[uuid.UUID]],
) -> None:
    scenario, learners = played
    with sessions() as session:
        email = session.scalar(text("SELECT email FROM users WHERE id = :id"), {"id": learners[0]})
    top = Principal(learners[0], "learner", email)
    state, started = attempts.start_attempt(sessions=sessions, actor=top, scenario_id=scenario)
    assert started
    question = state.current_question
    while question is not None:  # all wrong this time: B, B, B
        question = answers.submit_answer(
            sessions=sessions, actor=top, attempt_id=state.id, question_id=question.id, labels=["B"]
        ).next_question
    owner = people["owner"].headers
    every = client.get(url(scenario, "items"), headers=owner).json()
    first = client.get(url(scenario, "items"), params={"attempts": "first"}, headers=owner).json()
    assert (every["attempts_counted"], first["attempts_counted"]) == (5, 4)
    # Only the first attempts: the numbers worked out above.
    assert first["questions"][0]["facility"] == pytest.approx(50)
    assert first["questions"][0]["discrimination"] == pytest.approx(100 / math.sqrt(2))
    assert every["questions"][0]["facility"] == pytest.approx(40)


def test_a_large_versions_kept_result_answers_at_once_and_the_worker_recounts_it(
    client: TestClient,
    sessions: sessionmaker[Session],
    people: dict[str, Caller],
    played: tuple[uuid.UUID, list[uuid.UUID]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every version counts as large here: a changed result is recounted by the worker.
    monkeypatch.setattr(analytics, "live_attempts", 0)
    scenario, _ = played
    owner = people["owner"].headers
    first = client.get(url(scenario, "paths"), headers=owner).json()
    assert (first["attempts"], first["refreshing"]) == (6, False)
    assert client.get(url(scenario, "paths"), headers=owner).json() == first  # kept, unchanged

    attempts.start_attempt(
        sessions=sessions, actor=people["learner"].principal, scenario_id=scenario
    )
    for _ in range(2):  # the kept count answers, saying a newer one is on its way
        stale = client.get(url(scenario, "paths"), headers=owner).json()
        assert (stale["attempts"], stale["refreshing"]) == (6, True)
        assert stale["counted_at"] == first["counted_at"]
    with sessions() as session:
        wanted = session.scalar(
            text("SELECT count(*) FROM analytics_snapshots WHERE refresh_wanted_at IS NOT NULL")
        )
    assert wanted == 1  # asked once, however many requests found it stale

    assert analytics_worker.run(sessions, threading.Event(), once=True) == 1
    fresh = client.get(url(scenario, "paths"), headers=owner).json()
    assert (fresh["attempts"], fresh["in_progress"], fresh["refreshing"]) == (7, 2, False)
    assert datetime.fromisoformat(fresh["counted_at"]) > datetime.fromisoformat(first["counted_at"])
    assert analytics_worker.run(sessions, threading.Event(), once=True) == 0  # nothing left


def test_a_small_version_is_counted_on_every_change(
    client: TestClient,
    sessions: sessionmaker[Session],
    people: dict[str, Caller],
    played: tuple[uuid.UUID, list[uuid.UUID]],
) -> None:
    scenario, _ = played
    owner = people["owner"].headers
    before = client.get(url(scenario, "items"), headers=owner).json()
    assert (before["attempts_counted"], before["refreshing"]) == (4, False)
    assert client.get(url(scenario, "items"), headers=owner).json() == before  # kept
    learner = people["learner"].principal
    state, _ = attempts.start_attempt(sessions=sessions, actor=learner, scenario_id=scenario)
    question = state.current_question
    while question is not None:
        question = answers.submit_answer(
            sessions=sessions,
            actor=learner,
            attempt_id=state.id,
            question_id=question.id,
            labels=["A"],
        ).next_question
    after = client.get(url(scenario, "items"), headers=owner).json()
    assert (after["attempts_counted"], after["refreshing"]) == (5, False)


def test_a_kept_result_of_another_shape_is_counted_again(
    client: TestClient,
    sessions: sessionmaker[Session],
    people: dict[str, Caller],
    played: tuple[uuid.UUID, list[uuid.UUID]],
) -> None:
    scenario, _ = played
    owner = people["owner"].headers
    before = client.get(url(scenario, "items"), headers=owner).json()
    with sessions.begin() as session:  # as an older release might have kept it
        session.execute(text("""UPDATE analytics_snapshots SET body = '{"questions": 3}'"""))
    again = client.get(url(scenario, "items"), headers=owner)
    assert again.status_code == 200
    assert again.json()["questions"] == before["questions"]


def test_with_no_background_recount_a_large_version_is_counted_on_the_request(
    settings: Settings,
    engine: Engine,
    sessions: sessionmaker[Session],
    people: dict[str, Caller],
    played: tuple[uuid.UUID, list[uuid.UUID]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As a deployment whose database pauses when idle runs: no worker polls it.
    monkeypatch.setattr(analytics, "live_attempts", 0)
    counting = settings.model_copy(update={"analytics_recount_in_background": False})
    scenario, _ = played
    owner = people["owner"].headers
    with TestClient(create_app(counting, engine=engine, sessions=sessions)) as client:
        assert client.get(url(scenario, "paths"), headers=owner).json()["attempts"] == 6
        attempts.start_attempt(
            sessions=sessions, actor=people["learner"].principal, scenario_id=scenario
        )
        found = client.get(url(scenario, "paths"), headers=owner).json()
    assert (found["attempts"], found["refreshing"]) == (7, False)
