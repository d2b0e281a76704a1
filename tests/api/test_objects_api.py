"""Images in questions: an author uploads one, and it is served to exactly those who may see
a question or context showing it; to anyone else it does not exist."""

from __future__ import annotations

import struct
import zlib
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from quizflow.api.app import create_app
from quizflow.db import models as orm
from quizflow.settings import Settings
from quizflow.storage.factory import build_blob_store
from tests.api.conftest import Caller


def _png(red: int) -> bytes:
    """A real 1×1 PNG whose colour (and so whose key) depends on `red`."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(bytes([0, red, 0, 0]))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"


def _upload(
    client: TestClient, caller: Caller, data: bytes, name: str = "a.png", kind: str = "image/png"
) -> Any:
    return client.post("/objects", files={"file": (name, data, kind)}, headers=caller.headers)


def _scenario_showing(
    client: TestClient, owner: Caller, key: str, *, publish: bool, where: str = "prompt"
) -> str:
    h = owner.headers
    image = f'<img src="{key}" alt="a sign">'
    context = f"<p>Look.</p>{image}" if where == "context" else "<p>Look.</p>"
    feedback = f"<p>No:</p>{image}" if where == "feedback" else None
    prompt = f"<p>What does this sign mean?</p>{image if where == 'prompt' else ''}"
    sid = client.post(
        "/scenarios", json={"title": "Signs", "context_html": context}, headers=h
    ).json()["id"]
    question = client.post(
        f"/scenarios/{sid}/questions",
        json={
            "prompt_html": prompt,
            "choices": [
                {"body": "Exit", "is_correct": True},
                {"body": "Entry", "feedback": feedback},
            ],
        },
        headers=h,
    ).json()
    assert key in str(question) or where == "context"
    client.post(
        f"/scenarios/{sid}/links",
        json={"from_question_id": question["id"], "to_question_id": None},
        headers=h,
    )
    if publish:
        published = client.post(f"/scenarios/{sid}/publish", headers=h)
        assert published.status_code == 201, published.text
    return sid  # type: ignore[no-any-return]


def test_an_uploaded_image_is_served_to_its_author_under_its_content_key(
    client: TestClient, people: dict[str, Caller]
) -> None:
    data = _png(200)

    uploaded = _upload(client, people["owner"], data, kind="application/octet-stream")
    again = _upload(client, people["owner"], data, name="same.png")

    assert uploaded.status_code == 201, uploaded.text
    key = uploaded.json()["key"]
    assert key.startswith("objects/") and key.endswith(".png")
    assert uploaded.json()["url"] == f"/api/{key}"
    assert again.json() == uploaded.json()
    served = client.get(f"/{key}", headers=people["owner"].headers)
    assert served.status_code == 200
    assert served.content == data
    assert served.headers["content-type"] == "image/png"
    assert served.headers["x-content-type-options"] == "nosniff"
    listed = client.get("/documents", headers=people["owner"].headers).json()
    assert all(d["media_type"] != "image/png" for d in listed)


@pytest.mark.parametrize("where", ["prompt", "context", "feedback"])
def test_a_learner_sees_an_image_once_a_scenario_they_may_play_shows_it(
    client: TestClient, people: dict[str, Caller], where: str
) -> None:
    owner, learner = people["owner"], people["learner"]
    key = _upload(client, owner, _png(10)).json()["key"]
    assert client.get(f"/{key}", headers=learner.headers).status_code == 404

    _scenario_showing(client, owner, key, publish=True, where=where)

    assert client.get(f"/{key}", headers=learner.headers).status_code == 200
    assert client.get(f"/{key}", headers=people["admin"].headers).status_code == 200


def test_an_image_only_in_a_draft_is_not_found_by_learners_or_other_authors(
    client: TestClient, people: dict[str, Caller]
) -> None:
    key = _upload(client, people["owner"], GIF, name="x.gif", kind="image/gif").json()["key"]
    _scenario_showing(client, people["owner"], key, publish=False)

    for caller in ("learner", "other_learner", "other_author"):
        refused = client.get(f"/{key}", headers=people[caller].headers)
        assert refused.status_code == 404, caller
        assert refused.headers["content-type"] == "application/problem+json"
    assert client.get(f"/{key}", headers=people["owner"].headers).status_code == 200
    unknown = key[:-8] + "0000.gif"
    assert client.get(f"/{unknown}", headers=people["owner"].headers).status_code == 404
    assert client.get(f"/{key}").status_code == 401


def test_an_unpublished_scenarios_image_stays_visible_to_a_learner_with_an_attempt(
    client: TestClient, people: dict[str, Caller]
) -> None:
    owner = people["owner"]
    key = _upload(client, owner, _png(99)).json()["key"]
    sid = _scenario_showing(client, owner, key, publish=True)
    started = client.post("/attempts", json={"scenario_id": sid}, headers=people["learner"].headers)
    assert started.status_code == 201, started.text

    client.post(f"/scenarios/{sid}/unpublish", headers=owner.headers)

    assert client.get(f"/{key}", headers=people["learner"].headers).status_code == 200
    assert client.get(f"/{key}", headers=people["other_learner"].headers).status_code == 404


def test_what_is_not_an_image_is_refused_whatever_it_claims_to_be(
    client: TestClient, people: dict[str, Caller], sessions: sessionmaker[Session]
) -> None:
    with sessions() as session:
        before = session.scalar(select(func.count()).select_from(orm.Document))

    text = _upload(client, people["owner"], b"<svg onload=alert(1)></svg>", name="x.png")
    empty = _upload(client, people["owner"], b"", name="x.png")

    assert text.status_code == 415 and text.json()["code"] == "unsupported_media_type"
    assert empty.status_code == 415
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(orm.Document)) == before


def test_learners_may_not_upload_images(client: TestClient, people: dict[str, Caller]) -> None:
    refused = _upload(client, people["learner"], _png(1))

    assert refused.status_code == 403


def test_on_s3_the_image_is_a_redirect_to_a_presigned_url(
    settings: Settings,
    engine: Engine,
    sessions: sessionmaker[Session],
    people: dict[str, Caller],
    s3_server: str,
    s3_bucket: str,
) -> None:
    on_s3 = settings.model_copy(
        update={
            "storage_backend": "s3",
            "s3_bucket": s3_bucket,
            "s3_endpoint_url": s3_server,
            "s3_access_key_id": SecretStr("testing"),
            "s3_secret_access_key": SecretStr("testing"),
        }
    )
    app = create_app(on_s3, engine=engine, sessions=sessions, store=build_blob_store(on_s3))
    data = _png(42)
    with TestClient(app) as client:
        key = _upload(client, people["owner"], data).json()["key"]
        redirected = client.get(f"/{key}", headers=people["owner"].headers, follow_redirects=False)
        hidden = client.get(f"/{key}", headers=people["learner"].headers, follow_redirects=False)

    assert redirected.status_code == 302
    assert hidden.status_code == 404
    fetched = httpx.get(redirected.headers["location"], timeout=10)
    assert fetched.status_code == 200 and fetched.content == data
