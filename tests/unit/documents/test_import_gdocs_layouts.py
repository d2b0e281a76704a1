"""Google Docs as Docs shows them, on the real `documents.get` responses of
../shared/documents/gdocs fetched through Google's own client and its HttpMock.

No public response has a checklist or a numbered heading, so those cases change the real
response the way Docs itself writes them: a checklist level has no glyph type or symbol
(`GLYPH_TYPE_UNSPECIFIED`, as googleapis/google-api-nodejs-client#2870 reports) and Docs
strikes a checked item through; a numbered heading is a heading paragraph with a `bullet`.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from googleapiclient.http import HttpMock

from quizflow.documents.extract import extract_questions
from quizflow.documents.importers import fetch_google_doc, google_doc_to_document
from quizflow.documents.model import NormalizedDocument

_REPO = Path(__file__).resolve().parents[3]
GDOCS = next(
    p / "shared" / "documents" / "gdocs"
    for p in _REPO.parents
    if (p / "shared" / "documents" / "gdocs").is_dir()
)
LISTS = GDOCS / "gatsby-source-google-docs-lists.json"
DOC_ID = "1vKqAsTALHsU6AviqRVqofzhfYOr29JLo4Zoemz9fRUw"
BULLETS = "kix.p8lx61nj7i0o"  # the list the response's items use: ● level 0, a. level 1
NUMBERED = "kix.3thjd8q44h9h"  # a list of the response: "%0." decimal, "%1." alpha


def _fetched(path: Path) -> NormalizedDocument:
    return google_doc_to_document(
        fetch_google_doc(DOC_ID, http=HttpMock(str(path), {"status": "200"}))
    )


def _served(doc: dict[str, Any], tmp_path: Path) -> NormalizedDocument:
    path = tmp_path / "response.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return _fetched(path)


def _paragraphs(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The body's paragraphs by their text."""
    out = {}
    for element in doc["body"]["content"]:
        if "paragraph" in element:
            text = "".join(
                e.get("textRun", {}).get("content", "") for e in element["paragraph"]["elements"]
            )
            out[text.strip()] = element["paragraph"]
    return out


def test_lettered_items_restart_under_each_bullet_as_docs_shows_them() -> None:
    document = _fetched(LISTS)
    lettered = [(b.text, b.list_label) for b in document.blocks if b.level == 1]
    assert lettered == [
        ("Sublist item 1", "a."), ("Sublist item 2", "b."), ("Sublist item 3", "c."),
        ("Sub list item 1", "a."), ("Sub list item 2", "b."), ("Sub list item 3", "c."),
    ]  # fmt: skip


def test_an_image_is_reported_with_its_alt_text(tmp_path: Path) -> None:
    (notice,) = _fetched(LISTS).notices
    assert notice.source == "paragraph 10"
    assert "it has no alt text" in notice.message
    doc = json.loads(LISTS.read_text(encoding="utf-8"))
    (image,) = doc["inlineObjects"].values()
    image["inlineObjectProperties"]["embeddedObject"]["description"] = "A red fire exit sign"
    document = _served(doc, tmp_path)
    (item,) = [b for b in document.blocks if "<img" in b.html]
    assert '<img alt="A red fire exit sign">' in item.html
    assert "'A red fire exit sign' is kept" in document.notices[0].message


def test_a_numbered_heading_counts_in_the_numbering(tmp_path: Path) -> None:
    doc = json.loads(LISTS.read_text(encoding="utf-8"))
    paragraphs = _paragraphs(doc)
    for paragraph in paragraphs.values():
        if "bullet" in paragraph:
            paragraph["bullet"]["listId"] = NUMBERED
    paragraphs["List item 2"]["paragraphStyle"]["namedStyleType"] = "HEADING_2"
    document = _served(doc, tmp_path)
    names = ("List item 1", "List item 2", "List item 3")
    shown = [(b.kind, b.list_label, b.text) for b in document.blocks if b.text.endswith(names)]
    assert shown == [
        ("list_item", "1.", "List item 1"),
        ("heading", None, "2. List item 2"),
        ("list_item", "3.", "List item 3"),
    ]
    assert [b.list_label for b in document.blocks if b.text == "Sub list item 1"] == ["a."]


def test_a_checklist_is_read_as_choices_its_checked_item_correct(tmp_path: Path) -> None:
    doc = json.loads(LISTS.read_text(encoding="utf-8"))
    level = doc["lists"][BULLETS]["listProperties"]["nestingLevels"][0]
    level.pop("glyphSymbol", None)
    level["glyphType"] = "GLYPH_TYPE_UNSPECIFIED"
    paragraphs = _paragraphs(doc)
    stem = copy.deepcopy(paragraphs["List item 1"])
    del stem["bullet"]
    stem["elements"] = [{"textRun": {"content": "Which item is done?\n", "textStyle": {}}}]
    # One level of choices: the nested items go.
    doc["body"]["content"] = [
        e for e in doc["body"]["content"]
        if e.get("paragraph", {}).get("bullet", {}).get("nestingLevel", 0) == 0
    ]  # fmt: skip
    first = next(
        k for k, e in enumerate(doc["body"]["content"]) if "bullet" in e.get("paragraph", {})
    )
    doc["body"]["content"].insert(first, {"paragraph": stem})
    for element in paragraphs["List item 4"]["elements"]:
        element["textRun"]["textStyle"]["strikethrough"] = True
    document = _served(doc, tmp_path)
    top = [(b.list_kind, b.html) for b in document.blocks if b.kind == "list_item" and b.level == 0]
    assert top[-2:] == [("bulleted", "✓ List item 4"), ("bulleted", "List item 5")]
    (question,) = extract_questions(document).questions
    assert question.prompt_text == "Which item is done?"
    assert [c.body_text for c in question.choices if c.is_correct] == ["List item 4"]


def test_table_cells_keep_their_formatting_in_the_html(tmp_path: Path) -> None:
    doc = json.loads((GDOCS / "gatsby-source-google-docs-tables.json").read_text(encoding="utf-8"))
    (table,) = [e["table"] for e in doc["body"]["content"] if "table" in e]
    cell = table["tableRows"][1]["tableCells"][0]
    run = cell["content"][0]["paragraph"]["elements"][0]["textRun"]
    run["textStyle"] = {"bold": True, "link": {"url": "https://example.org/col1"}}
    html = _served(doc, tmp_path).html
    assert "<th>" not in html and "<td>Col 2</td>" in html
    assert '<td><a href="https://example.org/col1" rel="noopener noreferrer nofollow">' in html
    assert "<strong>Col 1 line 1</strong></a></td>" in html
