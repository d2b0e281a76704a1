"""Sign in with your organisation: the whole OIDC flow against a real provider on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from quizflow.api.app import create_app
from quizflow.db import models as orm
from quizflow.services import users
from quizflow.settings import Settings
from tests.oidc_provider import CLIENT_ID, Provider, running_provider

EMAIL = "ada@org.example"


@pytest.fixture
def provider() -> Iterator[Provider]:
    with running_provider() as running:
        running.user = {"email": EMAIL, "email_verified": True, "name": "Ada L."}
        yield running


@pytest.fixture
def oidc_client(
    settings: Settings, engine: Engine, sessions: sessionmaker[Session], provider: Provider
) -> Iterator[TestClient]:
    configured = settings.model_copy(
        update={
            "oidc_issuer": provider.issuer,
            "oidc_client_id": CLIENT_ID,
            "public_url": "http://testserver",
        }
    )
    app = create_app(configured, engine=engine, sessions=sessions)
    with TestClient(app, follow_redirects=False) as client:
        yield client


def start(client: TestClient, next_path: str = "/app/attempts") -> str:
    """Begin signing in; returns where the provider sends the browser back to."""
    began = client.get("/api/auth/oidc/start", params={"next": next_path})
    assert began.status_code == 302, began.text
    pending = next(c for c in began.headers.get_list("set-cookie") if "quizflow_oidc=" in c)
    assert "HttpOnly" in pending and "SameSite=lax" in pending and "Max-Age=600" in pending
    at_provider = httpx.get(began.headers["location"], follow_redirects=False)
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["location"])
    assert back.netloc == "testserver" and back.path == "/api/auth/oidc/callback"
    return f"{back.path}?{back.query}"


def error_of(response: httpx.Response) -> str:
    assert response.status_code == 302, response.text
    location = urlsplit(response.headers["location"])
    assert location.path == "/app/sign-in"
    return parse_qs(location.query)["error"][0]


def test_the_sign_in_page_is_told_that_oidc_is_on(
    oidc_client: TestClient, client: TestClient
) -> None:
    assert oidc_client.get("/api/auth/options").json()["oidc"] is True
    assert client.get("/auth/options").json()["oidc"] is False


def test_signing_in_creates_a_learner_with_a_browser_session_and_lands_on_next(
    oidc_client: TestClient, provider: Provider
) -> None:
    began = oidc_client.get("/api/auth/oidc/start", params={"next": "/app/attempts"})
    asked = parse_qs(urlsplit(began.headers["location"]).query)
    assert asked["code_challenge_method"] == ["S256"] and asked["scope"] == ["openid email profile"]
    assert asked["redirect_uri"] == ["http://testserver/api/auth/oidc/callback"]
    at_provider = httpx.get(began.headers["location"], follow_redirects=False)
    back = urlsplit(at_provider.headers["location"])
    landed = oidc_client.get(f"{back.path}?{back.query}")
    assert landed.status_code == 302 and landed.headers["location"] == "/app/attempts"
    assert provider.token_requests[0]["code_verifier"]  # PKCE: the verifier was sent
    me = oidc_client.get("/api/me").json()
    assert me["email"] == EMAIL and me["role"] == "learner" and me["display_name"] == "Ada L."
    assert "quizflow_csrf" in oidc_client.cookies  # the same cookies as a password sign-in


def test_groups_give_the_role_and_promote_but_never_demote_an_existing_account(
    oidc_client: TestClient, provider: Provider, sessions: sessionmaker[Session]
) -> None:
    provider.user["cognito:groups"] = ["author"]
    oidc_client.get(start(oidc_client))
    assert oidc_client.get("/api/me").json()["role"] == "author"
    users.set_role(sessions=sessions, email=EMAIL, role="admin")
    provider.user["cognito:groups"] = []
    oidc_client.get(start(oidc_client))
    assert oidc_client.get("/api/me").json()["role"] == "admin"


def test_an_existing_password_account_is_signed_in_by_its_verified_email(
    oidc_client: TestClient, sessions: sessionmaker[Session]
) -> None:
    existing = users.create_user(sessions=sessions, email=EMAIL.upper(), role="author")
    oidc_client.get(start(oidc_client))
    assert oidc_client.get("/api/me").json()["id"] == str(existing.id)


def test_an_unverified_email_is_refused(oidc_client: TestClient, provider: Provider) -> None:
    provider.user["email_verified"] = False
    assert error_of(oidc_client.get(start(oidc_client))) == "oidc_unverified_email"
    assert oidc_client.get("/api/me").status_code == 401


def test_a_wrong_state_is_refused(oidc_client: TestClient) -> None:
    back = start(oidc_client).replace("state=", "state=x")
    assert error_of(oidc_client.get(back)) == "oidc_state"
    assert oidc_client.get("/api/me").status_code == 401


def test_a_callback_this_browser_did_not_start_is_refused(oidc_client: TestClient) -> None:
    back = start(oidc_client)
    oidc_client.cookies.delete("quizflow_oidc")  # another browser: no verifier, no nonce
    assert error_of(oidc_client.get(back)) == "oidc_state"


def test_a_tampered_pending_cookie_is_refused(oidc_client: TestClient) -> None:
    back = start(oidc_client)
    sealed = oidc_client.cookies["quizflow_oidc"]
    oidc_client.cookies.set("quizflow_oidc", sealed[:-4] + "AAAA")
    assert error_of(oidc_client.get(back)) == "oidc_state"


@pytest.mark.parametrize("tamper", ["signature", "nonce", "audience"])
def test_an_id_token_that_does_not_verify_is_refused(
    oidc_client: TestClient, provider: Provider, tamper: str
) -> None:
    provider.tamper = tamper
    assert error_of(oidc_client.get(start(oidc_client))) == "oidc_failed"
    assert oidc_client.get("/api/me").status_code == 401


def test_the_provider_refuses_a_code_without_the_verifier(
    oidc_client: TestClient, provider: Provider
) -> None:
    back = start(oidc_client)
    code = parse_qs(urlsplit(back).query)["code"][0]
    # An attacker holding only the code (no verifier) gets nothing from the provider...
    stolen = httpx.post(
        provider.issuer + "/token",
        data={"grant_type": "authorization_code", "code": code, "client_id": CLIENT_ID,
              "redirect_uri": "http://testserver/api/auth/oidc/callback"},
    )  # fmt: skip
    assert stolen.status_code == 400
    # ...and the code is spent, so replaying the callback fails too.
    assert error_of(oidc_client.get(back)) == "oidc_failed"


def test_a_denied_sign_in_says_so(oidc_client: TestClient) -> None:
    back = start(oidc_client)
    state = parse_qs(urlsplit(back).query)["state"][0]
    denied = oidc_client.get(f"/api/auth/oidc/callback?error=access_denied&state={state}")
    assert error_of(denied) == "oidc_denied"


@pytest.mark.parametrize(
    "next_path",
    ["https://evil.example/app/", "//evil.example/app/", "/\\evil.example", "/auth/me", "app/x"],
)
def test_next_outside_the_app_is_refused(oidc_client: TestClient, next_path: str) -> None:
    refused = oidc_client.get("/api/auth/oidc/start", params={"next": next_path})
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"


def test_without_oidc_settings_the_endpoints_are_not_found(client: TestClient) -> None:
    for path in ("/auth/oidc/start", "/auth/oidc/callback"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"


def test_a_cognito_subject_becomes_the_account_id(
    oidc_client: TestClient, provider: Provider, sessions: sessionmaker[Session]
) -> None:
    provider.user["sub"] = "0b7f7a1e-1d2c-4b5a-8e9f-112233445566"
    oidc_client.get(start(oidc_client))
    with sessions() as session:
        found = session.scalar(select(orm.User.id).where(orm.User.email == EMAIL))
    assert str(found) == "0b7f7a1e-1d2c-4b5a-8e9f-112233445566"


@pytest.mark.parametrize(("secret", "works"), [("the-client-secret", True), ("wrong", False)])
def test_a_confidential_client_authenticates_at_the_token_endpoint(
    settings: Settings,
    engine: Engine,
    sessions: sessionmaker[Session],
    provider: Provider,
    secret: str,
    works: bool,
) -> None:
    provider.client_secret = "the-client-secret"
    configured = settings.model_copy(
        update={
            "oidc_issuer": provider.issuer,
            "oidc_client_id": CLIENT_ID,
            "oidc_client_secret": SecretStr(secret),
            "public_url": "http://testserver",
        }
    )
    app = create_app(configured, engine=engine, sessions=sessions)
    with TestClient(app, follow_redirects=False) as client:
        landed = client.get(start(client))
        if works:
            assert landed.headers["location"] == "/app/attempts"
        else:
            assert error_of(landed) == "oidc_failed"
