"""Google Docs: references, the Docs API through the client's own HttpMock, and conversion."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from googleapiclient.http import HttpMock, HttpMockSequence

from quizflow.documents.importers import (
    fetch_google_doc,
    gdoc_reference,
    google_doc_to_document,
    import_document,
)
from quizflow.errors import (
    GoogleCredentialsMissingError,
    GoogleDocUnavailableError,
    InvalidDocumentError,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "documents"
QUIZ = FIXTURES / "gdoc-quiz.json"
DOC_ID = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCd"


def error_body(code: int, message: str, status: str) -> str:
    return json.dumps({"error": {"code": code, "message": message, "status": status}})


# --- references -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "reference",
    [
        # What Drive for desktop writes in a .gdoc file
        json.dumps({"doc_id": DOC_ID, "email": "ana@example.org",
                    "resource_id": f"document:{DOC_ID}",
                    "url": f"https://docs.google.com/document/d/{DOC_ID}/edit?usp=docslist_api"}),
        json.dumps({"url": f"https://docs.google.com/document/d/{DOC_ID}/edit"}),
        json.dumps({"resource_id": f"document:{DOC_ID}"}),
        f"https://docs.google.com/document/d/{DOC_ID}/edit#heading=h.abc",
        f"https://docs.google.com/document/u/1/d/{DOC_ID}/view",
        f"https://drive.google.com/open?id={DOC_ID}",
        f"  {DOC_ID}\n",
    ],
)  # fmt: skip
def test_reference_forms_all_give_the_document_id(reference: str) -> None:
    assert gdoc_reference(reference) == DOC_ID
    assert gdoc_reference(b"\xef\xbb\xbf" + reference.encode()) == DOC_ID


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ('{"doc_id": ', "not valid JSON"),
        ('{"email": "ana@example.org"}', "does not name a Google Doc"),
        ('["not", "an", "object"]', "does not name a Google Doc"),
        ('{"doc_id": "has spaces and / slashes"}', "is not a Google Docs link or document id"),
        (f"https://docs.google.com/spreadsheets/d/{DOC_ID}/edit", "not a Google Docs document"),
        ("", "is not a Google Docs link or document id"),
        ("short", "is not a Google Docs link or document id"),
    ],
)
def test_malformed_references_say_what_is_wrong(reference: str, message: str) -> None:
    with pytest.raises(GoogleDocUnavailableError, match=message):
        gdoc_reference(reference)


# --- fetching through the Docs API ------------------------------------------------------------


def test_fetch_returns_the_documents_get_body() -> None:
    document = fetch_google_doc(DOC_ID, http=HttpMock(str(QUIZ), {"status": "200"}))
    assert document["documentId"] == DOC_ID
    assert document["title"] == "Fire safety quiz"


def test_fetch_of_a_doc_not_shared_with_us_says_so() -> None:
    http = HttpMockSequence(
        [({"status": "403"}, error_body(403, "The caller does not have permission",
                                        "PERMISSION_DENIED"))]
    )  # fmt: skip
    with pytest.raises(GoogleDocUnavailableError, match="not shared with the service account"):
        fetch_google_doc(DOC_ID, http=http)


def test_fetch_of_a_deleted_doc_says_so() -> None:
    http = HttpMockSequence(
        [({"status": "404"}, error_body(404, "Requested entity was not found.", "NOT_FOUND"))]
    )
    with pytest.raises(GoogleDocUnavailableError, match="does not exist or was deleted"):
        fetch_google_doc(DOC_ID, http=http)


def test_fetch_gives_up_after_retrying_server_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("googleapiclient.http.time.sleep", lambda seconds: None)
    failure = ({"status": "503"}, error_body(503, "The service is currently unavailable.",
                                             "UNAVAILABLE"))  # fmt: skip
    http = HttpMockSequence([failure, failure, failure])
    with pytest.raises(GoogleDocUnavailableError, match="HTTP 503"):
        fetch_google_doc(DOC_ID, http=http)


def test_fetch_retries_a_server_error_then_succeeds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("googleapiclient.http.time.sleep", lambda seconds: None)
    http = HttpMockSequence(
        [({"status": "500"}, error_body(500, "Internal error", "INTERNAL")),
         ({"status": "200"}, QUIZ.read_text(encoding="utf-8")),
         ({"status": "404"}, "")]  # its image's contentUri has expired
    )  # fmt: skip
    assert fetch_google_doc(DOC_ID, http=http)["title"] == "Fire safety quiz"


def test_missing_credentials_file_is_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(tmp_path / "missing-key.json"))
    with pytest.raises(GoogleCredentialsMissingError, match="GOOGLE_APPLICATION_CREDENTIALS"):
        fetch_google_doc(DOC_ID)


def test_unreadable_credentials_file_is_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    key = tmp_path / "key.json"
    key.write_text("this is not a service-account key", encoding="utf-8")
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(key))
    with pytest.raises(GoogleCredentialsMissingError):
        fetch_google_doc(DOC_ID)


# --- conversion -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def quiz() -> Any:
    return google_doc_to_document(
        fetch_google_doc(DOC_ID, http=HttpMock(str(QUIZ), {"status": "200"}))
    )


def test_google_doc_blocks_with_computed_list_labels(quiz: Any) -> None:
    assert quiz.title == "Fire safety quiz"
    shapes = [(b.kind, b.level, b.list_kind, b.list_label, b.all_bold, b.text) for b in quiz.blocks]
    assert shapes == [
        ("heading", 1, None, None, False, "Fire safety quiz"),
        ("heading", 1, None, None, False, "Scenario"),  # the table of contents is skipped
        ("paragraph", 0, None, None, False,
         "You smell smoke in the staff kitchen. Read the fire policy first."),
        ("paragraph", 0, None, None, False, ""),
        ("heading", 2, None, None, False, "Questions"),
        ("list_item", 0, "numbered", "1.", False, "What do you do first?"),
        ("list_item", 1, "numbered", "a)", False, "Open the window"),
        ("list_item", 1, "numbered", "b)", True, "Raise the alarm"),
        ("list_item", 1, "numbered", "c)", False, "Finish your coffee"),
        ("list_item", 0, "numbered", "2.", False, "Which formula is water?"),
        ("list_item", 1, "numbered", "a)", True, "H2O"),
        ("list_item", 1, "numbered", "b)", False, "CO2"),
        ("list_item", 2, "numbered", "(i)", False, "It is a gas at room temperature"),
        ("list_item", 0, "bulleted", None, False, "Take your time"),
        ("list_item", 1, "bulleted", None, False, "Really"),
        ("paragraph", 0, None, None, False, "How sure are you?"),
        ("list_item", 0, "numbered", "C.", False, "Very sure"),  # startNumber 3
        ("list_item", 0, "numbered", "D.", False, "Not sure"),
        ("paragraph", 0, None, None, False, "Thank you. The safety team"),
        ("table_row", 0, None, None, False, "Question | Answer"),
        ("table_row", 0, None, None, False, "1 | b"),
        ("table_row", 0, None, None, False, "2 | a (H₂O)"),
    ]  # fmt: skip


def test_google_doc_inline_html(quiz: Any) -> None:
    context = quiz.blocks[2]
    assert context.html == (
        "You smell smoke in the <em>staff kitchen</em>. Read the <a href="
        '"https://example.org/fire-policy" rel="noopener noreferrer nofollow">fire policy</a> '
        "first."
    )
    assert quiz.blocks[8].html == "Finish your <s>coffee</s>"
    assert quiz.blocks[11].html == "CO<sub>2</sub>"
    assert quiz.blocks[18].html == "Thank you.<br>The safety team"  # \u000b is a soft break


def test_google_doc_image_keeps_its_description_but_never_a_remote_source(quiz: Any) -> None:
    assert quiz.blocks[3].html == '<img alt="Floor plan of the ground floor">'
    assert "googleusercontent" not in quiz.html
    assert quiz.images == ()


def test_google_doc_table_rows(quiz: Any) -> None:
    rows = [b for b in quiz.blocks if b.kind == "table_row"]
    assert [r.cells for r in rows] == [("Question", "Answer"), ("1", "b"), ("2", "a (H₂O)")]
    assert [r.source for r in rows] == ["table 1, row 1", "table 1, row 2", "table 1, row 3"]
    assert rows[1].html == "1 | <strong>b</strong>"
    assert quiz.blocks[5].source == "paragraph 7"


def test_google_doc_with_tabs_reads_the_first_tab() -> None:
    body = json.loads(QUIZ.read_text(encoding="utf-8"))
    tabbed = {"title": body["title"], "documentId": DOC_ID, "tabs": [{
        "tabProperties": {"tabId": "t.0", "title": "Tab 1", "index": 0},
        "documentTab": {key: body[key] for key in ("body", "lists", "inlineObjects")},
    }]}  # fmt: skip
    assert google_doc_to_document(tabbed).blocks == google_doc_to_document(body).blocks


def test_empty_google_doc_is_rejected() -> None:
    empty = {"title": "Untitled document", "body": {"content": [
        {"endIndex": 1, "sectionBreak": {"sectionStyle": {}}},
        {"startIndex": 1, "endIndex": 2, "paragraph": {
            "elements": [{"startIndex": 1, "endIndex": 2, "textRun": {"content": "\n"}}],
            "paragraphStyle": {"namedStyleType": "NORMAL_TEXT"}}},
    ]}}  # fmt: skip
    with pytest.raises(InvalidDocumentError, match="the document is empty"):
        google_doc_to_document(empty)


def test_gdoc_file_with_a_malformed_id_is_refused_before_any_request() -> None:
    with pytest.raises(GoogleDocUnavailableError, match="not a Google Docs link or document id"):
        import_document(b'{"doc_id": "../../etc/passwd"}', filename="Quiz.gdoc")
    with pytest.raises(GoogleDocUnavailableError, match="does not name a Google Doc"):
        import_document(b'{"email": "ana@example.org"}', filename="Quiz.gdoc")
