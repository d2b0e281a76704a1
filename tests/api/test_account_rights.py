"""Rights come from the account, not from the token: a change applies within the account TTL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, text, update
from sqlalchemy.orm import Session, sessionmaker

from quizflow.api.app import create_app
from quizflow.db import models as orm
from quizflow.settings import Settings
from tests.api.conftest import Caller

TTL_S = 5.0


class Clock:
    """A monotonic clock the test moves on, instead of sleeping through the TTL."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def client(
    settings: Settings, engine: Engine, sessions: sessionmaker[Session], clock: Clock
) -> Iterator[TestClient]:
    settings = settings.model_copy(update={"account_ttl_s": TTL_S})
    app = create_app(settings, engine=engine, sessions=sessions, clock=clock)
    with TestClient(app) as client:
        yield client


def set_role(sessions: sessionmaker[Session], caller: Caller, role: str) -> None:
    with sessions.begin() as session:
        session.execute(
            update(orm.User)
            .where(orm.User.id == caller.principal.user_id)
            .values(role=orm.UserRole(role))
        )


def new_scenario(client: TestClient, caller: Caller) -> int:
    return client.post("/scenarios", json={"title": "Mine"}, headers=caller.headers).status_code


def test_a_demoted_author_loses_author_rights_within_the_ttl(
    client: TestClient, sessions: sessionmaker[Session], people: dict[str, Caller], clock: Clock
) -> None:
    author = people["other_author"]
    assert new_scenario(client, author) == 201

    set_role(sessions, author, "learner")  # the token still says author, for 12 hours
    clock.advance(TTL_S + 0.1)

    response = client.post("/scenarios", json={"title": "Mine"}, headers=author.headers)
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "only authors and admins can create scenarios"


def test_a_promoted_learner_gains_author_rights_within_the_ttl(
    client: TestClient, sessions: sessionmaker[Session], people: dict[str, Caller], clock: Clock
) -> None:
    learner = people["other_learner"]
    assert new_scenario(client, learner) == 403

    set_role(sessions, learner, "author")
    clock.advance(TTL_S + 0.1)

    assert new_scenario(client, learner) == 201


def test_a_deleted_account_gets_401_on_every_endpoint(
    client: TestClient,
    sessions: sessionmaker[Session],
    people: dict[str, Caller],
    scenario: uuid.UUID,
    clock: Clock,
) -> None:
    learner = people["learner"]
    started = client.post("/attempts", json={"scenario_id": str(scenario)}, headers=learner.headers)
    attempt, question = started.json()["id"], started.json()["current_question"]["id"]
    with sessions.begin() as session:
        session.execute(text("DELETE FROM users WHERE id = :id"), {"id": learner.principal.user_id})
    clock.advance(TTL_S + 0.1)

    for method, path, body in [
        ("GET", "/me", None),
        ("GET", "/catalog", None),
        ("POST", f"/attempts/{attempt}/answers", {"question_id": question, "choices": ["A"]}),
        ("POST", "/attempts", {"scenario_id": str(scenario)}),
    ]:
        response = client.request(method, path, json=body, headers=learner.headers)
        assert response.status_code == 401, (path, response.text)
        assert "no longer exists" in response.json()["detail"]


def test_answers_read_no_account_once_it_is_remembered(
    client: TestClient, engine: Engine, people: dict[str, Caller], scenario: uuid.UUID
) -> None:
    learner = people["learner"]
    started = client.post("/attempts", json={"scenario_id": str(scenario)}, headers=learner.headers)
    attempt, question = started.json()["id"], started.json()["current_question"]["id"]
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", record)
    try:
        for _ in range(10):  # q1 wrong -> q2, then q2 wrong loops back to q2
            answered = client.post(
                f"/attempts/{attempt}/answers",
                json={"question_id": question, "choices": ["B"]},
                headers=learner.headers,
            )
            assert answered.status_code == 201, answered.text
            question = answered.json()["next_question"]["id"]
    finally:
        event.remove(engine, "before_cursor_execute", record)

    assert statements  # the answers themselves were recorded
    assert not [s for s in statements if "FROM users" in s]
