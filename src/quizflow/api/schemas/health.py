"""Response bodies of /health."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class MigrationsRead(BaseModel):
    up_to_date: bool
    applied: int
    pending: list[str]
    failed: list[str]
    modified: list[str]


class HealthRead(BaseModel):
    status: Literal["ok", "unavailable"]
    database_reachable: bool
    server_version: str | None
    migrations: MigrationsRead | None
    problem: str | None
