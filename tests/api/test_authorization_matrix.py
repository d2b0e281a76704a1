"""Every endpoint × every kind of caller: who may do what, and nobody sees what they may not.

`owner` authored the (published) scenario and uploaded the document, `learner` owns the
attempt. Each case runs on fresh data inside its own rolled-back transaction. The endpoints
come from the app's OpenAPI document: one added without a row here fails the test.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from quizflow.api.app import create_app
from quizflow.services import attempts, classes, grants, scenarios
from quizflow.settings import Settings
from tests.api.conftest import Caller
from tests.factories import make_principal

CALLERS = ("anonymous", "owner", "other_author", "learner", "other_learner", "admin")


def expect(rest: int, **by_caller: int) -> dict[str, int]:
    table = {caller: rest for caller in CALLERS}
    table["anonymous"] = 401
    table.update(by_caller)
    return table


AUTHORING_ONLY = dict(other_author=403, learner=403, other_learner=403)
ADMIN_ONLY = dict(owner=403, other_author=403, learner=403, other_learner=403)
# Someone else's document is not found by another author; learners may not use documents.
OWNER_ONLY = dict(other_author=404, learner=403, other_learner=403)
# Someone else's class is not found by another author (classes are private).
CLASS_ONLY = dict(other_author=404, learner=403, other_learner=403)
# Results and analytics: the owner, results co-authors and admins; another author does not
# learn that anyone played it.
RESULTS_ONLY = dict(other_author=404, learner=403, other_learner=403)
UPLOAD = object()  # a multipart upload of a small quiz, instead of a JSON body
QUIZ = (Path(__file__).resolve().parents[1] / "fixtures" / "documents" / "quiz.txt").read_bytes()
Q_BODY = {
    "prompt_html": "<p>New?</p>",
    "choices": [{"body": "y", "is_correct": True}, {"body": "n"}],
}

SIGN_IN = {"email": "nobody@example.com", "password": "not-the-password"}
REDEEM = {"token": "not-a-token-anyone-was-given", "password": "a-long-new-password"}
INVITE = {"email": "newcomer@example.com", "role": "learner"}

MATRIX: list[tuple[str, str, Any, dict[str, int]]] = [
    ("GET", "/me", None, expect(200)),
    ("GET", "/me/data", None, expect(200)),
    ("GET", "/me/attempts.pdf", None, expect(200)),
    ("DELETE", "/users/{member}", None, expect(403, admin=204)),
    ("GET", "/catalog", None, expect(200)),
    ("POST", "/scenarios", {"title": "Mine"}, expect(201, learner=403, other_learner=403)),
    ("GET", "/scenarios", None, expect(200, learner=403, other_learner=403)),
    ("GET", "/scenarios/{sid}", None, expect(200, **AUTHORING_ONLY)),
    ("PATCH", "/scenarios/{sid}", {"title": "Renamed"}, expect(200, **AUTHORING_ONLY)),
    ("DELETE", "/scenarios/{sid}", None, expect(409, **AUTHORING_ONLY)),
    ("POST", "/scenarios/{sid}/duplicate", None, expect(201, **AUTHORING_ONLY)),
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
    ("POST", "/scenarios/{sid}/preview", {"answers": []}, expect(200, **AUTHORING_ONLY)),
    (
        "POST",
        "/conditions/parse",
        {"condition": "score >= 2"},
        expect(200, learner=403, other_learner=403),
    ),
    ("POST", "/scenarios/{sid}/publish", None, expect(201, **AUTHORING_ONLY)),
    ("POST", "/scenarios/{sid}/unpublish", None, expect(200, **AUTHORING_ONLY)),
    ("GET", "/scenarios/{sid}/versions", None, expect(200, **AUTHORING_ONLY)),
    ("GET", "/scenarios/{sid}/versions/{n}/analytics/items", None, expect(200, **RESULTS_ONLY)),
    ("GET", "/scenarios/{sid}/versions/{n}/analytics/paths", None, expect(200, **RESULTS_ONLY)),
    ("GET", "/scenarios/{sid}/versions/{n}/analytics/scores", None, expect(200, **RESULTS_ONLY)),
    ("GET", "/scenarios/{sid}/results/attempts", None, expect(200, **RESULTS_ONLY)),
    ("GET", "/scenarios/{sid}/results/attempts.csv", None, expect(200, **RESULTS_ONLY)),
    ("GET", "/scenarios/{sid}/results/answers.csv", None, expect(200, **RESULTS_ONLY)),
    ("GET", "/classes/{cid}/results/attempts", None, expect(200, **CLASS_ONLY)),
    ("GET", "/classes/{cid}/results/attempts.csv", None, expect(200, **CLASS_ONLY)),
    ("GET", "/classes/{cid}/results/answers.csv", None, expect(200, **CLASS_ONLY)),
    ("GET", "/results/attempts/{aid}", None, expect(404, learner=200, owner=200, admin=200)),
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
    # Images (learners' 403 with a real image is in tests/api/test_objects_api.py). A key that
    # no content shows is not found by anyone, admins included: nothing is stored under it.
    ("POST", "/objects", {}, expect(422)),
    ("GET", "/objects/{prefix}/{name}", None, expect(404)),
    # Classes: the owner's class is not found by another author; learners may not manage any.
    ("GET", "/catalog/by-class", None, expect(200)),
    ("POST", "/catalog/shared", {"token": "not-a-share-token"}, expect(404)),
    ("POST", "/classes", {"title": "Year 9"}, expect(201, learner=403, other_learner=403)),
    ("GET", "/classes", None, expect(200, learner=403, other_learner=403)),
    ("POST", "/classes/join", {"code": "{code}"}, expect(200)),
    ("GET", "/classes/{cid}", None, expect(200, **CLASS_ONLY)),
    ("PATCH", "/classes/{cid}", {"title": "Year 10"}, expect(200, **CLASS_ONLY)),
    ("DELETE", "/classes/{cid}", None, expect(204, **CLASS_ONLY)),
    ("POST", "/classes/{cid}/join-code", {}, expect(200, **CLASS_ONLY)),
    ("GET", "/classes/{cid}/members", None, expect(200, **CLASS_ONLY)),
    (
        "POST",
        "/classes/{cid}/members",
        {"emails": ["new-learner@example.com"]},
        expect(200, **CLASS_ONLY),
    ),
    ("DELETE", "/classes/{cid}/members/{member}", None, expect(204, **CLASS_ONLY)),
    ("GET", "/classes/{cid}/assignments", None, expect(200, **CLASS_ONLY)),
    ("PUT", "/classes/{cid}/assignments", {"scenario_id": "{sid}"}, expect(200, **CLASS_ONLY)),
    ("DELETE", "/classes/{cid}/assignments/{sid}", None, expect(204, **CLASS_ONLY)),
    (
        "PUT",
        "/classes/{cid}/grants",
        {"email": "{colleague}", "right": "results"},
        expect(200, **CLASS_ONLY),
    ),
    ("DELETE", "/classes/{cid}/grants/{colleague_id}", None, expect(204, **CLASS_ONLY)),
    ("GET", "/scenarios/{sid}/audience", None, expect(200, **AUTHORING_ONLY)),
    ("PUT", "/scenarios/{sid}/audience", {"audience": "link"}, expect(200, **AUTHORING_ONLY)),
    (
        "PUT",
        "/scenarios/{sid}/grants",
        {"email": "{colleague}", "right": "edit"},
        expect(200, **AUTHORING_ONLY),
    ),
    ("DELETE", "/scenarios/{sid}/grants/{colleague_id}", None, expect(204, **AUTHORING_ONLY)),
    ("POST", "/attempts", {"scenario_id": "{sid}"}, expect(201, learner=200)),
    ("GET", "/attempts", None, expect(200)),
    # The scenario's owner reads its learners' attempts (results rights), never writes them.
    ("GET", "/attempts/{aid}", None, expect(404, learner=200, owner=200, admin=200)),
    (
        "POST",
        "/attempts/{aid}/answers",
        {"question_id": "{current}", "choices": ["A"]},
        expect(404, learner=201, admin=403),
    ),
    ("GET", "/attempts/{aid}/answers", None, expect(404, learner=200, owner=200, admin=200)),
    ("POST", "/attempts/{aid}/abandon", None, expect(404, learner=200, admin=403)),
    ("GET", "/attempts/{aid}/report", None, expect(404, learner=200, owner=200, admin=200)),
    ("GET", "/health", None, expect(200, anonymous=200)),
    ("GET", "/health/details", None, expect(200, **ADMIN_ONLY)),
    ("POST", "/documents", UPLOAD, expect(201, learner=403, other_learner=403)),
    (
        "POST",
        "/documents/google",
        {"reference": "not a doc"},
        expect(422, learner=403, other_learner=403),
    ),
    ("GET", "/documents", None, expect(200, learner=403, other_learner=403)),
    (
        "GET",
        "/documents/{did}",
        None,
        expect(200, other_author=404, learner=404, other_learner=404),
    ),
    ("POST", "/documents/{did}/preview", None, expect(200, **OWNER_ONLY)),
    ("POST", "/documents/{did}/import", {}, expect(201, **OWNER_ONLY)),
    # The matrix's document is a text file: it has no tabs, which only its owner (or an
    # admin) is told.
    ("POST", "/documents/{did}/preview/tabs", None, expect(422, **OWNER_ONLY)),
    ("POST", "/documents/{did}/import/tabs", None, expect(422, **OWNER_ONLY)),
    ("GET", "/scenarios/{sid}/export?format=txt", None, expect(200, **AUTHORING_ONLY)),
    ("GET", "/bank/export?format=txt", None, expect(200, learner=403, other_learner=403)),
    # Signing in is for everyone, and opens nothing by itself: wrong credentials, sign-up
    # (off by default) and an unknown link are refused whoever asks; only admins invite.
    ("GET", "/auth/options", None, expect(200, anonymous=200)),
    ("POST", "/auth/sign-in", SIGN_IN, expect(401, anonymous=401)),
    ("POST", "/auth/sign-out", None, expect(204, anonymous=204)),
    ("POST", "/auth/sign-up", SIGN_IN, expect(403, anonymous=403)),
    ("POST", "/auth/redeem", REDEEM, expect(401, anonymous=401)),
    ("POST", "/auth/invitations", INVITE, expect(403, admin=201)),
    ("POST", "/auth/password-resets", {"email": "nobody@example.com"}, expect(202, anonymous=202)),
    # Organisation sign-in is off unless QUIZFLOW_OIDC_ISSUER is set (test_oidc_sign_in.py).
    ("GET", "/auth/oidc/start", None, expect(404, anonymous=404)),
    ("GET", "/auth/oidc/callback", None, expect(404, anonymous=404)),
]


def test_every_endpoint_of_the_api_has_a_row(settings: Settings) -> None:
    document = create_app(settings).openapi()
    endpoints = {
        (method.upper(), path) for path, item in document["paths"].items() for method in item
    }
    placeholders = {"{sid}": "{scenario_id}", "{qid}": "{question_id}", "{lid}": "{link_id}",
                    "{aid}": "{attempt_id}", "{did}": "{document_id}", "{cid}": "{class_id}",
                    "{member}": "{user_id}", "{colleague_id}": "{user_id}",
                    "{n}": "{version}"}  # fmt: skip
    rows = set()
    for method, path, _, _ in MATRIX:
        path = path.split("?")[0]
        for short, long in placeholders.items():
            path = path.replace(short, long)
        rows.add((method, path))

    assert endpoints - rows == set(), "endpoints without a row in MATRIX"
    assert rows - endpoints == set(), "rows for endpoints the API does not have"


def fill(template: Any, ids: dict[str, Any]) -> Any:
    text = json.dumps(template)
    for name, value in ids.items():
        text = text.replace(f'"{{{name}}}"', json.dumps(value)).replace(f"{{{name}}}", str(value))
    return json.loads(text)


@pytest.fixture
def ids(
    client: TestClient,
    settings: Settings,
    sessions: sessionmaker[Session],
    people: dict[str, Caller],
    scenario: uuid.UUID,
) -> dict[str, Any]:
    owner, learner = people["owner"].principal, people["learner"].principal
    document = client.post(
        "/documents",
        files={"file": ("quiz.txt", QUIZ, "text/plain")},
        headers=people["owner"].headers,
    )
    assert document.status_code == 201, document.text
    content = scenarios.get_scenario(sessions=sessions, actor=owner, scenario_id=scenario).content
    state, _ = attempts.start_attempt(sessions=sessions, actor=learner, scenario_id=scenario)
    assert state.current_question is not None
    klass = classes.create_class(sessions=sessions, settings=settings, actor=owner, title="9B")
    classes.add_learners(
        sessions=sessions,
        settings=settings,
        actor=owner,
        class_id=klass.id,
        emails=[str(people["other_learner"].principal.email)],
    )
    classes.assign(sessions=sessions, actor=owner, class_id=klass.id, scenario_id=scenario)
    with sessions.begin() as session:
        made = make_principal(session, "author")
    colleague = (made.user_id, str(made.email))
    grants.grant_class(
        sessions=sessions, actor=owner, class_id=klass.id, email=colleague[1], right="edit"
    )
    grants.grant_scenario(
        sessions=sessions, actor=owner, scenario_id=scenario, email=colleague[1], right="results"
    )
    return {
        "cid": str(klass.id),
        "code": str(klass.join_code),
        "member": str(people["other_learner"].principal.user_id),
        "colleague": colleague[1],
        "colleague_id": str(colleague[0]),
        "sid": str(scenario),
        "qid": str(content.questions[0].id),
        "qids": [str(q.id) for q in reversed(content.questions)],
        "lid": str(content.questions[0].links[0].id),
        "aid": str(state.id),
        "current": str(state.current_question.id),
        "did": document.json()["id"],
        "prefix": "ab",
        "n": 1,
        "name": "ab" + "0" * 62 + ".png",
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
    if body is UPLOAD:
        files = {"file": ("quiz.txt", QUIZ, "text/plain")}
        response = client.request(method, fill(path, ids), files=files, headers=headers)
    else:
        json_body = fill(body, ids) if body is not None else None
        response = client.request(method, fill(path, ids), json=json_body, headers=headers)

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
