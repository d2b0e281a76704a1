"""The studio's list: search by title, how many learners played, and duplicating a scenario."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from quizflow.services import attempts
from tests.api.conftest import Caller


def _titles(client: TestClient, caller: Caller, q: str) -> set[str]:
    response = client.get("/scenarios", params={"q": q}, headers=caller.headers)
    assert response.status_code == 200, response.text
    return {s["title"] for s in response.json()}


def test_q_finds_titles_ignoring_case_and_takes_like_wildcards_literally(
    client: TestClient, people: dict[str, Caller]
) -> None:
    owner = people["owner"]
    for title in ["Fire drill", "100% safe", "100 percent", "snake_case", "snakeXcase", "a\\b"]:
        assert client.post("/scenarios", json={"title": title}, headers=owner.headers).is_success

    assert _titles(client, owner, "FIRE") == {"Fire drill"}
    assert _titles(client, owner, "100%") == {"100% safe"}
    assert _titles(client, owner, "e_c") == {"snake_case"}
    assert _titles(client, owner, "a\\b") == {"a\\b"}
    assert _titles(client, people["other_author"], "fire") == set()


def test_learner_count_counts_distinct_learners_across_attempts(
    client: TestClient,
    sessions: sessionmaker[Session],
    people: dict[str, Caller],
    scenario: uuid.UUID,
) -> None:
    learner, other = people["learner"].principal, people["other_learner"].principal
    first, _ = attempts.start_attempt(sessions=sessions, actor=learner, scenario_id=scenario)
    attempts.abandon_attempt(sessions=sessions, actor=learner, attempt_id=first.id)
    attempts.start_attempt(sessions=sessions, actor=learner, scenario_id=scenario)
    attempts.start_attempt(sessions=sessions, actor=other, scenario_id=scenario)

    listed = client.get("/scenarios", headers=people["owner"].headers).json()

    assert [s["learner_count"] for s in listed if s["id"] == str(scenario)] == [2]


def test_duplicate_copies_questions_choices_links_and_the_first_question(
    client: TestClient, people: dict[str, Caller], scenario: uuid.UUID
) -> None:
    h = people["owner"].headers
    original = client.get(f"/scenarios/{scenario}", headers=h).json()

    copied = client.post(f"/scenarios/{scenario}/duplicate", headers=h)

    assert copied.status_code == 201, copied.text
    assert copied.json()["title"] == f"{original['title']} (copy)"
    assert copied.json()["status"] == "draft" and copied.json()["learner_count"] == 0
    copy = client.get(f"/scenarios/{copied.json()['id']}", headers=h).json()
    old_ids = [q["id"] for q in original["questions"]]
    new_ids = [q["id"] for q in copy["questions"]]
    assert not set(old_ids) & set(new_ids)
    renamed = dict(zip(old_ids, new_ids, strict=True))
    assert copy["first_question_id"] == renamed[original["first_question_id"]]
    for old, new in zip(original["questions"], copy["questions"], strict=True):
        assert new["prompt_html"] == old["prompt_html"]
        assert [(c["label"], c["body"], c["is_correct"]) for c in new["choices"]] == [
            (c["label"], c["body"], c["is_correct"]) for c in old["choices"]
        ]
        assert [(lk["condition"], lk["to_question_id"]) for lk in new["links"]] == [
            (lk["condition"], renamed.get(lk["to_question_id"])) for lk in old["links"]
        ]
        assert new["etag"] == old["etag"]
    assert client.get(f"/scenarios/{copy['id']}/validation", headers=h).json()["publishable"]


def test_a_learner_cannot_duplicate(
    client: TestClient, people: dict[str, Caller], scenario: uuid.UUID
) -> None:
    refused = client.post(f"/scenarios/{scenario}/duplicate", headers=people["learner"].headers)

    assert refused.status_code == 403
