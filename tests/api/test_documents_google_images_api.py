"""A Google Doc's image over HTTP: POST /documents/google downloads it (Google's own
HttpMockSequence answering the Docs API and the image server), the preview and the imported
question show it by its stored key, and its bytes are in object storage."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from quizflow.documents import importers
from quizflow.settings import Settings
from quizflow.storage.base import content_key
from quizflow.storage.factory import build_blob_store
from tests import gdocs_images
from tests.api.conftest import Caller

URL = "https://docs.google.com/document/d/1vKqAsTALHsU6AviqRVqofzhfYOr29JLo4Zoemz9fRUw/edit"


def upload(client: TestClient, caller: Caller, http: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    real = importers.fetch_google_doc
    # The route passes no `http` (None): Google's client is given the mock instead.
    monkeypatch.setattr(
        importers, "fetch_google_doc", lambda doc_id, **kw: real(doc_id, **(kw | {"http": http}))
    )
    created = client.post("/documents/google", json={"reference": URL}, headers=caller.headers)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def test_an_image_in_a_google_doc_is_stored_and_shown_by_its_key(
    client: TestClient,
    people: dict[str, Caller],
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    author = people["owner"]
    png = gdocs_images.picture()
    http = gdocs_images.google(gdocs_images.quiz_with_image(), gdocs_images.sent(png))
    document = upload(client, author, http, monkeypatch)

    preview = client.post(f"/documents/{document}/preview", headers=author.headers)
    imported = client.post(f"/documents/{document}/import", json={}, headers=author.headers)

    key = content_key(png, extension="png")
    assert preview.status_code == 200, preview.text
    (question,) = preview.json()["questions"]
    assert f'<img src="{key}" alt="">' in question["prompt_html"]
    assert preview.json()["warnings"] == []
    assert imported.status_code == 201, imported.text
    scenario = client.get(f"/scenarios/{imported.json()['id']}", headers=author.headers).json()
    assert f'<img src="{key}" alt="">' in scenario["questions"][0]["prompt_html"]
    store = build_blob_store(settings)
    assert store.get(store.url_for(key)) == png


def test_an_image_off_googles_servers_is_not_fetched_and_the_preview_says_so(
    client: TestClient, people: dict[str, Caller], monkeypatch: pytest.MonkeyPatch
) -> None:
    author = people["owner"]
    doc = gdocs_images.quiz_with_image("https://169.254.169.254/latest/meta-data/")
    http = gdocs_images.google(doc)
    document = upload(client, author, http, monkeypatch)

    preview = client.post(f"/documents/{document}/preview", headers=author.headers).json()

    assert len(http.request_sequence) == 1  # documents.get, nothing else
    (question,) = preview["questions"]
    assert "<img" in question["prompt_html"] and "169.254" not in question["prompt_html"]
    (warning,) = preview["warnings"]
    assert "does not point to Google's image servers" in warning["message"]
