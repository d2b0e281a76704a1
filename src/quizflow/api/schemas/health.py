"""Response bodies of /health (anyone) and /health/details (admins)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class HealthRead(BaseModel):
    """Up or down, and nothing an anonymous caller could use to fingerprint the server."""

    status: Literal["ok", "unavailable"]


class MigrationsRead(BaseModel):
    up_to_date: bool
    applied: int
    pending: list[str]
    failed: list[str]
    modified: list[str]


class HealthDetailsRead(HealthRead):
    database_reachable: bool
    server_version: str | None
    migrations: MigrationsRead | None
    problem: str | None
