"""The real Word banks and Docs responses in ../shared/documents, read in place.

Each file is a teacher's or a tool's own document (SOURCES.md there says where it comes
from); EXPECTED.json holds, per file, the correct labels of every choice question as a
person reading it sees them.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from quizflow.documents.extract import Extraction, extract_questions
from quizflow.documents.importers import google_doc_to_document, import_document
from quizflow.services.imports import check_extraction

_REPO = Path(__file__).resolve().parents[3]
SHARED = next(
    p / "shared" / "documents" for p in _REPO.parents if (p / "shared" / "documents").is_dir()
)
WORD = SHARED / "word"
EXPECTED: dict[str, Any] = json.loads((WORD / "EXPECTED.json").read_text(encoding="utf-8"))


def _extract(name: str) -> Extraction:
    return extract_questions(import_document((WORD / name).read_bytes(), filename=name))


def _correct(extraction: Extraction) -> list[list[str]]:
    return [
        [c.label for c in q.choices if c.is_correct]
        for q in extraction.questions
        if q.is_multiple_choice and len(q.choices) >= 2
    ]


@pytest.mark.parametrize(
    "name",
    [
        # layout: Word auto-numbered options, "!" on the correct one, two quizzes (en)
        "en-word2quiz-autonumber-bang.docx",
        # "Câu N", the question in one paragraph of soft line breaks, "Đáp án: X" (vi)
        "vi-vnr202-linebreaks.docx",
        # only the letter of the correct option is bold; "B.Thiếu" without a space (vi)
        "vi-mcshuffle-bold-label.docx",
        # no letters, "☐" ballot boxes, the correct option highlighted (it)
        "it-politoexamimporter-highlight.docx",
        # the correct option restated as a fifth "x) …" line (pt)
        "pt-smartquiz-repeated-answer.docx",
        # Platonus "<question>"/"<variant>" rows of a one-column table, first variant correct (kk)
        "kk-platonus-table.docx",
    ],
)
def test_a_real_bank_imports_with_every_expected_answer(name: str) -> None:
    extraction = _extract(name)
    expected = [[label.upper() for label in labels] for labels in EXPECTED[name]["correct"]]
    assert _correct(extraction) == expected
    check_extraction(extraction)  # the real import accepts it (it refused each before)


def test_several_choices_on_one_line_and_colour_or_highlight_marks_vietnamese() -> None:
    # "A. …<tab>B. …<tab>C. …<tab>D. …", the correct one red and highlighted.
    name = "vi-word2quiz-tabs-colour.docx"
    found = _correct(_extract(name))
    expected = [[label.upper() for label in labels] for labels in EXPECTED[name]["correct"]]
    assert len(found) == 65
    assert sum(a == b for a, b in zip(found, expected, strict=True)) >= 64


def test_an_answer_appended_to_the_last_choice_in_chinese() -> None:
    # "D. 推理机 答案：ABCD": the key after the last option, full-width colon, letters run on.
    name = "zh-final-exam-multi.docx"
    extraction = _extract(name)
    expected = [[label.upper() for label in labels] for labels in EXPECTED[name]["correct"]]
    assert _correct(extraction)[:4] == expected[:4]
    assert all(q.multi_select for q in extraction.questions[:4])
    assert "答案" not in extraction.questions[0].choices[-1].body_text


def test_unnumbered_bold_stems_with_red_choices_in_french() -> None:
    name = "fr-progresys-red.docx"
    extraction = _extract(name)
    found = _correct(extraction)
    assert len(found) >= 76
    assert found[:9] == [[label.upper() for label in labels] for labels in
                         EXPECTED[name]["correct"][:9]]  # fmt: skip
    assert "<mark>" not in extraction.questions[0].choices[2].body_html  # the mark was the answer


def test_the_answer_number_before_the_question_in_russian() -> None:
    # "+ans" / "2" / "1. …" then bulleted options.
    extraction = _extract("ru-education-bot-ans-omml.docx")
    assert _correct(extraction)[:2] == [["B"], ["B"]]


def test_a_heading_per_question_and_highlighted_unlabelled_choices() -> None:
    name = "en-docx2qti-highlight.docx"
    found = _correct(_extract(name))
    expected = EXPECTED[name]["correct"]
    assert len(found) >= 10
    assert sum(a == b for a, b in zip(found, expected, strict=False)) >= 4


def _tabbed(doc: dict[str, Any]) -> dict[str, Any]:
    """A real legacy-shape response in the shape `includeTabsContent=True` returns (no real
    tabbed response was found in public; the fields are those of the Docs API reference):
    the body as a first tab, a copy of it as a child tab."""
    body = {k: doc[k] for k in ("body", "lists", "inlineObjects") if k in doc}
    child = {
        "tabProperties": {"tabId": "t.1", "title": "Part two"},
        "documentTab": copy.deepcopy(body),
    }
    return {
        "title": doc["title"],
        "documentId": doc["documentId"],
        "tabs": [{"tabProperties": {"tabId": "t.0", "title": "Part one"},
                  "documentTab": body, "childTabs": [child]}],
    }  # fmt: skip


def test_every_google_docs_tab_and_child_tab_is_read() -> None:
    doc = json.loads((SHARED / "gdocs" / "gatsby-source-google-docs-tables.json").read_text())
    flat = google_doc_to_document(doc)
    tabbed = google_doc_to_document(_tabbed(doc))
    texts = [b.text for b in tabbed.blocks]
    assert texts[0] == "Part one" and "Part two" in texts
    rows = [b for b in tabbed.blocks if b.kind == "table_row"]
    assert len(rows) == 2 * sum(b.kind == "table_row" for b in flat.blocks)
    assert rows[-1].source.startswith("tab 2, ")
