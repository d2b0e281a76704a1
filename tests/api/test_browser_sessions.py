"""Signing in in the browser: cookies, CSRF, lock-out, invitations, resets, open sign-up."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from quizflow.api.app import create_app
from quizflow.db import models as orm
from quizflow.services import account_links, credentials
from quizflow.settings import Settings
from tests.api.conftest import Caller

PASSWORD = "correct horse battery"


@pytest.fixture
def learner_email(people: dict[str, Caller], sessions: sessionmaker[Session]) -> str:
    email = people["learner"].principal.email
    assert email is not None
    credentials.set_password(sessions=sessions, email=email, password=PASSWORD)
    return email


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> str:
    response = client.post("/auth/sign-in", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    token: str = response.json()["csrf_token"]
    return token


def test_signing_in_sets_an_http_only_lax_session_cookie_and_a_readable_csrf_cookie(
    client: TestClient, learner_email: str
) -> None:
    response = client.post("/auth/sign-in", json={"email": learner_email, "password": PASSWORD})
    assert response.status_code == 200
    cookies = response.headers.get_list("set-cookie")
    session_cookie = next(c for c in cookies if c.startswith("quizflow_session="))
    csrf_cookie = next(c for c in cookies if c.startswith("quizflow_csrf="))
    assert "HttpOnly" in session_cookie and "SameSite=lax" in session_cookie
    assert "HttpOnly" not in csrf_cookie
    assert "Secure" not in session_cookie  # plain http here
    assert response.json()["user"]["email"] == learner_email
    assert client.get("/me").json()["email"] == learner_email


def test_the_session_id_is_stored_only_as_a_hash(
    client: TestClient, learner_email: str, sessions: sessionmaker[Session]
) -> None:
    sign_in(client, learner_email)
    raw = client.cookies["quizflow_session"]
    with sessions() as session:
        stored = session.scalars(select(orm.WebSession.id_hash)).all()
    assert stored and raw not in stored and all(len(h) == 64 for h in stored)


def test_cookies_are_secure_over_https(
    settings: Settings, engine: Engine, sessions: sessionmaker[Session], learner_email: str
) -> None:
    app = create_app(settings, engine=engine, sessions=sessions)
    with TestClient(app, base_url="https://testserver") as client:
        response = client.post("/auth/sign-in", json={"email": learner_email, "password": PASSWORD})
    assert all("Secure" in c for c in response.headers.get_list("set-cookie"))


def test_an_unsafe_cookie_request_needs_the_csrf_token_and_the_same_origin(
    client: TestClient, learner_email: str, scenario: object
) -> None:
    token = sign_in(client, learner_email)
    body = {"scenario_id": str(scenario)}
    refused = client.post("/attempts", json=body)
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"
    wrong = client.post("/attempts", json=body, headers={"X-CSRF-Token": "0" * 64})
    assert wrong.status_code == 403
    foreign = client.post(
        "/attempts", json=body, headers={"X-CSRF-Token": token, "Origin": "https://evil.example"}
    )
    assert foreign.status_code == 403
    allowed = client.post(
        "/attempts", json=body, headers={"X-CSRF-Token": token, "Origin": "http://testserver"}
    )
    assert allowed.status_code == 201


def test_signing_in_from_another_site_is_refused(client: TestClient, learner_email: str) -> None:
    response = client.post(
        "/auth/sign-in",
        json={"email": learner_email, "password": PASSWORD},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    assert "quizflow_session" not in client.cookies


def test_a_wrong_password_and_an_unknown_email_read_the_same(
    client: TestClient, learner_email: str
) -> None:
    wrong = client.post("/auth/sign-in", json={"email": learner_email, "password": "x" * 12})
    unknown = client.post("/auth/sign-in", json={"email": "no@one.example", "password": "x" * 12})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]


def test_repeated_failures_lock_the_account_even_for_the_right_password(
    client: TestClient, learner_email: str
) -> None:
    for _ in range(credentials.FREE_FAILURES):
        bad = client.post("/auth/sign-in", json={"email": learner_email, "password": "x" * 12})
        assert bad.status_code == 401
    locked = client.post("/auth/sign-in", json={"email": learner_email, "password": PASSWORD})
    assert locked.status_code == 429
    assert 0 < int(locked.headers["Retry-After"]) <= credentials.FIRST_LOCK_S
    assert locked.json()["code"] == "too_many_attempts"


def test_signing_out_ends_the_session_on_the_server(client: TestClient, learner_email: str) -> None:
    token = sign_in(client, learner_email)
    stolen = client.cookies["quizflow_session"]
    assert client.post("/auth/sign-out", headers={"X-CSRF-Token": token}).status_code == 204
    client.cookies.set("quizflow_session", stolen)  # a copy kept from before is dead too
    assert client.get("/me").status_code == 401


def test_bearer_tokens_still_work_without_csrf(
    client: TestClient, people: dict[str, Caller], scenario: object
) -> None:
    response = client.post(
        "/attempts", json={"scenario_id": str(scenario)}, headers=people["learner"].headers
    )
    assert response.status_code == 201


def test_an_admin_invites_and_the_link_creates_the_account_once(
    client: TestClient, people: dict[str, Caller]
) -> None:
    body = {"email": "New.Author@Example.com", "role": "author"}
    assert (
        client.post("/auth/invitations", json=body, headers=people["learner"].headers).status_code
        == 403
    )
    issued = client.post("/auth/invitations", json=body, headers=people["admin"].headers)
    assert issued.status_code == 201
    url = issued.json()["url"]
    assert "/app/welcome#token=" in url
    token = url.split("#token=")[1]
    used = client.post("/auth/redeem", json={"token": token, "password": PASSWORD})
    assert used.status_code == 200
    assert used.json()["user"] == {**used.json()["user"], "email": "new.author@example.com"}
    assert client.get("/me").json()["role"] == "author"
    again = client.post("/auth/redeem", json={"token": token, "password": PASSWORD})
    assert again.status_code == 401


def test_a_reset_link_sets_the_password_and_signs_out_everywhere(
    client: TestClient,
    learner_email: str,
    settings: Settings,
    sessions: sessionmaker[Session],
    engine: Engine,
) -> None:
    sign_in(client, learner_email)
    old = client.cookies["quizflow_session"]
    link = account_links.reset_link(sessions=sessions, settings=settings, email=learner_email)
    token = link.url.split("#token=")[1]
    new_password = "a brand new passphrase"
    with TestClient(create_app(settings, engine=engine, sessions=sessions)) as other:
        assert (
            other.post("/auth/redeem", json={"token": token, "password": new_password}).status_code
            == 200
        )
        assert other.get("/me").status_code == 200
    client.cookies.set("quizflow_session", old)
    assert client.get("/me").status_code == 401
    assert (
        client.post(
            "/auth/sign-in", json={"email": learner_email, "password": new_password}
        ).status_code
        == 200
    )


def test_a_short_password_is_refused_and_the_link_stays_usable(
    client: TestClient, learner_email: str, settings: Settings, sessions: sessionmaker[Session]
) -> None:
    link = account_links.reset_link(sessions=sessions, settings=settings, email=learner_email)
    token = link.url.split("#token=")[1]
    short = client.post("/auth/redeem", json={"token": token, "password": "short"})
    assert short.status_code == 422
    assert (
        client.post("/auth/redeem", json={"token": token, "password": PASSWORD}).status_code == 200
    )


def test_open_sign_up_is_off_by_default(
    client: TestClient, sessions: sessionmaker[Session]
) -> None:
    response = client.post(
        "/auth/sign-up", json={"email": "walk-in@example.com", "password": PASSWORD}
    )
    assert response.status_code == 403
    with sessions() as session:
        count = session.scalar(
            select(func.count())
            .select_from(orm.User)
            .where(orm.User.email == "walk-in@example.com")
        )
    assert count == 0


@pytest.fixture
def open_client(
    settings: Settings, engine: Engine, sessions: sessionmaker[Session]
) -> Iterator[TestClient]:
    opened = settings.model_copy(update={"open_signup": True})
    with TestClient(create_app(opened, engine=engine, sessions=sessions)) as client:
        yield client


def test_with_open_sign_up_anyone_becomes_a_learner(open_client: TestClient) -> None:
    response = open_client.post(
        "/auth/sign-up", json={"email": "walk-in@example.com", "password": PASSWORD}
    )
    assert response.status_code == 201
    assert open_client.get("/me").json()["role"] == "learner"
    twice = open_client.post(
        "/auth/sign-up", json={"email": "walk-in@example.com", "password": PASSWORD}
    )
    assert twice.status_code == 409


def test_the_sign_in_page_learns_whether_sign_up_is_open(
    client: TestClient, open_client: TestClient
) -> None:
    off = {"open_signup": False, "reset_mail": False, "oidc": False}
    assert client.get("/auth/options").json() == off
    assert open_client.get("/auth/options").json() == {**off, "open_signup": True}


def test_behind_a_proxy_the_public_url_counts_as_our_origin(
    settings: Settings, engine: Engine, sessions: sessionmaker[Session], learner_email: str
) -> None:
    behind = settings.model_copy(update={"public_url": "https://learn.example.org"})
    with TestClient(create_app(behind, engine=engine, sessions=sessions)) as client:
        body = {"email": learner_email, "password": PASSWORD}
        ours = client.post(
            "/auth/sign-in", json=body, headers={"Origin": "https://learn.example.org"}
        )
        theirs = client.post("/auth/sign-in", json=body, headers={"Origin": "https://evil.example"})
    assert ours.status_code == 200
    assert theirs.status_code == 403
