"""One scenario per Google Docs tab over HTTP: a tabbed Doc fetched through Google's client
(its HttpMock answering for the Docs API), previewed tab by tab, imported all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from googleapiclient.http import HttpMock
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from quizflow.db import models as orm
from quizflow.documents import importers
from tests import gdocs_tabs
from tests.api.conftest import Caller

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "documents"


def google_doc(
    client: TestClient,
    caller: Caller,
    response: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> str:
    """Upload the Doc through POST /documents/google, Google answering with `response`."""
    path = gdocs_tabs.write(tmp_path / "documents-get.json", response)
    mock = HttpMock(str(path), {"status": "200"})
    real = importers.fetch_google_doc
    # The route passes no `http` (None): Google's client is then given the mock instead.
    monkeypatch.setattr(importers, "fetch_google_doc", lambda doc_id, **_: real(doc_id, http=mock))
    url = f"https://docs.google.com/document/d/{gdocs_tabs.DOC_ID}/edit"
    created = client.post("/documents/google", json={"reference": url}, headers=caller.headers)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def scenario_count(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(orm.Scenario)) or 0)


def test_a_tabbed_google_doc_previews_and_imports_one_scenario_per_tab(
    client: TestClient,
    people: dict[str, Caller],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    author = people["owner"]
    document = google_doc(client, author, gdocs_tabs.tabbed(), tmp_path, monkeypatch)

    preview = client.post(f"/documents/{document}/preview/tabs", headers=author.headers)
    imported = client.post(f"/documents/{document}/import/tabs", headers=author.headers)

    assert preview.status_code == 200, preview.text
    tabs = [
        (t["source"], t["scenario_title"], t["makes_scenario"],
         [q["prompt_text"] for q in t["preview"]["questions"]])
        for t in preview.json()
    ]  # fmt: skip
    assert tabs == [
        ("tab 1", "Safety training — Fire", True, [
            "Which extinguisher is used on an electrical fire?",
            "Where do you meet after an evacuation?"]),
        ("tab 2", "Safety training — Lists", False, []),
        ("tab 3", "Safety training — First aid", True, ["What do you check first?"]),
    ]  # fmt: skip
    assert imported.status_code == 201, imported.text
    created = imported.json()
    assert [s["title"] for s in created] == [
        "Safety training — Fire",
        "Safety training — First aid",
    ]
    for made, (_, _, _, prompts) in zip(created, [tabs[0], tabs[2]], strict=True):
        scenario = client.get(f"/scenarios/{made['id']}", headers=author.headers).json()
        assert [q["prompt_text"] for q in scenario["questions"]] == prompts
        correct = [[c["is_correct"] for c in q["choices"]] for q in scenario["questions"]]
        assert all(any(marks) for marks in correct)


def test_a_refused_tab_is_named_in_a_422_and_no_scenario_is_created(
    client: TestClient,
    people: dict[str, Caller],
    sessions: sessionmaker[Session],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    author = people["owner"]
    refused = gdocs_tabs.tabbed(gdocs_tabs.refused_second_tab())
    document = google_doc(client, author, refused, tmp_path, monkeypatch)
    before = scenario_count(sessions)

    response = client.post(f"/documents/{document}/import/tabs", headers=author.headers)

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"].startswith('tab 3 "First aid": question 3')
    assert scenario_count(sessions) == before


def test_a_document_without_tabs_is_a_422_for_both_preview_and_import(
    client: TestClient, people: dict[str, Caller], sessions: sessionmaker[Session]
) -> None:
    author = people["owner"]
    data = (FIXTURES / "quiz.md").read_bytes()
    files = {"file": ("quiz.md", data, "text/markdown")}
    document = client.post("/documents", files=files, headers=author.headers).json()["id"]
    before = scenario_count(sessions)

    for path in ("preview/tabs", "import/tabs"):
        response = client.post(f"/documents/{document}/{path}", headers=author.headers)
        assert response.status_code == 422, response.text
        assert "this document has no tabs" in response.json()["detail"]
    assert scenario_count(sessions) == before


def test_each_tab_preview_shows_its_own_source_blocks_beside_its_questions(
    client: TestClient,
    people: dict[str, Caller],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    author = people["owner"]
    document = google_doc(client, author, gdocs_tabs.tabbed(), tmp_path, monkeypatch)

    tabs = client.post(f"/documents/{document}/preview/tabs", headers=author.headers).json()

    with_questions = [tab for tab in tabs if tab["preview"]["questions"]]
    assert len(with_questions) >= 2
    for tab in with_questions:
        blocks = tab["preview"]["source_blocks"]
        assert all(b["source"].startswith(f"{tab['source']}, ") for b in blocks)
        for question in tab["preview"]["questions"]:
            span = question["source_range"]
            assert 0 <= span["first"] <= span["last"] < len(blocks)
            assert blocks[span["first"]]["source"] == question["source"]
