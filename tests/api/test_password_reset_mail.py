"""Asking for a reset link by mail: a real SMTP server on loopback receives a working link."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from quizflow.api.app import create_app
from quizflow.services import credentials
from quizflow.settings import Settings
from tests.api.conftest import Caller
from tests.smtp_server import Inbox, running_smtp_server

OLD, NEW = "correct horse battery", "a brand new passphrase"


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with running_smtp_server() as running:
        yield running


@pytest.fixture
def mailing_client(
    settings: Settings, engine: Engine, sessions: sessionmaker[Session], inbox: Inbox
) -> Iterator[TestClient]:
    configured = settings.model_copy(
        update={
            "smtp_url": SecretStr(inbox.url),
            "mail_from": "quizflow <quizflow@example.com>",
            "public_url": "http://testserver",
        }
    )
    with TestClient(create_app(configured, engine=engine, sessions=sessions)) as client:
        yield client


@pytest.fixture
def learner_email(people: dict[str, Caller], sessions: sessionmaker[Session]) -> str:
    email = people["learner"].principal.email
    assert email is not None
    credentials.set_password(sessions=sessions, email=email, password=OLD)
    return email


def test_the_mailed_link_sets_a_new_password(
    mailing_client: TestClient, inbox: Inbox, learner_email: str
) -> None:
    asked = mailing_client.post("/api/auth/password-resets", json={"email": learner_email.upper()})
    assert asked.status_code == 202
    assert inbox.arrived.wait(10), "no mail arrived"
    (message,) = inbox.messages
    assert message["To"] == learner_email and message["From"] == "quizflow <quizflow@example.com>"
    body = message.get_content()
    link = next(word for word in body.split() if word.startswith("http://testserver/app/reset#"))
    token = link.split("#token=")[1]  # in the fragment: browsers never send it to a server
    redeemed = mailing_client.post("/api/auth/redeem", json={"token": token, "password": NEW})
    assert redeemed.status_code == 200, redeemed.text
    mailing_client.cookies.clear()
    signed_in = mailing_client.post(
        "/api/auth/sign-in", json={"email": learner_email, "password": NEW}
    )
    assert signed_in.status_code == 200


def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    mailing_client: TestClient, inbox: Inbox, learner_email: str
) -> None:
    known = mailing_client.post("/auth/password-resets", json={"email": learner_email})
    unknown = mailing_client.post("/auth/password-resets", json={"email": "nobody@example.com"})
    malformed = mailing_client.post("/auth/password-resets", json={"email": "not an address"})
    assert known.status_code == unknown.status_code == malformed.status_code == 202
    assert known.json() == unknown.json() == malformed.json()
    assert inbox.arrived.wait(10)
    assert [m["To"] for m in inbox.messages] == [learner_email]


def test_without_smtp_the_answer_says_to_ask_an_admin(
    client: TestClient, learner_email: str
) -> None:
    asked = client.post("/auth/password-resets", json={"email": learner_email})
    assert asked.status_code == 202
    assert "ask an admin" in asked.json()["detail"]
    assert client.get("/auth/options").json()["reset_mail"] is False


def test_the_sign_in_page_is_told_that_reset_mail_is_on(mailing_client: TestClient) -> None:
    assert mailing_client.get("/api/auth/options").json()["reset_mail"] is True


def test_asking_from_another_site_is_refused(mailing_client: TestClient, inbox: Inbox) -> None:
    refused = mailing_client.post(
        "/auth/password-resets",
        json={"email": "someone@example.com"},
        headers={"Origin": "https://evil.example"},
    )
    assert refused.status_code == 403
