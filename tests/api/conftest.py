"""An API client on real PostgreSQL, with tokens for each kind of caller."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from quizflow.api.app import create_app
from quizflow.auth import Principal, issue_local_token
from quizflow.services.definitions import create_from_definition
from quizflow.settings import Settings
from tests.factories import make_principal
from tests.scenarios import BRANCHING


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        jwt_secret="test-secret-" + "x" * 40,  # type: ignore[arg-type]
        config_dir=tmp_path / "config",
        data_dir=tmp_path / "data",
        max_request_bytes=64 * 1024,
        max_upload_bytes=1024 * 1024,
    )


@pytest.fixture
def client(
    settings: Settings, engine: Engine, sessions: sessionmaker[Session]
) -> Iterator[TestClient]:
    with TestClient(create_app(settings, engine=engine, sessions=sessions)) as client:
        yield client


@dataclass(frozen=True)
class Caller:
    principal: Principal
    headers: dict[str, str]


@pytest.fixture
def people(sessions: sessionmaker[Session], settings: Settings) -> dict[str, Caller]:
    """An author (who owns `scenario`), another author, a learner, another learner, an admin."""
    callers = {}
    with sessions.begin() as session:
        for name, role in [
            ("owner", "author"),
            ("other_author", "author"),
            ("learner", "learner"),
            ("other_learner", "learner"),
            ("admin", "admin"),
        ]:
            principal = make_principal(session, role)
            token = issue_local_token(settings, user_id=principal.user_id, role=principal.role)
            callers[name] = Caller(principal, {"Authorization": f"Bearer {token}"})
    return callers


@pytest.fixture
def scenario(sessions: sessionmaker[Session], people: dict[str, Caller]) -> uuid.UUID:
    """BRANCHING, published by `owner`."""
    return create_from_definition(
        sessions=sessions, actor=people["owner"].principal, definition=BRANCHING
    )


FORBIDDEN_BEFORE_ANSWERING = {
    "is_correct",
    "feedback",
    "explanation",
    "condition",
    "correct_labels",
    "links",
}


def keys_in(value: object) -> set[str]:
    """Every key of every object in a JSON value."""
    if isinstance(value, dict):
        found = set(value)
        for item in value.values():
            found |= keys_in(item)
        return found
    if isinstance(value, list):
        found = set()
        for item in value:
            found |= keys_in(item)
        return found
    return set()
