"""Shared pieces of the API's bodies."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ReadModel(BaseModel):
    """A response body built from a service's dataclass."""

    model_config = ConfigDict(from_attributes=True)


class WriteModel(BaseModel):
    """A request body: unknown fields are refused, so typos do not pass silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class Problem(BaseModel):
    """RFC 9457 problem details (application/problem+json)."""

    type: str
    title: str
    status: int
    detail: str
    code: str
