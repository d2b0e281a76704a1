"""Two authors edit one scenario: a write based on what someone else has changed is refused."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient

from tests.api.conftest import Caller

QUESTION = {
    "prompt_html": "<p>Which exit?</p>",
    "choices": [{"body": "North", "is_correct": True}, {"body": "South"}],
}


def _question(prompt: str) -> dict[str, Any]:
    return {**QUESTION, "prompt_html": prompt}


def test_reads_and_writes_carry_the_etag_of_what_they_return(
    client: TestClient, people: dict[str, Caller], scenario: uuid.UUID
) -> None:
    h = people["owner"].headers
    read = client.get(f"/scenarios/{scenario}", headers=h)
    question = read.json()["questions"][0]

    renamed = client.patch(f"/scenarios/{scenario}", json={"title": "Renamed"}, headers=h)
    replaced = client.put(
        f"/scenarios/{scenario}/questions/{question['id']}", json=_question("<p>New</p>"), headers=h
    )

    assert read.headers["ETag"] == read.json()["etag"]
    assert read.json()["etag"].startswith('"') and read.json()["etag"].endswith('"')
    assert renamed.headers["ETag"] == renamed.json()["etag"] != read.json()["etag"]
    assert replaced.headers["ETag"] == replaced.json()["etag"] != question["etag"]


def test_a_stale_if_match_on_a_question_is_refused_and_changes_nothing(
    client: TestClient, people: dict[str, Caller], scenario: uuid.UUID
) -> None:
    h = people["owner"].headers
    question = client.get(f"/scenarios/{scenario}", headers=h).json()["questions"][0]
    path = f"/scenarios/{scenario}/questions/{question['id']}"
    theirs = client.put(
        path, json=_question("<p>Theirs</p>"), headers={**h, "If-Match": question["etag"]}
    )
    assert theirs.status_code == 200, theirs.text

    mine = client.put(
        path, json=_question("<p>Mine</p>"), headers={**h, "If-Match": question["etag"]}
    )

    assert mine.status_code == 412
    assert mine.headers["content-type"] == "application/problem+json"
    assert mine.json()["type"].endswith("precondition-failed")
    assert mine.json()["current"]["prompt_html"] == "<p>Theirs</p>"
    assert mine.json()["current"]["etag"] == theirs.json()["etag"]
    after = client.get(f"/scenarios/{scenario}", headers=h).json()["questions"][0]
    assert after["prompt_html"] == "<p>Theirs</p>"

    kept = client.put(
        path,
        json=_question("<p>Mine</p>"),
        headers={**h, "If-Match": mine.json()["current"]["etag"]},
    )
    assert kept.status_code == 200 and kept.json()["prompt_html"] == "<p>Mine</p>"


def test_a_stale_if_match_on_a_scenario_is_refused_and_changes_nothing(
    client: TestClient, people: dict[str, Caller], scenario: uuid.UUID
) -> None:
    h = people["owner"].headers
    etag = client.get(f"/scenarios/{scenario}", headers=h).json()["etag"]
    client.patch(
        f"/scenarios/{scenario}", json={"title": "Theirs"}, headers={**h, "If-Match": etag}
    )

    mine = client.patch(
        f"/scenarios/{scenario}", json={"title": "Mine"}, headers={**h, "If-Match": etag}
    )

    assert mine.status_code == 412
    assert mine.json()["current"]["title"] == "Theirs"
    assert client.get(f"/scenarios/{scenario}", headers=h).json()["title"] == "Theirs"
    star = client.patch(
        f"/scenarios/{scenario}", json={"title": "Mine"}, headers={**h, "If-Match": "*"}
    )
    assert star.status_code == 200 and star.json()["title"] == "Mine"


def test_without_if_match_the_last_write_wins_as_before(
    client: TestClient, people: dict[str, Caller], scenario: uuid.UUID
) -> None:
    h = people["owner"].headers
    client.patch(f"/scenarios/{scenario}", json={"title": "First"}, headers=h)

    second = client.patch(f"/scenarios/{scenario}", json={"title": "Second"}, headers=h)

    assert second.status_code == 200 and second.json()["title"] == "Second"


def test_a_learner_is_refused_before_any_etag_is_compared(
    client: TestClient, people: dict[str, Caller], scenario: uuid.UUID
) -> None:
    refused = client.patch(
        f"/scenarios/{scenario}",
        json={"title": "Mine"},
        headers={**people["learner"].headers, "If-Match": '"stale"'},
    )

    assert refused.status_code == 403
    assert "current" not in refused.json()


def test_adding_questions_does_not_turn_the_authors_typing_into_a_conflict(
    client: TestClient, people: dict[str, Caller]
) -> None:
    # The studio keeps the scenario's etag while the author types its context and adds
    # questions; the first question becomes the start, which is the flow's business.
    h = people["owner"].headers
    created = client.post("/scenarios", json={"title": "Fresh"}, headers=h).json()
    client.post(f"/scenarios/{created['id']}/questions", json=_question("<p>Q1</p>"), headers=h)

    saved = client.patch(
        f"/scenarios/{created['id']}",
        json={"context_html": "<p>Typed meanwhile</p>"},
        headers={**h, "If-Match": created["etag"]},
    )

    assert saved.status_code == 200
    assert saved.json()["first_question_id"] is not None
