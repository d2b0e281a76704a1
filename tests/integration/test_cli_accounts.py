"""`quizflow users invite/reset-link/set-password` and the demo passwords, as a person runs
them, then used in the browser's sign-in endpoints."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from quizflow.api.app import create_app
from quizflow.cli.demo import DEMO_PASSWORDS
from quizflow.db.engine import make_session_factory
from quizflow.settings import Settings
from tests.conftest import DatabaseFactory
from tests.integration.test_cli_authoring import JWT_SECRET, one_error_line, plain, quizflow


@pytest.fixture
def db_url(databases: DatabaseFactory) -> str:
    return plain(databases.create(migrated=True))


@pytest.fixture
def browser(db_url: str) -> Iterator[TestClient]:
    engine = create_engine(db_url)
    settings = Settings(jwt_secret=JWT_SECRET)  # type: ignore[arg-type]
    app = create_app(settings, engine=engine, sessions=make_session_factory(engine))
    with TestClient(app) as client:
        yield client
    engine.dispose()


def sign_in(client: TestClient, email: str, password: str) -> int:
    response = client.post("/auth/sign-in", json={"email": email, "password": password})
    return response.status_code


def test_the_demo_accounts_sign_in_with_the_passwords_make_run_prints(
    db_url: str, browser: TestClient
) -> None:
    result = quizflow("demo", "accounts", database_url=db_url)
    assert result.returncode == 0, result.stderr
    for role, email in (("author", "author@example.com"), ("learner", "learner@example.com")):
        assert f"password: {DEMO_PASSWORDS[role]}" in result.stdout
        assert sign_in(browser, email, DEMO_PASSWORDS[role]) == 200
    assert "/app/" in result.stdout


def test_an_invitation_link_from_the_cli_creates_the_account(
    db_url: str, browser: TestClient
) -> None:
    result = quizflow("users", "invite", "ana@example.com", "--role", "author", database_url=db_url)
    assert result.returncode == 0, result.stderr
    url = result.stdout.strip()
    assert url.startswith("http://127.0.0.1:8000/app/welcome#token=")
    token = url.split("#token=")[1]
    redeemed = browser.post("/auth/redeem", json={"token": token, "password": "ana's passphrase"})
    assert redeemed.status_code == 200
    assert redeemed.json()["user"]["role"] == "author"
    again = quizflow("users", "invite", "ana@example.com", database_url=db_url)
    assert "already has an account" in one_error_line(again)


def test_set_password_reads_stdin_and_a_reset_link_replaces_it(
    db_url: str, browser: TestClient
) -> None:
    assert quizflow("users", "create", "bo@example.com", "--role", "learner", database_url=db_url)
    first = "bo's first passphrase"
    result = quizflow(
        "users", "set-password", "bo@example.com", database_url=db_url, stdin=f"{first}\n{first}\n"
    )
    assert result.returncode == 0, result.stderr
    assert sign_in(browser, "bo@example.com", first) == 200

    link = quizflow("users", "reset-link", "bo@example.com", database_url=db_url).stdout.strip()
    token = link.split("/app/reset#token=")[1]
    second = "bo's second passphrase"
    assert (
        browser.post("/auth/redeem", json={"token": token, "password": second}).status_code == 200
    )
    assert sign_in(browser, "bo@example.com", first) == 401
    assert sign_in(browser, "bo@example.com", second) == 200


def test_cli_mistakes_are_one_line(db_url: str) -> None:
    assert "no user with email" in one_error_line(
        quizflow("users", "reset-link", "nobody@example.com", database_url=db_url)
    )
    quizflow("users", "create", "cy@example.com", "--role", "learner", database_url=db_url)
    short = quizflow(
        "users", "set-password", "cy@example.com", "--password", "short", database_url=db_url
    )
    assert "at least 10 characters" in one_error_line(short)
