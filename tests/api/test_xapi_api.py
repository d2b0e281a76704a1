"""Over HTTP, with an LRS configured: starting, answering and abandoning queue their statements,
and nothing of xAPI reaches the learner."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from quizflow.api.app import create_app
from quizflow.db import models as orm
from quizflow.services.xapi_statements import ABANDONED, ANSWERED, ATTEMPTED, statement_id
from quizflow.settings import Settings
from tests.api.conftest import FORBIDDEN_BEFORE_ANSWERING, Caller, keys_in


@pytest.fixture
def lrs_client(
    settings: Settings, engine: Engine, sessions: sessionmaker[Session]
) -> Iterator[TestClient]:
    # An endpoint nobody listens on: the API only queues, so it is never contacted.
    configured = settings.model_copy(
        update={"xapi_endpoint": "http://127.0.0.1:9/xAPI", "public_url": "https://qf.example"}
    )
    with TestClient(create_app(configured, engine=engine, sessions=sessions)) as client:
        yield client


def test_each_play_request_queues_its_statement_and_the_learner_sees_none_of_it(
    lrs_client: TestClient,
    people: dict[str, Caller],
    scenario: uuid.UUID,
    sessions: sessionmaker[Session],
) -> None:
    learner = people["learner"]
    attempt = lrs_client.post(
        "/attempts", json={"scenario_id": str(scenario)}, headers=learner.headers
    ).json()
    assert not keys_in(attempt) & FORBIDDEN_BEFORE_ANSWERING
    answered = lrs_client.post(
        f"/attempts/{attempt['id']}/answers",
        json={"question_id": attempt["current_question"]["id"], "choices": ["B"]},
        headers=learner.headers,
    )
    assert answered.status_code == 201, answered.text
    assert not {"link_id", "link_condition", "statement"} & keys_in(answered.json())
    abandoned = lrs_client.post(f"/attempts/{attempt['id']}/abandon", headers=learner.headers)
    assert abandoned.status_code == 200

    attempt_id = uuid.UUID(attempt["id"])
    answer_id = uuid.UUID(answered.json()["answer_id"])
    with sessions() as session:
        queued = {row.id: row.statement for row in session.scalars(select(orm.XapiOutbox))}
    assert set(queued) == {
        statement_id(attempt_id, ATTEMPTED),
        statement_id(answer_id, ANSWERED),
        statement_id(attempt_id, ABANDONED),
    }
    statement = queued[statement_id(answer_id, ANSWERED)]
    assert statement["object"]["id"].startswith("https://qf.example/xapi/questions/")  # type: ignore[index]
    assert statement["result"]["success"] is False  # type: ignore[index]
