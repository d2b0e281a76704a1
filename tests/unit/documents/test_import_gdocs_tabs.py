"""Google Docs tabs as sections, and one extraction per tab (for one scenario per tab)."""

from __future__ import annotations

from pathlib import Path

import pytest
from googleapiclient.http import HttpMock

from quizflow.documents.importers import fetch_google_doc, google_doc_to_document
from quizflow.documents.tabs import extract_per_tab
from quizflow.errors import InvalidInputError
from tests import gdocs_tabs


def fetched(response: dict[str, object], tmp_path: Path) -> dict[str, object]:
    path = gdocs_tabs.write(tmp_path / "documents-get.json", response)
    return fetch_google_doc(gdocs_tabs.DOC_ID, http=HttpMock(str(path), {"status": "200"}))


def test_every_tab_and_child_tab_is_a_section_holding_its_own_blocks(tmp_path: Path) -> None:
    document = google_doc_to_document(fetched(gdocs_tabs.tabbed(), tmp_path))

    assert [(s.source, s.title) for s in document.sections] == [
        ("tab 1", "Fire"), ("tab 2", "Lists"), ("tab 3", "First aid")]  # fmt: skip
    lists = document.section(document.sections[1], title=None)
    assert lists.blocks[0].text == "List item 1"  # the real response's first item, no heading
    assert all(b.source.startswith("tab 2, ") for b in lists.blocks)
    assert [n.source for n in lists.notices] == ["tab 2, paragraph 10"]  # its image


def test_each_tab_is_extracted_on_its_own_and_titled_by_document_and_tab(tmp_path: Path) -> None:
    document = google_doc_to_document(fetched(gdocs_tabs.tabbed(), tmp_path))

    tabs = extract_per_tab(document, fallback_title="unused")

    assert [(t.label, t.scenario_title, len(t.extraction.questions)) for t in tabs] == [
        ('tab 1 "Fire"', "Safety training — Fire", 2),
        ('tab 2 "Lists"', "Safety training — Lists", 0),
        ('tab 3 "First aid"', "Safety training — First aid", 1),
    ]
    # Numbering starts again in each tab, as each tab is read as a document of its own.
    assert [q.number for q in tabs[2].extraction.questions] == [1]
    assert tabs[2].extraction.title == "Safety training — First aid"


def test_a_doc_with_one_tab_gives_one_scenario(tmp_path: Path) -> None:
    one = {**gdocs_tabs.tabbed(), "tabs": [gdocs_tabs.tab("t.0", "Tab 1", 0, gdocs_tabs.typed(
        gdocs_tabs.FIRST_AID))]}  # fmt: skip

    (tab,) = extract_per_tab(google_doc_to_document(fetched(one, tmp_path)), fallback_title="x")

    assert tab.scenario_title == "Safety training — Tab 1"
    assert [q.prompt_text for q in tab.extraction.questions] == ["What do you check first?"]


def test_a_real_response_in_the_legacy_shape_has_no_tabs_to_split(tmp_path: Path) -> None:
    document = google_doc_to_document(fetched(gdocs_tabs.real("lists"), tmp_path))

    assert document.sections == ()
    with pytest.raises(InvalidInputError, match="this document has no tabs"):
        extract_per_tab(document, fallback_title="Lists")


def test_tabs_that_all_lack_questions_are_refused_as_a_whole(tmp_path: Path) -> None:
    from quizflow.services.import_tabs import check_tabs

    real_only = {**gdocs_tabs.tabbed(), "tabs": [
        gdocs_tabs.tab("t.0", "Lists", 0, gdocs_tabs.document_tab(gdocs_tabs.real("lists"))),
        gdocs_tabs.tab("t.1", "Tables", 1, gdocs_tabs.document_tab(gdocs_tabs.real("tables"))),
    ]}  # fmt: skip
    tabs = extract_per_tab(google_doc_to_document(fetched(real_only, tmp_path)), fallback_title="x")

    with pytest.raises(InvalidInputError, match="no questions were found in any tab"):
        check_tabs(tabs)
