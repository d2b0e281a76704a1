"""The browser app served from the API's origin: pages survive reloads, assets are cached,
nothing outside the build is served, and pages carry a strict Content-Security-Policy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from quizflow.api.app import create_app
from quizflow.settings import Settings

INDEX = "<!doctype html><title>quizflow</title><div id=root></div>"


@pytest.fixture
def built(tmp_path: Path) -> Path:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(INDEX)
    (dist / "assets" / "index-abc123.js").write_text("console.log('player')")
    (tmp_path / "secret.txt").write_text("not part of the app")
    return dist


@pytest.fixture
def web(
    settings: Settings, engine: Engine, sessions: sessionmaker[Session], built: Path
) -> Iterator[TestClient]:
    app = create_app(
        settings.model_copy(update={"web_dir": built}), engine=engine, sessions=sessions
    )
    with TestClient(app, follow_redirects=False) as client:
        yield client


@pytest.mark.parametrize("path", ["/app/", "/app/sign-in", "/app/attempts/0000-made-up"])
def test_every_page_of_the_app_is_index_html_so_a_reload_works(web: TestClient, path: str) -> None:
    response = web.get(path)
    assert response.status_code == 200
    assert response.text == INDEX
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["cache-control"] == "no-cache"


def test_assets_are_served_and_cached_for_good(web: TestClient) -> None:
    response = web.get("/app/assets/index-abc123.js")
    assert response.status_code == 200
    assert response.text == "console.log('player')"
    assert "immutable" in response.headers["cache-control"]


def test_a_missing_asset_is_a_404_not_the_page(web: TestClient) -> None:
    response = web.get("/app/assets/gone.js")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_files_outside_the_build_are_not_served(web: TestClient) -> None:
    response = web.get("/app/..%2Fsecret.txt")
    assert "not part of the app" not in response.text


def test_the_root_leads_to_the_app_and_the_api_keeps_its_paths(web: TestClient) -> None:
    assert web.get("/").headers["location"] == "/app/"
    assert web.get("/me").status_code == 401  # the API is still at the root
    assert web.get("/health").status_code in (200, 503)


def test_without_a_build_the_app_says_how_to_make_one(
    settings: Settings, engine: Engine, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    app = create_app(
        settings.model_copy(update={"web_dir": tmp_path / "none"}), engine=engine, sessions=sessions
    )
    with TestClient(app) as client:
        response = client.get("/app/")
    assert response.status_code == 404
    assert "make web" in response.json()["detail"]
