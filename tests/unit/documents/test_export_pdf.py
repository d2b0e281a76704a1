import dataclasses
import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from quizflow.documents.export_model import (
    AttemptItem,
    AttemptReport,
    ExportBank,
    ExportChoice,
    ExportQuestion,
    ExportScenario,
    ReportChoice,
)
from quizflow.documents.exporters import fonts, pdf
from quizflow.documents.exporters.fonts import locate_font
from quizflow.documents.exporters.pdf import attempt_report_pdf, export_pdf
from quizflow.errors import ConfigurationError

UNICODE = "é ü ß 中文 日本語 ✓ →"
QUESTIONS = (
    ExportQuestion(
        1,
        f"Which café is open? {UNICODE}",
        (
            ExportChoice("A", "The one in Zürich", False, "Closed on Mondays."),
            ExportChoice("B", "The one in Köln", True, "Right: it opens at eight."),
        ),
        "Köln opens every day of the week.",
    ),
    ExportQuestion(
        2,
        "Pick every German letter.",
        (ExportChoice("A", "ß", True), ExportChoice("B", "ñ", False), ExportChoice("C", "ü", True)),
        "The letter ñ belongs to Spanish.",
        multi_select=True,
    ),
    ExportQuestion(
        3,
        "Describe the procedure in your own words.",
        explanation_text="Any answer that names both steps is fine.",
        is_multiple_choice=False,
    ),
)
SCENARIO = ExportScenario("Café 日本語", f"You run a café. {UNICODE}", QUESTIONS, version=3)
KEY_ONLY = (
    "Closed on Mondays",
    "Right: it opens at eight",
    "Köln opens every day",
    "ñ belongs to Spanish",
    "names both steps",
    "Answer:",
    "Explanation:",
)


def pdf_bytes(chunks: object) -> bytes:
    return b"".join(chunks)  # type: ignore[arg-type]


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) > 0
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_a_scenario_is_a_valid_pdf_with_every_question_and_the_unicode_sample() -> None:
    data = pdf_bytes(export_pdf(SCENARIO, with_answers=False))

    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    for question in QUESTIONS:
        assert flat(question.prompt_text) in flat(text)
    assert UNICODE in text
    assert "A) The one in Zürich" in text
    assert "Select all that apply." in text


def test_without_answers_no_explanation_feedback_or_correctness_mark_appears() -> None:
    plain = ExportScenario("Plain", "", QUESTIONS[1:])

    text = pdf_text(pdf_bytes(export_pdf(plain, with_answers=False)))

    for secret in (*KEY_ONLY, "✓"):
        assert secret not in text
    assert "B) ñ" in text


def test_with_answers_the_key_marks_explanations_and_feedback_appear() -> None:
    text = pdf_text(pdf_bytes(export_pdf(SCENARIO, with_answers=True)))

    for shown in KEY_ONLY:
        assert shown in text
    assert "Answer: A, C" in text
    assert text.count("✓") == 2 + 3  # the sample in the context and Q1, one per correct choice
    assert "with answers and explanations" in text


def test_questions_come_out_in_order_and_long_text_wraps_without_losing_a_character() -> None:
    long_prompt = "長い質問文" * 60 + " " + "Donaudampfschifffahrtsgesellschaftskapitän" * 4
    questions = tuple(
        ExportQuestion(n, f"Question number {n}: " + (long_prompt if n == 2 else "short"))
        for n in range(1, 6)
    )

    text = pdf_text(
        pdf_bytes(export_pdf(ExportScenario("Wrap", "", questions), with_answers=False))
    )

    positions = [flat(text).index(f"Questionnumber{n}:") for n in range(1, 6)]
    assert positions == sorted(positions)
    assert flat(long_prompt) in flat(text)


def test_a_bank_has_every_scenario() -> None:
    bank = ExportBank("Bank", (SCENARIO, ExportScenario("Second scenario", "", QUESTIONS[:1])))

    text = pdf_text(pdf_bytes(export_pdf(bank, with_answers=True)))

    assert "Bank" in text
    assert "Second scenario" in text
    assert text.count("Which café is open?") == 2


def test_the_pdf_comes_in_chunks_of_at_most_chunk_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "CHUNK_BYTES", 1024)

    chunks = list(export_pdf(SCENARIO, with_answers=True))

    assert len(chunks) > 1
    assert all(0 < len(chunk) <= 1024 for chunk in chunks)
    assert UNICODE in pdf_text(b"".join(chunks))


REPORT = AttemptReport(
    learner="Zoë Müller",
    scenario_title="Café 中文",
    version=2,
    attempt=1,
    status="completed",
    score=2,
    max_score=5,
    started_at=datetime(2025, 1, 2, 14, 3, tzinfo=UTC),
    completed_at=datetime(2025, 1, 2, 14, 20, tzinfo=UTC),
    items=(
        AttemptItem(
            1, "Which café?", (ReportChoice("B", "Köln ✓"),), None, True, 2, ("B",), "Köln opens."
        ),
        AttemptItem(
            3,
            "Pick the German letters.",
            (ReportChoice("A", "ß"), ReportChoice("C", "é")),
            None,
            False,
            0,
            ("A", "B"),
            "ß and ü are German.",
        ),
        AttemptItem(4, "Describe it.", (), "First greet → then serve 日本語.", None, 0, (), None),
    ),
    path=(1, 3, 4),
)


def test_an_attempt_report_has_score_answers_correctness_and_the_path() -> None:
    text = pdf_text(pdf_bytes(attempt_report_pdf(REPORT)))

    for shown in (
        "Zoë Müller",
        "Café 中文",
        "version 2, attempt 1",
        "completed",
        "2 / 5",
        "2025-01-02 14:03 UTC",
        "Q1 → Q3 → Q4",
        "Answer: B) Köln ✓",
        "✓ Correct (+2)",
        "Answer: A) ß; C) é",
        "× Incorrect (0)",
        "Correct answer: A, B",
        "ß and ü are German.",
        "Answer: First greet → then serve 日本語.",
        "Not graded",
    ):
        assert shown in text
    assert [int(n) for n in re.findall(r"^Q(\d+)\. ", text, re.MULTILINE)] == [1, 3, 4]


def test_a_font_folder_without_a_covering_font_is_a_configuration_error(tmp_path: Path) -> None:
    (tmp_path / "broken.ttf").write_bytes(b"not a font")

    with pytest.raises(ConfigurationError, match=r"QUIZFLOW_PDF_FONT_DIR=.*broken\.ttf"):
        locate_font(tmp_path)


def test_a_font_folder_with_a_covering_font_is_used(tmp_path: Path) -> None:
    installed = locate_font().path
    (tmp_path / "a-broken.ttf").write_bytes(b"not a font")
    (tmp_path / installed.name).symlink_to(installed)

    font = locate_font(tmp_path)

    assert font.path == tmp_path / installed.name
    assert UNICODE in pdf_text(
        pdf_bytes(export_pdf(SCENARIO, with_answers=False, font_dir=tmp_path))
    )


def test_no_font_installed_names_the_package_to_install_before_any_byte_is_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fonts.importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(fonts, "_SYSTEM_FONTS", ())
    fonts._locate.cache_clear()
    try:
        with pytest.raises(ConfigurationError, match="pip install noto-cjk-sans-jp-regular"):
            export_pdf(SCENARIO, with_answers=False)
        with pytest.raises(ConfigurationError, match="fonts-noto-cjk"):
            attempt_report_pdf(REPORT)
    finally:
        fonts._locate.cache_clear()


def test_the_embedded_font_is_a_small_truetype_subset_of_the_documents_characters() -> None:
    from fontTools.ttLib import TTFont

    subset = TTFont(io.BytesIO(fonts.truetype_subset(locate_font(), ["Ab", UNICODE])))

    assert "glyf" in subset
    assert "CFF " not in subset
    assert set(subset.getBestCmap()) == {ord(c) for c in "Ab" + UNICODE}
    assert len(subset.getGlyphOrder()) < 20
    assert len(pdf_bytes(export_pdf(SCENARIO, with_answers=True))) < 40_000


def test_a_report_of_an_attempt_with_no_answer_yet_says_so() -> None:
    fresh = dataclasses.replace(
        REPORT, status="in_progress", score=0, completed_at=None, items=(), path=(1,)
    )

    text = pdf_text(pdf_bytes(attempt_report_pdf(fresh)))

    assert "in progress" in text
    assert "No question was answered." in text
    assert "Path taken: Q1" in text
