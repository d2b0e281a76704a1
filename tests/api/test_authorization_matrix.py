"""Every endpoint × every kind of caller: who may do what, and nobody sees what they may not.

`owner` authored the (published) scenario, `learner` owns the attempt. Each case runs on fresh
data inside its own rolled-back transaction.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from quizflow.services import attempts, scenarios
from tests.api.conftest import Caller

CALLERS = ("anonymous", "owner", "other_author", "learner", "other_learner", "admin")


def expect(rest: int, **by_caller: int) -> dict[str, int]:
    table = {caller: rest for caller in CALLERS}
    table["anonymous"] = 401
    table.update(by_caller)
    return table


AUTHORING_ONLY = dict(other_author=403, learner=403, other_learner=403)
Q_BODY = {
    "prompt_html": "<p>New?</p>",
    "choices": [{"body": "y", "is_correct": True}, {"body": "n"}],
}

MATRIX: list[tuple[str, str, Any, dict[str, int]]] = [
    ("GET", "/me", None, expect(200)),
    ("GET", "/catalog", None, expect(200)),
    ("POST", "/scenarios", {"title": "Mine"}, expect(201, learner=403, other_learner=403)),
    ("GET", "/scenarios", None, expect(200, learner=403, other_learner=403)),
    ("GET", "/scenarios/{sid}", None, expect(200, **AUTHORING_ONLY)),
    ("PATCH", "/scenarios/{sid}", {"title": "Renamed"}, expect(200, **AUTHORING_ONLY)),
    ("DELETE", "/scenarios/{sid}", None, expect(409, **AUTHORING_ONLY)),
    ("POST", "/scenarios/{sid}/questions", Q_BODY, expect(201, **AUTHORING_ONLY)),
    ("PUT", "/scenarios/{sid}/questions/{qid}", Q_BODY, expect(200, **AUTHORING_ONLY)),
    ("DELETE", "/scenarios/{sid}/questions/{qid}", None, expect(204, **AUTHORING_ONLY)),
    (
        "PUT",
        "/scenarios/{sid}/question-order",
        {"question_ids": "{qids}"},
        expect(200, **AUTHORING_ONLY),
    ),
    (
        "POST",
        "/scenarios/{sid}/links",
        {"from_question_id": "{qid}", "to_question_id": None, "condition": "answer == B"},
        expect(201, **AUTHORING_ONLY),
    ),
    ("PATCH", "/scenarios/{sid}/links/{lid}", {"priority": 5}, expect(200, **AUTHORING_ONLY)),
    ("DELETE", "/scenarios/{sid}/links/{lid}", None, expect(204, **AUTHORING_ONLY)),
    ("GET", "/scenarios/{sid}/validation", None, expect(200, **AUTHORING_ONLY)),
    ("POST", "/scenarios/{sid}/publish", None, expect(201, **AUTHORING_ONLY)),
    ("POST", "/scenarios/{sid}/unpublish", None, expect(200, **AUTHORING_ONLY)),
    ("GET", "/scenarios/{sid}/versions", None, expect(200, **AUTHORING_ONLY)),
    ("GET", "/scenarios/{sid}/diagram?format=dot", None, expect(200, **AUTHORING_ONLY)),
    ("GET", "/scenarios/{sid}/export?format=qti3", None, expect(200, **AUTHORING_ONLY)),
    ("GET", "/scenarios/{sid}/export?format=gift", None, expect(200, **AUTHORING_ONLY)),
    (
        "GET",
        "/banks/scenarios/{sid}/export-report?format=moodle-xml",
        None,
        expect(200, **AUTHORING_ONLY),
    ),
    ("GET", "/bank/export?format=aiken", None, expect(200, learner=403, other_learner=403)),
    # Uploads are multipart: a JSON body is invalid for everyone signed in (learners' 403 with a
    # real file is in tests/api/test_banks_api.py).
    ("POST", "/banks/preview", {}, expect(422)),
    ("POST", "/banks/import", {}, expect(422)),
    ("POST", "/attempts", {"scenario_id": "{sid}"}, expect(201, learner=200)),
    ("GET", "/attempts", None, expect(200)),
    ("GET", "/attempts/{aid}", None, expect(404, learner=200, admin=200)),
    (
        "POST",
        "/attempts/{aid}/answers",
        {"question_id": "{current}", "choices": ["A"]},
        expect(404, learner=201, admin=403),
    ),
    ("GET", "/attempts/{aid}/answers", None, expect(404, learner=200, admin=200)),
    ("POST", "/attempts/{aid}/abandon", None, expect(404, learner=200, admin=403)),
]


def fill(template: Any, ids: dict[str, Any]) -> Any:
    text = json.dumps(template)
    for name, value in ids.items():
        text = text.replace(f'"{{{name}}}"', json.dumps(value)).replace(f"{{{name}}}", str(value))
    return json.loads(text)


@pytest.fixture
def ids(
    sessions: sessionmaker[Session], people: dict[str, Caller], scenario: uuid.UUID
) -> dict[str, Any]:
    owner, learner = people["owner"].principal, people["learner"].principal
    content = scenarios.get_scenario(sessions=sessions, actor=owner, scenario_id=scenario).content
    state, _ = attempts.start_attempt(sessions=sessions, actor=learner, scenario_id=scenario)
    assert state.current_question is not None
    return {
        "sid": str(scenario),
        "qid": str(content.questions[0].id),
        "qids": [str(q.id) for q in reversed(content.questions)],
        "lid": str(content.questions[0].links[0].id),
        "aid": str(state.id),
        "current": str(state.current_question.id),
    }


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(
    ("method", "path", "body", "expected"),
    MATRIX,
    ids=[f"{m} {p}" for m, p, _, _ in MATRIX],
)
def test_each_caller_gets_exactly_what_they_may(
    client: TestClient,
    people: dict[str, Caller],
    ids: dict[str, Any],
    caller: str,
    method: str,
    path: str,
    body: Any,
    expected: dict[str, int],
) -> None:
    headers = people[caller].headers if caller != "anonymous" else {}
    response = client.request(
        method, fill(path, ids), json=fill(body, ids) if body is not None else None, headers=headers
    )

    assert response.status_code == expected[caller], response.text
    if response.status_code >= 400:
        assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("caller", ["other_author", "learner"])
def test_someone_elses_draft_is_invisible(
    client: TestClient, people: dict[str, Caller], caller: str
) -> None:
    draft = client.post(
        "/scenarios", json={"title": "Secret draft"}, headers=people["owner"].headers
    )
    sid = draft.json()["id"]

    read = client.get(f"/scenarios/{sid}", headers=people[caller].headers)
    play = client.post("/attempts", json={"scenario_id": sid}, headers=people[caller].headers)
    catalog = client.get("/catalog", headers=people[caller].headers).json()

    assert read.status_code == (404 if caller == "other_author" else 403)
    assert play.status_code == 404
    assert sid not in [entry["id"] for entry in catalog]
