"""The OpenAPI document, completed with the answers every route can give.

Routes declare the problems that are theirs (403, 409, 415…). Some answers come from the
framework or the middleware around every route, and the document says so here, once: a body
that cannot be parsed (400), a missing or bad token (401), an unknown id (404), a body over the
size limit (413), a request that fails validation (422).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from quizflow.api.routes import problem_response
from quizflow.api.schemas.common import Problem

_BODY_METHODS = {"post", "put", "patch"}


def _statuses(method: str, operation: dict[str, Any]) -> list[int]:
    """The problems any operation shaped like this one can answer with."""
    statuses = []
    if operation.get("security"):
        statuses.append(401)
    parameters = operation.get("parameters", [])
    if any(p.get("in") == "path" for p in parameters):
        statuses.append(404)
    if method in _BODY_METHODS and "requestBody" in operation:
        statuses += [400, 413]
    if parameters or "requestBody" in operation:
        statuses.append(422)
    return statuses


def complete_openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document plus the problems every route shares; built once, then cached."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    document = get_openapi(
        title=app.title,
        version=app.version,
        summary=app.summary,
        description=app.description,
        routes=app.routes,
    )
    document.setdefault("components", {}).setdefault("schemas", {}).setdefault(
        "Problem", Problem.model_json_schema()
    )
    for path_item in document.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            for status in _statuses(method, operation):
                responses.setdefault(str(status), problem_response(status))
    app.openapi_schema = document
    return document


def install_openapi(app: FastAPI) -> None:
    """Serve the completed document at /openapi.json."""
    app.openapi = lambda: complete_openapi(app)  # type: ignore[method-assign]
