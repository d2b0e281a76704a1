"""Per-address limits on the sign-in endpoints: one address trying many accounts is stopped."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from quizflow.api.app import create_app
from quizflow.api.rate_limits import SlidingWindow
from quizflow.api.routes.auth import MAILS_PER_ADDRESS
from quizflow.services.users import create_user
from quizflow.settings import Settings
from tests.smtp_server import running_smtp_server

LIMIT = 3
ENDPOINTS = [
    ("/auth/sign-in", {"email": "nobody@example.com", "password": "not-the-password"}),
    ("/auth/sign-up", {"email": "walk-in@example.com", "password": "a-long-password"}),
    ("/auth/redeem", {"token": "not-a-token", "password": "a-long-new-password"}),
    ("/auth/password-resets", {"email": "nobody@example.com"}),
]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def app_with(
    settings: Settings,
    engine: Engine,
    sessions: sessionmaker[Session],
    clock: Clock,
    **overrides: object,
) -> object:
    limited = settings.model_copy(
        update={"auth_rate_limit": LIMIT, "auth_rate_window_s": 60.0, **overrides}
    )
    return create_app(limited, engine=engine, sessions=sessions, clock=clock)


@pytest.fixture
def app(
    settings: Settings, engine: Engine, sessions: sessionmaker[Session], clock: Clock
) -> object:
    return app_with(settings, engine, sessions, clock)


def client_at(app: object, address: str, **kwargs: object) -> TestClient:
    return TestClient(app, client=(address, 50000), **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(("path", "body"), ENDPOINTS, ids=[p for p, _ in ENDPOINTS])
def test_the_attempt_after_the_limit_gets_429_and_another_address_is_still_served(
    app: object, path: str, body: dict[str, str]
) -> None:
    with client_at(app, "127.0.0.2") as one, client_at(app, "127.0.0.3") as other:
        served = [one.post(path, json=body).status_code for _ in range(LIMIT)]
        assert 429 not in served
        refused = one.post(path, json=body)
        assert refused.status_code == 429
        assert refused.headers["content-type"] == "application/problem+json"
        assert 0 < int(refused.headers["Retry-After"]) <= 60
        assert "your address" in refused.json()["detail"]
        assert other.post(path, json=body).status_code != 429
        # Under /api it is the same endpoint, and the same allowance.
        assert one.post("/api" + path, json=body).status_code == 429


def test_the_window_slides(app: object, clock: Clock) -> None:
    path, body = ENDPOINTS[0]
    with client_at(app, "127.0.0.2") as one:
        for _ in range(LIMIT):
            one.post(path, json=body)
        assert one.post(path, json=body).status_code == 429
        clock.now += 61
        assert one.post(path, json=body).status_code == 401


def test_the_oidc_round_trip_is_limited_too(app: object) -> None:
    with client_at(app, "127.0.0.2", follow_redirects=False) as one:
        for _ in range(LIMIT):
            assert one.get("/auth/oidc/start").status_code == 404  # off here, but counted
        assert one.get("/auth/oidc/start").status_code == 429
        assert one.get("/auth/oidc/callback").status_code == 404  # a window of its own


def test_forwarded_for_is_ignored_unless_proxies_are_trusted(app: object) -> None:
    path, body = ENDPOINTS[0]
    with client_at(app, "127.0.0.2") as one:
        for n in range(LIMIT):
            one.post(path, json=body, headers={"X-Forwarded-For": f"127.0.1.{n}"})
        spoofed = one.post(path, json=body, headers={"X-Forwarded-For": "127.0.1.99"})
        assert spoofed.status_code == 429


def test_behind_trusted_proxies_the_forwarded_client_is_counted(
    settings: Settings, engine: Engine, sessions: sessionmaker[Session], clock: Clock
) -> None:
    app = app_with(settings, engine, sessions, clock, trusted_proxies=2)
    path, body = ENDPOINTS[0]
    # The client's own (forged) entry, then what CloudFront saw, then what API Gateway saw.
    via = {"X-Forwarded-For": "127.0.9.9, 127.0.0.7, 127.0.0.250"}
    with client_at(app, "127.0.0.1") as proxy:
        for _ in range(LIMIT):
            assert proxy.post(path, json=body, headers=via).status_code == 401
        assert proxy.post(path, json=body, headers=via).status_code == 429
        forged = {"X-Forwarded-For": "127.0.9.8, 127.0.0.7, 127.0.0.250"}
        assert proxy.post(path, json=body, headers=forged).status_code == 429
        another = {"X-Forwarded-For": "127.0.0.8, 127.0.0.250"}
        assert proxy.post(path, json=body, headers=another).status_code == 401


def test_one_inbox_gets_a_few_reset_mails_however_many_addresses_ask(
    settings: Settings,
    engine: Engine,
    sessions: sessionmaker[Session],
    clock: Clock,
) -> None:
    create_user(sessions=sessions, email="target@example.com", role="learner")
    with running_smtp_server() as inbox:
        app = app_with(settings, engine, sessions, clock, smtp_url=SecretStr(inbox.url))
        for n in range(MAILS_PER_ADDRESS + 2):
            with client_at(app, f"127.0.2.{n}") as someone:
                asked = someone.post("/auth/password-resets", json={"email": "target@example.com"})
                assert asked.status_code == 202
        assert len(inbox.messages) == MAILS_PER_ADDRESS


def test_the_table_of_addresses_is_bounded() -> None:
    window = SlidingWindow(limit=2, window_s=60, clock=lambda: 0.0, max_keys=100)
    for n in range(1000):
        window.hit(f"address-{n}")
    assert len(window) == 100
    assert window.hit("address-999") is None  # the most recent are the ones kept
    assert window.hit("address-999") is not None
