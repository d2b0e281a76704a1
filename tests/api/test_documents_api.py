"""Documents over HTTP: upload real files, preview and import them, and refuse bad ones whole."""

from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from quizflow.db import models as orm
from quizflow.settings import Settings
from tests.api.conftest import Caller

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "documents"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def upload(client: TestClient, caller: Caller, name: str, data: bytes, media_type: str = DOCX):  # type: ignore[no-untyped-def]
    return client.post(
        "/documents", files={"file": (name, data, media_type)}, headers=caller.headers
    )


def stored_objects(settings: Settings) -> list[Path]:
    root = settings.storage_root
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def document_rows(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(orm.Document)) or 0)


def test_a_document_is_uploaded_previewed_and_imported_as_a_linked_scenario(
    client: TestClient, people: dict[str, Caller]
) -> None:
    author = people["owner"]
    data = (FIXTURES / "quiz.md").read_bytes()

    created = upload(client, author, "quiz.md", data, "text/markdown")
    assert created.status_code == 201, created.text
    document = created.json()
    assert document["storage"] == "inline"
    preview = client.post(f"/documents/{document['id']}/preview", headers=author.headers)
    assert preview.status_code == 200, preview.text
    questions = preview.json()["questions"]
    assert len(questions) == 2
    assert all(q["source"] for q in questions)

    imported = client.post(f"/documents/{document['id']}/import", json={}, headers=author.headers)

    assert imported.status_code == 201, imported.text
    scenario = client.get(f"/scenarios/{imported.json()['id']}", headers=author.headers).json()
    assert scenario["title"] == preview.json()["title"]
    assert len(scenario["questions"]) == 2
    for extracted, saved in zip(questions, scenario["questions"], strict=True):
        correct = [c["label"] for c in extracted["choices"] if c["is_correct"]]
        assert [c["label"] for c in saved["choices"] if c["is_correct"]] == correct
    # Linked in order, so it plays as written.
    assert scenario["first_question_id"] == scenario["questions"][0]["id"]
    assert scenario["questions"][0]["links"][0]["to_question_id"] == scenario["questions"][1]["id"]


def test_importing_a_real_libreoffice_docx_with_an_unanswered_question_saves_nothing(
    client: TestClient, people: dict[str, Caller], sessions: sessionmaker[Session]
) -> None:
    author = people["owner"]
    data = (FIXTURES / "libreoffice-quiz.docx").read_bytes()
    document = upload(client, author, "quiz.docx", data).json()
    preview = client.post(f"/documents/{document['id']}/preview", headers=author.headers).json()
    warnings = [w["message"] for w in preview["warnings"]]
    assert "question 4: no correct answer is marked" in warnings

    refused = client.post(f"/documents/{document['id']}/import", json={}, headers=author.headers)

    assert refused.status_code == 422
    assert "question 4 (paragraph 18)" in refused.json()["detail"]
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(orm.Scenario)) == 0


def test_uploading_the_same_file_twice_stores_its_original_once(
    client: TestClient, people: dict[str, Caller], settings: Settings
) -> None:
    data = (FIXTURES / "word-numbering.docx").read_bytes()
    upload(client, people["owner"], "a.docx", data)
    before = stored_objects(settings)

    again = upload(client, people["owner"], "b.docx", data)

    assert again.status_code == 201
    assert stored_objects(settings) == before


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (300 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "media_type", "status", "code"),
    [
        ("picture.docx", lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 100, DOCX, 422, "invalid_document"),
        (
            "locked.docx",
            lambda: (FIXTURES / "encrypted.docx").read_bytes(),
            DOCX,
            422,
            "invalid_document",
        ),
        ("bomb.docx", zip_bomb, DOCX, 422, "invalid_document"),
        ("empty.txt", lambda: b"   \n\n", "text/plain", 422, "invalid_document"),
        ("big.txt", lambda: b"x" * (1100 * 1024), "text/plain", 413, "payload_too_large"),
        (
            "tool.exe",
            lambda: b"MZ\x90\x00" + b"\0" * 64,
            "application/x-msdownload",
            415,
            "unsupported_media_type",
        ),
        (
            "broken.gdoc",
            lambda: b'{"url": "https://example.com/nothing"}',
            "application/json",
            422,
            "google_doc_unavailable",
        ),
    ],
    ids=[
        "renamed-png",
        "password-protected",
        "zip-bomb",
        "empty",
        "oversized",
        "wrong-type",
        "malformed-gdoc",
    ],
)
def test_bad_uploads_get_a_clear_4xx_and_nothing_is_saved(
    client: TestClient,
    people: dict[str, Caller],
    settings: Settings,
    sessions: sessionmaker[Session],
    name: str,
    make: object,
    media_type: str,
    status: int,
    code: str,
) -> None:
    response = upload(client, people["owner"], name, make(), media_type)  # type: ignore[operator]

    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == code
    assert response.json()["detail"]
    assert document_rows(sessions) == 0
    assert stored_objects(settings) == []


def test_html_full_of_scripts_comes_out_sanitised(
    client: TestClient, people: dict[str, Caller]
) -> None:
    hostile = (FIXTURES / "hostile.html").read_bytes()

    created = upload(client, people["owner"], "hostile.html", hostile, "text/html")

    assert created.status_code == 201, created.text
    html = client.get(f"/documents/{created.json()['id']}", headers=people["owner"].headers).json()[
        "html"
    ]
    lowered = html.lower()
    for forbidden in ("<script", "onerror", "onclick", "javascript:", "<iframe", "http://tracker"):
        assert forbidden not in lowered


def test_learners_cannot_upload_and_nobody_reads_another_authors_document(
    client: TestClient, people: dict[str, Caller]
) -> None:
    data = (FIXTURES / "quiz.txt").read_bytes()
    assert upload(client, people["learner"], "quiz.txt", data, "text/plain").status_code == 403
    created = upload(client, people["owner"], "quiz.txt", data, "text/plain").json()

    other = client.get(f"/documents/{created['id']}", headers=people["other_author"].headers)

    assert other.status_code == 404


def test_exports_stream_txt_and_pdf_with_and_without_answers(
    client: TestClient, people: dict[str, Caller], scenario: uuid.UUID
) -> None:
    h = people["owner"].headers
    plain = client.get(f"/scenarios/{scenario}/export", params={"format": "txt"}, headers=h)
    keyed = client.get(
        f"/scenarios/{scenario}/export", params={"format": "txt", "answers": "true"}, headers=h
    )
    pdf = client.get(f"/scenarios/{scenario}/export", params={"format": "pdf"}, headers=h)
    bank = client.get("/bank/export", params={"format": "txt"}, headers=h)

    assert plain.status_code == 200
    assert "Pick" in plain.text
    assert "Answer:" not in plain.text
    assert "Answer: A" in keyed.text
    assert keyed.headers["content-disposition"].endswith('-answers.txt"')
    assert pdf.content.startswith(b"%PDF")
    assert "Branching" in bank.text
    learner = client.get(f"/scenarios/{scenario}/export", headers=people["learner"].headers)
    assert learner.status_code == 403


def test_a_learner_downloads_a_pdf_report_of_their_own_attempt_only(
    client: TestClient, people: dict[str, Caller], scenario: uuid.UUID
) -> None:
    learner = people["learner"]
    attempt = client.post(
        "/attempts", json={"scenario_id": str(scenario)}, headers=learner.headers
    ).json()
    client.post(
        f"/attempts/{attempt['id']}/answers",
        json={"question_id": attempt["current_question"]["id"], "choices": ["B"]},
        headers=learner.headers,
    )

    report = client.get(f"/attempts/{attempt['id']}/report", headers=learner.headers)
    other = client.get(f"/attempts/{attempt['id']}/report", headers=people["other_learner"].headers)

    assert report.status_code == 200
    assert report.content.startswith(b"%PDF")
    assert other.status_code == 404
