"""Every error reaches the client as one RFC 9457 shape, built in one place."""

from __future__ import annotations

import json
from http import HTTPStatus

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import DataError, OperationalError

from quizflow.api.problems import PROBLEM_JSON, error_response, install_problem_handlers
from quizflow.errors import (
    ConditionSyntaxError,
    DocumentTooLargeError,
    InvalidFlowError,
    NotCurrentQuestionError,
    PayloadTooLargeError,
    QuizflowError,
)
from quizflow.flow.validation import FlowIssue
from tests.api.conftest import Caller

BASE = {"type", "title", "status", "detail", "code"}


def _body(exc: QuizflowError) -> dict[str, object]:
    return dict(json.loads(error_response(exc).body))


@pytest.mark.parametrize(
    ("error", "extra"),
    [
        (
            ConditionSyntaxError("bad", condition="answer ==", column=10, expected=["a label"]),
            {"column": 10, "expected": ["a label"]},
        ),
        (NotCurrentQuestionError("stale", current_question_id="q2"), {"current_question_id": "q2"}),
        (
            InvalidFlowError("broken", issues=(FlowIssue("error", "no_start", "No start"),)),
            {
                "issues": [
                    {
                        "severity": "error",
                        "code": "no_start",
                        "message": "No start",
                        "question_id": None,
                        "link_id": None,
                    }
                ]
            },
        ),
        (PayloadTooLargeError("too big"), {}),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, QuizflowError) else "",
)
def test_a_problem_carries_exactly_the_fields_its_error_declares(
    error: QuizflowError, extra: dict[str, object]
) -> None:
    body = _body(error)

    assert set(body) == BASE | set(type(error).fields)
    assert {k: body[k] for k in extra} == extra
    assert body["code"] == error.code and body["status"] == error.status


def _app_raising(exc: Exception) -> TestClient:
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/boom")
    def boom() -> None:
        raise exc

    return TestClient(app, raise_server_exceptions=False)


class InvalidTextRepresentation(DataError):
    """What a driver-specific subclass looks like: its name is not DataError's."""


class AdminShutdown(OperationalError):
    pass


def test_database_errors_are_told_apart_by_class_not_by_name() -> None:
    refused = _app_raising(InvalidTextRepresentation("SELECT", {}, Exception("bad text")))
    down = _app_raising(AdminShutdown("SELECT", {}, Exception("terminating connection")))

    value = refused.get("/boom")
    outage = down.get("/boom")

    assert value.status_code == 422 and value.json()["code"] == "invalid_input"
    assert outage.status_code == 503 and outage.json()["code"] == "database_unavailable"
    assert outage.headers["retry-after"] == "1"


def test_a_body_over_the_limit_gets_the_same_problem_as_any_other_error(
    client: TestClient, people: dict[str, Caller]
) -> None:
    headers = people["owner"].headers
    response = client.post("/scenarios", json={"title": "x" * 100_000}, headers=headers)
    upload = client.post(
        "/documents", files={"file": ("big.txt", b"a" * (2 * 1024 * 1024))}, headers=headers
    )

    assert response.status_code == upload.status_code == 413
    assert response.headers["content-type"] == upload.headers["content-type"] == PROBLEM_JSON
    assert set(response.json()) == set(upload.json()) == BASE
    assert response.json()["title"] == HTTPStatus(413).phrase
    assert response.json()["code"] == upload.json()["code"] == DocumentTooLargeError.code


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("OPTIONS", "/attempts", "GET, POST"),
        ("DELETE", "/scenarios", "GET, POST"),
        ("PUT", "/scenarios/00000000-0000-4000-8000-000000000000", "DELETE, GET, PATCH"),
        ("GET", "/documents/google", "POST"),
    ],
)
def test_a_method_not_allowed_names_every_method_the_resource_has(
    client: TestClient, people: dict[str, Caller], method: str, path: str, allow: str
) -> None:
    response = client.request(method, path, headers=people["owner"].headers)

    assert response.status_code == 405
    assert response.headers["allow"] == allow
    assert response.headers["content-type"] == PROBLEM_JSON
