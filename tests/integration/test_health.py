"""GET /health says up or down to anyone; GET /health/details says why, to admins only."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from quizflow.api.app import create_app
from quizflow.auth import issue_local_token
from quizflow.settings import Settings
from tests.factories import make_principal

SECRET = "health-test-secret-" + "x" * 40


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(jwt_secret=SECRET, config_dir=tmp_path / "config")  # type: ignore[arg-type]


def client_for(
    engine: Engine, settings: Settings, sessions: sessionmaker[Session] | None = None
) -> TestClient:
    return TestClient(create_app(settings, engine=engine, sessions=sessions))


def bearer(sessions: sessionmaker[Session], settings: Settings, role: str) -> dict[str, str]:
    with sessions.begin() as session:
        principal = make_principal(session, role)
    token = issue_local_token(settings, user_id=principal.user_id, role=principal.role)
    return {"Authorization": f"Bearer {token}"}


def test_health_says_only_ok_on_a_migrated_database(engine: Engine, settings: Settings) -> None:
    with client_for(engine, settings) as client:
        response = client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_says_only_unavailable_while_migrations_are_pending(
    empty_database: Engine, settings: Settings
) -> None:
    with client_for(empty_database, settings) as client:
        response = client.get("/health")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_health_says_only_unavailable_when_the_database_is_down(settings: Settings) -> None:
    engine = create_engine("postgresql+psycopg://quiz:secret@127.0.0.1:9/quiz")
    with client_for(engine, settings) as client:
        response = client.get("/health")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_an_admin_sees_the_server_version_and_the_migrations(
    engine: Engine, sessions: sessionmaker[Session], settings: Settings
) -> None:
    with client_for(engine, settings, sessions) as client:
        response = client.get("/health/details", headers=bearer(sessions, settings, "admin"))

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database_reachable"] is True
    assert body["server_version"]  # e.g. "15.20 (Debian 15.20-0+deb12u1)"
    assert body["migrations"]["up_to_date"] is True
    assert body["migrations"]["applied"] >= 1
    assert body["migrations"]["pending"] == []
    assert body["problem"] is None


@pytest.mark.parametrize("role", ["author", "learner"])
def test_health_details_are_forbidden_to_everyone_but_admins(
    engine: Engine, sessions: sessionmaker[Session], settings: Settings, role: str
) -> None:
    with client_for(engine, settings, sessions) as client:
        anonymous = client.get("/health/details")
        signed_in = client.get("/health/details", headers=bearer(sessions, settings, role))

    assert anonymous.status_code == 401
    assert signed_in.status_code == 403
    assert signed_in.json()["detail"] == "only admins can see the health details"
    for response in (anonymous, signed_in):
        assert response.headers["content-type"] == "application/problem+json"
        assert "server_version" not in response.text


def test_a_request_on_an_unmigrated_database_is_a_503_that_says_to_upgrade(
    empty_database: Engine, settings: Settings
) -> None:
    token = issue_local_token(settings, user_id=uuid.uuid4(), role="author")
    with client_for(empty_database, settings) as client:
        response = client.get("/scenarios", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert "run `quizflow db upgrade`" in response.json()["detail"]
