"""Every API path answers under /api too (what CloudFront routes to API Gateway), the same way."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from quizflow.services import credentials
from tests.api.conftest import Caller

PASSWORD = "correct horse battery"


def test_a_request_under_api_answers_like_the_root_one(
    client: TestClient, people: dict[str, Caller]
) -> None:
    headers = people["learner"].headers
    root = client.get("/me", headers=headers)
    prefixed = client.get("/api/me", headers=headers)
    assert root.status_code == prefixed.status_code == 200
    assert root.json() == prefixed.json()
    assert client.get("/api/health").json() == client.get("/health").json()


def test_api_alone_and_unknown_paths_under_it_are_problems(client: TestClient) -> None:
    for path in ("/api", "/api/", "/api/no-such-thing"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.headers["content-type"] == "application/problem+json"


def test_signing_in_and_csrf_under_api_hold_as_at_the_root(
    client: TestClient,
    people: dict[str, Caller],
    sessions: sessionmaker[Session],
    scenario: object,
) -> None:
    email = people["learner"].principal.email
    assert email is not None
    credentials.set_password(sessions=sessions, email=email, password=PASSWORD)
    foreign = client.post(
        "/api/auth/sign-in",
        json={"email": email, "password": PASSWORD},
        headers={"Origin": "https://evil.example"},
    )
    assert foreign.status_code == 403
    signed_in = client.post("/api/auth/sign-in", json={"email": email, "password": PASSWORD})
    assert signed_in.status_code == 200
    token = signed_in.json()["csrf_token"]
    body = {"scenario_id": str(scenario)}
    assert client.post("/api/attempts", json=body).status_code == 403  # no CSRF token
    cross_site = {"X-CSRF-Token": token, "Origin": "https://evil.example"}
    assert client.post("/api/attempts", json=body, headers=cross_site).status_code == 403
    same_site = {"X-CSRF-Token": token, "Origin": "http://testserver"}
    assert client.post("/api/attempts", json=body, headers=same_site).status_code == 201


def test_the_body_limit_applies_under_api(client: TestClient) -> None:
    huge = {"email": "x" * 100_000, "password": "y"}
    response = client.post("/api/auth/sign-in", json=huge)
    assert response.status_code == 413
