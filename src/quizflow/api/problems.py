"""RFC 9457 problem details: the one place errors become HTTP responses."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from quizflow.db.failures import known_database_failure
from quizflow.errors import QuizflowError, TooManyAttemptsError

PROBLEM_JSON = "application/problem+json"
_log = logging.getLogger(__name__)


def problem(
    status: int, detail: str, *, code: str, headers: Mapping[str, str] | None = None, **extra: Any
) -> JSONResponse:
    """A problem+json response; ``type`` names our stable error code."""
    body: dict[str, Any] = {
        "type": f"https://quizflow.dev/problems/{code}",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "code": code,
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def error_response(exc: QuizflowError) -> JSONResponse:
    """The problem+json answer to one of our errors, with the fields its class declares."""
    headers: dict[str, str] | None = None
    if exc.status == 503:
        headers = {"Retry-After": "1"}
    elif isinstance(exc, TooManyAttemptsError):
        headers = {"Retry-After": str(exc.retry_after_s)}
    elif exc.status == 401:
        headers = {"WWW-Authenticate": 'Bearer realm="quizflow"'}
    return problem(exc.status, exc.message, code=exc.code, headers=headers, **exc.details())


async def _quizflow_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, QuizflowError)
    return error_response(exc)


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    # A lost connection or a server restart: nothing was committed, so the client may retry
    # (with the same Idempotency-Key for answers). Anything else is a bug, logged as such.
    assert isinstance(exc, DBAPIError)
    if isinstance(exc, DataError):
        # Text the database refuses (e.g. a NUL character from a path or query parameter).
        return problem(422, f"the database refused a value: {exc.orig}", code="invalid_input")
    known = known_database_failure(exc)
    if known is not None:
        _log.warning("%s on %s %s: %s", known.code, request.method, request.url.path, exc)
        return error_response(known)
    return await _unexpected_error(request, exc)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": [str(part) for part in err.get("loc", ())], "msg": str(err.get("msg", ""))}
        for err in exc.errors()
    ]
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    where = ".".join(first["loc"][1:] if len(first["loc"]) > 1 else first["loc"])
    detail = f"{where}: {first['msg']}" if where else str(first["msg"])
    return problem(422, detail, code="validation_error", errors=errors)


def _allowed_methods(request: Request) -> str | None:
    """Every method the OpenAPI document lists at this path (Starlette names one route's).

    A literal path (/documents/google) is its own resource, not an id of the templated one
    beside it (/documents/{document_id}); routes outside the document keep Starlette's answer.
    """
    path = request.url.path
    matching: list[tuple[int, set[str]]] = []
    for template, item in request.app.openapi().get("paths", {}).items():
        pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path):
            matching.append((template.count("{"), {m.upper() for m in item}))
    if not matching:
        return None
    fewest = min(params for params, _ in matching)
    methods = set().union(*(m for params, m in matching if params == fewest))
    return ", ".join(sorted(methods))


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_")
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = _allowed_methods(request) or headers.get("Allow", "")
    return problem(exc.status_code, str(exc.detail), code=code, headers=headers)


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    _log.exception("unhandled error on %s %s", request.method, request.url.path)
    return problem(500, "An unexpected error occurred; it has been logged.", code="internal")


def install_problem_handlers(app: FastAPI) -> None:
    """Route every error through problem+json."""
    app.add_exception_handler(QuizflowError, _quizflow_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(Exception, _unexpected_error)
