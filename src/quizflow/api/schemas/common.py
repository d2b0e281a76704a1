"""Shared pieces of the API's bodies."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    GetJsonSchemaHandler,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

# What the schema says about text, because the server enforces it. PostgreSQL text cannot hold
# U+0000, so no string may contain one; and a title or a prompt needs at least one letter or
# digit (the services strip control characters and HTML, and refuse what is left empty).
NO_NUL = r"^[^\x00]*$"
_LETTERS = (
    r"0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0400-\u04ff\u05d0-\u05ea"
    r"\u0620-\u064a\u0905-\u0939\u3041-\u3096\u30a1-\u30fa\u4e00-\u9fff\uac00-\ud7a3"
)
HAS_LETTER = rf"^[^\x00]*[{_LETTERS}][^\x00]*$"

# RFC 3339's date-time, which is what `format: date-time` promises. Pydantic alone would also
# take "1700000000" or a bare date in a query string; the schema says neither is a date-time.
_RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})"
)


def _rfc3339(value: Any) -> Any:
    if isinstance(value, str) and not _RFC3339.fullmatch(value):
        raise ValueError("must be an RFC 3339 date-time with an offset, e.g. 2026-09-01T08:00:00Z")
    return value


Timestamp = Annotated[AwareDatetime, BeforeValidator(_rfc3339)]


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


def _document_no_nul(schema: dict[str, Any]) -> None:
    """Give every string in a request body's schema the NUL-free pattern it is held to."""
    if schema.get("type") == "string":
        schema.setdefault("pattern", NO_NUL)
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for part in schema.get(key, []):
            _document_no_nul(part)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            _document_no_nul(schema[key])
    for part in schema.get("properties", {}).values():
        _document_no_nul(part)


class ReadModel(BaseModel):
    """A response body built from a service's dataclass."""

    model_config = ConfigDict(from_attributes=True)


class WriteModel(BaseModel):
    """A request body: unknown fields are refused, so typos do not pass silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler.resolve_ref_schema(handler(core_schema))
        _document_no_nul(schema)
        return schema

    @model_validator(mode="before")
    @classmethod
    def _no_nul_characters(cls, data: Any) -> Any:
        # PostgreSQL text cannot hold U+0000; refuse it here with a clear 422.
        if _has_nul(data):
            raise ValueError("text cannot contain NUL (U+0000) characters")
        return data


class Problem(BaseModel):
    """RFC 9457 problem details (application/problem+json)."""

    type: str
    title: str
    status: int
    detail: str
    code: str
