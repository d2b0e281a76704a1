"""GET /health reports the database and the migration state, without authentication."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine

from quizflow.api.app import create_app
from quizflow.settings import Settings


def client_for(engine: Engine) -> TestClient:
    return TestClient(create_app(Settings(), engine=engine))


def test_health_is_ok_on_a_migrated_database(engine: Engine) -> None:
    with client_for(engine) as client:
        response = client.get("/health")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database_reachable"] is True
    assert body["migrations"]["up_to_date"] is True
    assert body["migrations"]["applied"] >= 1
    assert body["migrations"]["pending"] == []


def test_health_is_unavailable_while_migrations_are_pending(empty_database: Engine) -> None:
    with client_for(empty_database) as client:
        response = client.get("/health")

    assert response.status_code == 503
    body = response.json()
    assert body["database_reachable"] is True
    assert body["migrations"]["up_to_date"] is False
    assert body["migrations"]["pending"]


def test_health_is_unavailable_when_the_database_is_down() -> None:
    engine = create_engine("postgresql+psycopg://quiz:secret@127.0.0.1:9/quiz")
    with client_for(engine) as client:
        response = client.get("/health")

    assert response.status_code == 503
    body = response.json()
    assert body["database_reachable"] is False
    assert "127.0.0.1:9" in body["problem"]
    assert "secret" not in response.text
