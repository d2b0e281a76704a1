"""A learner plays through HTTP: what they see, what they get back, and what is refused."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from tests.api.conftest import FORBIDDEN_BEFORE_ANSWERING, Caller, keys_in


def start(client: TestClient, caller: Caller, scenario: uuid.UUID) -> dict:  # type: ignore[type-arg]
    response = client.post("/attempts", json={"scenario_id": str(scenario)}, headers=caller.headers)
    assert response.status_code in (200, 201), response.text
    return response.json()  # type: ignore[no-any-return]


def test_a_learner_never_sees_answers_feedback_or_conditions_before_answering(
    client: TestClient, people: dict[str, Caller], scenario: uuid.UUID
) -> None:
    learner = people["learner"]
    catalog = client.get("/catalog", headers=learner.headers)
    attempt = start(client, learner, scenario)
    again = client.get(f"/attempts/{attempt['id']}", headers=learner.headers)
    listed = client.get("/attempts", headers=learner.headers)

    for body in (catalog.json(), attempt, again.json(), listed.json()):
        assert not keys_in(body) & FORBIDDEN_BEFORE_ANSWERING
    assert attempt["current_question"]["choices"] == [
        {"label": "A", "body": "Right"},
        {"label": "B", "body": "Wrong"},
    ]


def test_answering_returns_correctness_feedback_explanation_and_a_safe_next_question(
    client: TestClient, people: dict[str, Caller], scenario: uuid.UUID
) -> None:
    learner = people["learner"]
    attempt = start(client, learner, scenario)
    question = attempt["current_question"]["id"]

    response = client.post(
        f"/attempts/{attempt['id']}/answers",
        json={"question_id": question, "choices": ["b"]},
        headers={**learner.headers, "Idempotency-Key": "first-try"},
    )

    assert response.status_code == 201, response.text
    result = response.json()
    assert result["is_correct"] is False
    assert result["chosen"] == [
        {"label": "B", "body": "Wrong", "is_correct": False, "feedback": "not quite"}
    ]
    assert result["correct_labels"] == ["A"]
    assert result["explanation"] == "<p>Because.</p>"
    assert not keys_in(result["next_question"]) & FORBIDDEN_BEFORE_ANSWERING
    assert result["next_question"]["prompt_text"] == "Remedial"

    retry = client.post(
        f"/attempts/{attempt['id']}/answers",
        json={"question_id": question, "choices": ["B"]},
        headers={**learner.headers, "Idempotency-Key": "first-try"},
    )
    assert retry.status_code == 200
    assert retry.json()["answer_id"] == result["answer_id"]
    assert retry.json()["replayed"] is True
    history = client.get(f"/attempts/{attempt['id']}/answers", headers=learner.headers)
    assert len(history.json()) == 1


def test_answering_a_stale_question_is_409_problem_json_naming_the_current_question(
    client: TestClient, people: dict[str, Caller], scenario: uuid.UUID
) -> None:
    learner = people["learner"]
    attempt = start(client, learner, scenario)
    first = attempt["current_question"]["id"]
    client.post(
        f"/attempts/{attempt['id']}/answers",
        json={"question_id": first, "choices": ["B"]},
        headers=learner.headers,
    )

    stale = client.post(
        f"/attempts/{attempt['id']}/answers",
        json={"question_id": first, "choices": ["B"]},
        headers=learner.headers,
    )

    assert stale.status_code == 409
    assert stale.headers["content-type"] == "application/problem+json"
    body = stale.json()
    assert body["code"] == "not_current_question"
    current = client.get(f"/attempts/{attempt['id']}", headers=learner.headers).json()
    assert body["current_question_id"] == current["current_question"]["id"]


def test_a_bad_label_is_422_and_stores_nothing(
    client: TestClient, people: dict[str, Caller], scenario: uuid.UUID
) -> None:
    learner = people["learner"]
    attempt = start(client, learner, scenario)

    response = client.post(
        f"/attempts/{attempt['id']}/answers",
        json={"question_id": attempt["current_question"]["id"], "choices": ["Z"]},
        headers=learner.headers,
    )

    assert response.status_code == 422
    assert "choice 'Z' is not an option of this question" in response.json()["detail"]
    assert client.get(f"/attempts/{attempt['id']}/answers", headers=learner.headers).json() == []


def test_requests_without_a_valid_token_are_401_with_a_bearer_challenge(client: TestClient) -> None:
    missing = client.get("/catalog")
    garbage = client.get("/catalog", headers={"Authorization": "Bearer not-a-jwt"})

    for response in (missing, garbage):
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert "quizflow token" in missing.json()["detail"]


def test_malformed_json_bad_ids_and_undecodable_bodies_are_4xx_problems(
    client: TestClient, people: dict[str, Caller]
) -> None:
    headers = {**people["learner"].headers, "Content-Type": "application/json"}

    broken = client.post("/attempts", content=b'{"scenario_id": ', headers=headers)
    bad_id = client.get("/attempts/not-a-uuid", headers=headers)
    not_utf8 = client.post("/attempts", content=b'{"scenario_id": "\xff\xfe"}', headers=headers)

    assert broken.status_code == 422
    assert bad_id.status_code == 422
    assert not_utf8.status_code == 400  # the body cannot even be decoded
    for response in (broken, bad_id, not_utf8):
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["detail"]


def test_an_oversized_body_is_413(client: TestClient, people: dict[str, Caller]) -> None:
    response = client.post(
        "/scenarios",
        json={"title": "big", "context_html": "x" * 100_000},
        headers=people["owner"].headers,
    )

    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
