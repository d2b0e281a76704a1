"""HTTP routes, one module per domain. Routes translate; services decide."""

from __future__ import annotations

from typing import Any

from fastapi import Response
from pydantic import BaseModel

PROBLEM_SCHEMA = {"$ref": "#/components/schemas/Problem"}

PROBLEM_DESCRIPTIONS = {
    400: "The body could not be parsed (not JSON, not UTF-8, broken multipart)",
    401: "No valid bearer token",
    403: "Signed in, but not allowed to do this",
    404: "Not found (or not visible to you)",
    409: "Conflicts with the current state",
    412: (
        "If-Match names an older version: someone else changed it since; `current` holds it as "
        "it is now (resend with `current.etag` to keep yours)"
    ),
    413: "Request body too large",
    415: "A kind of file that cannot be imported (or, for images, is not PNG/JPEG/GIF/WebP)",
    422: (
        "The request is invalid; `detail` says what to fix. Besides what this schema states, "
        "a 422 enforces rules no schema can: a question or link that is not in this scenario, "
        "a condition that does not parse, a flow with errors, HTML with no text left once "
        "sanitised, a document with no questions in it"
    ),
    429: "Too many failed attempts; retry after `Retry-After` seconds",
    501: "SVG needs Graphviz, which this server does not have",
    503: "A service behind the API is unavailable; retry later",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the problem+json errors a route can answer with."""
    return {status: problem_response(status) for status in (401, 422, *statuses)}


def problem_response(status: int) -> dict[str, Any]:
    """The OpenAPI response of a problem+json error (the schema is added by api/openapi.py)."""
    return {
        "description": PROBLEM_DESCRIPTIONS[status],
        "content": {"application/problem+json": {"schema": PROBLEM_SCHEMA}},
    }


def json_body(model: BaseModel, status_code: int) -> Response:
    """`model` as the response, serialised once.

    For the hot routes: returned as is, FastAPI dumps a model to a dict, validates that dict
    against the route's response_model and serialises the result — three passes where one
    will do. The route still declares its response_model, so the OpenAPI schema is the same.
    """
    return Response(model.model_dump_json(), status_code, media_type="application/json")


def problem_with(
    status: int,
    description: str,
    *,
    required: tuple[str, ...] | None = None,
    **fields: dict[str, Any],
) -> dict[str, Any]:
    """The OpenAPI response of a problem+json error that carries fields of its own (all of
    them always, unless `required` names fewer)."""
    return {
        "description": description,
        "content": {
            "application/problem+json": {
                "schema": {
                    "allOf": [
                        PROBLEM_SCHEMA,
                        {
                            "type": "object",
                            "properties": fields,
                            "required": sorted(fields if required is None else required),
                        },
                    ]
                }
            }
        },
    }


def stale_write(schema_name: str) -> dict[int | str, dict[str, Any]]:
    """The 412 of a write refused by If-Match: `current` is the resource as it is now."""
    return {
        412: problem_with(
            412,
            PROBLEM_DESCRIPTIONS[412],
            current={"$ref": f"#/components/schemas/{schema_name}"},
        )
    }
