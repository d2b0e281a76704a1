"""PDF export of scenarios (with or without the answer key) and of an attempt's report.

The library was chosen by measurement. One A4 document, 1,000 questions of four choices with
"é ü ß 中文 日本語 ✓ →" in every prompt and explanation, answers shown, built in a fresh process
(imports included, best of 3) on the 2-core reference machine. Fidelity: pypdf extracts the
sample back whole from page 1, and page 1 rendered by pdftoppm shows real glyphs, no tofu.

    library, layout, font                          time    size     pages  pypdf text
    fpdf2 2.8.9, multi_cell, Noto CJK (CFF)        5.8 s   222 KiB  167    garbled (NULs)
    fpdf2 2.8.9, multi_cell, WQY Micro Hei         5.7 s   217 KiB  167    exact
    fpdf2 2.8.9, own breaking, Noto CJK (CFF)      1.0 s   214 KiB  167    garbled (NULs)
    fpdf2 2.8.9, own breaking, Noto as TT subset   1.5 s   294 KiB  200    exact   <- this module
    reportlab 5.1.0 platypus, WQY Micro Hei        1.2 s   227 KiB  154    exact
    reportlab 5.1.0, Noto CJK (CFF)                fails: "postscript outlines are not supported"
    weasyprint 70.0, Noto CJK                      21.0 s  487 KiB  171    exact
    weasyprint 70.0, WQY Micro Hei                 10.8 s  212 KiB  143    exact

(This module's layout has footers, marks and more spacing, hence more pages; in-process, with
imports and the font lookup already done, bench/bench_export.py times it at 1.0-1.3 s.)

Why fpdf2: pure Python from PyPI, one `FPDF` per document (reportlab registers fonts in a
process-wide table, wrong for a per-request subset), and fast enough once two of its costs are
avoided. Its `multi_cell` re-measures the line for every character (quadratic): paragraphs are
broken here instead, word by word with cached widths (a CJK character may break anywhere), and
set with `cell`. Its CFF font path writes an embedded encoding CMap that pypdf and pdfminer.six
cannot decode: fonts.truetype_subset hands it a TrueType subset instead. The one font that
covers everything, Noto Sans CJK, comes from PyPI (see fonts.py), so `pip install` alone makes
PDFs, with no root and no system package; weasyprint needs Pango from the system.

Streaming: a PDF's cross-reference table holds every object's byte offset and its font subset
depends on every glyph used, so no page can be sent before the whole document is laid out. The
document is built in memory when the iterator is first advanced (~300 KiB for 1,000 questions)
and handed on in 64 KiB chunks: a streaming response does the CPU work in its worker thread,
not in the request handler. The font is located earlier, when the function is called, so a
missing font fails before any byte is sent.
"""

from __future__ import annotations

import itertools
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from quizflow.documents.export_model import (
    AttemptItem,
    AttemptReport,
    ExportBank,
    ExportQuestion,
    ExportScenario,
)
from quizflow.documents.exporters.fonts import PdfFont, locate_font, truetype_subset

if TYPE_CHECKING:
    from fpdf import FPDF

CHUNK_BYTES = 65_536
_MARGIN = 18.0  # mm
_INDENT = 7.0  # mm, choices under their question
_BLACK = (20, 20, 20)
_GREY = (95, 95, 95)
_GREEN = (18, 120, 50)
_RED = (170, 30, 30)
#: Characters the layout itself may set (labels, numbers, dates, marks), whatever the content.
_UI_TEXT = "".join(chr(code) for code in range(0x20, 0x7F)) + "✓×–→—·…"
#: Break opportunities: any CJK character (no spaces between words), a run of other non-space
#: characters (a word), a run of spaces.
_TOKENS = re.compile(
    r"[\u1100-\u11ff\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef"
    r"\U00020000-\U0003ffff]|[^\s\u1100-\u11ff\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff"
    r"\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]+|\s+"
)


def export_pdf(
    document: ExportScenario | ExportBank,
    *,
    with_answers: bool,
    font_dir: Path | None = None,
) -> Iterator[bytes]:
    """The document as PDF bytes in chunks; without answers no mark of correctness appears.

    Raises ConfigurationError (now, not while iterating) when no suitable font is installed.
    """
    font = locate_font(font_dir)
    return _chunks(lambda: _render_document(document, font, with_answers=with_answers))


def attempt_report_pdf(report: AttemptReport, *, font_dir: Path | None = None) -> Iterator[bytes]:
    """An attempt's report as PDF bytes in chunks: score, each answer, correctness, the path.

    Raises ConfigurationError (now, not while iterating) when no suitable font is installed.
    """
    font = locate_font(font_dir)
    return _chunks(lambda: _render_report(report, font))


def attempt_reports_pdf(
    reports: Sequence[AttemptReport], *, title: str, font_dir: Path | None = None
) -> Iterator[bytes]:
    """Several attempts' reports in one PDF, each from a new page (none: one line saying so).

    Raises ConfigurationError (now, not while iterating) when no suitable font is installed.
    """
    font = locate_font(font_dir)
    return _chunks(lambda: _render_reports(reports, title, font))


def _chunks(render: Callable[[], bytes]) -> Iterator[bytes]:
    data = memoryview(render())
    for start in range(0, len(data), CHUNK_BYTES):
        yield bytes(data[start : start + CHUNK_BYTES])


class _Writer:
    """Flowing text on A4 pages in one embedded font, with page footers.

    The font is cut down to `characters` (every character the document will show) first: the
    subset, with TrueType outlines, lives in a temporary file until `output` has embedded it.
    """

    def __init__(self, font: PdfFont, *, title: str, characters: Iterable[str]) -> None:
        from fpdf import FPDF

        self.title = title
        self._folder = tempfile.TemporaryDirectory(prefix="quizflow-pdf-")
        font_file = Path(self._folder.name) / "body.ttf"
        font_file.write_bytes(truetype_subset(font, itertools.chain((_UI_TEXT,), characters)))
        self.pdf: FPDF = FPDF(format="A4", unit="mm")
        self.pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
        self.pdf.set_auto_page_break(True, margin=_MARGIN)
        self.pdf.set_title(title)
        self.pdf.set_creator("quizflow")
        self.pdf.add_font("body", fname=font_file)
        self.pdf.set_font("body", size=10)
        self.pdf.add_page()
        self._widths: dict[str, float] = {}

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        for font in self.pdf.fonts.values():
            close = getattr(font, "close", None)
            if close is not None:
                close()
        self._folder.cleanup()

    def _width(self, token: str, size: float) -> float:
        # Widths scale with the size: measure each token once, at 10 pt.
        width = self._widths.get(token)
        if width is None:
            self.pdf.set_font_size(10)
            width = self._widths[token] = self.pdf.get_string_width(token)
            self.pdf.set_font_size(size)
        return width * size / 10

    def _lines(self, text: str, width: float, size: float) -> list[str]:
        lines: list[str] = []
        for paragraph in text.splitlines() or [""]:
            line, used = "", 0.0
            for token in _TOKENS.findall(paragraph):
                if token.isspace():
                    if line:
                        line += " "
                        used += self._width(" ", size)
                    continue
                token_width = self._width(token, size)
                if used + token_width > width and line:
                    lines.append(line.rstrip())
                    line, used = "", 0.0
                if token_width > width:
                    # A word wider than the line: break it between characters.
                    for char in token:
                        char_width = self._width(char, size)
                        if used + char_width > width and line:
                            lines.append(line)
                            line, used = "", 0.0
                        line += char
                        used += char_width
                    continue
                line += token
                used += token_width
            lines.append(line.rstrip())
        return lines

    def text(
        self,
        text: str,
        *,
        size: float = 10,
        indent: float = 0,
        prefix: str = "",
        hang: float | None = None,
        color: tuple[int, int, int] = _BLACK,
        before: float = 0,
        mark: tuple[str, tuple[int, int, int]] | None = None,
    ) -> None:
        """A paragraph, its lines hanging after `prefix` (a number, a label, a name).

        `hang` reserves that many mm for the prefix (default: its width); `mark` is a sign set
        in the margin left of the first line, in its own colour (✓ beside a correct choice).
        """
        pdf = self.pdf
        pdf.set_font_size(size)
        height = size * 0.48
        if hang is None:
            hang = self._width(prefix, size) if prefix else 0.0
        width = pdf.epw - indent - hang
        lines = self._lines(text.strip(), width, size)
        if before:
            pdf.ln(before)
        pdf.set_text_color(*color)
        left = pdf.l_margin + indent
        for number, line in enumerate(lines):
            # Lines are laid out here already, so each is set with `text` at its baseline:
            # `cell` would measure, align and shape it again (most of an export's time).
            if pdf.will_page_break(height):
                pdf.add_page()
            baseline = pdf.y + 0.5 * height + 0.3 * pdf.font_size  # where `cell` puts it
            if number == 0 and mark is not None:
                pdf.set_text_color(*mark[1])
                pdf.text(left - 5, baseline, mark[0])
                pdf.set_text_color(*color)
            if number == 0 and prefix:
                pdf.text(left, baseline, prefix)
            pdf.text(left + hang, baseline, line)
            pdf.set_xy(pdf.l_margin, pdf.y + height)

    def keep(self, height: float) -> None:
        """Start a new page unless `height` mm fit on this one (keeps a question's head whole)."""
        if self.pdf.will_page_break(height):
            self.pdf.add_page()

    def output(self) -> bytes:
        pdf = self.pdf
        pdf.set_auto_page_break(False)
        pdf.set_font_size(8)
        pdf.set_text_color(*_GREY)
        total = pdf.pages_count
        title = self.title if len(self.title) <= 60 else self.title[:59] + "…"
        for page in range(1, total + 1):
            pdf.page = page
            pdf.set_xy(_MARGIN, pdf.h - _MARGIN + 6)
            pdf.cell(pdf.epw * 0.8, 4, title)
            pdf.cell(pdf.epw * 0.2, 4, f"{page} / {total}", align="R")
        return bytes(pdf.output())


def _render_document(
    document: ExportScenario | ExportBank, font: PdfFont, *, with_answers: bool
) -> bytes:
    scenarios = (document,) if isinstance(document, ExportScenario) else document.scenarios
    characters = itertools.chain((document.title,), *(_scenario_text(s) for s in scenarios))
    with _Writer(font, title=document.title, characters=characters) as writer:
        if isinstance(document, ExportScenario):
            _scenario(writer, document, with_answers=with_answers)
        else:
            writer.text(document.title, size=20)
            writer.text(_count(len(document.scenarios), "scenario"), size=9, color=_GREY, before=1)
            for scenario in document.scenarios:
                writer.pdf.add_page()
                _scenario(writer, scenario, with_answers=with_answers)
        return writer.output()


def _scenario_text(scenario: ExportScenario) -> Iterator[str]:
    yield scenario.title
    yield scenario.context_text
    for question in scenario.questions:
        yield question.prompt_text
        yield question.explanation_text or ""
        for choice in question.choices:
            yield choice.label
            yield choice.text
            yield choice.feedback or ""


def _scenario(writer: _Writer, scenario: ExportScenario, *, with_answers: bool) -> None:
    writer.text(scenario.title, size=16)
    details = ["draft" if scenario.version is None else f"version {scenario.version}"]
    details.append(_count(len(scenario.questions), "question"))
    if with_answers:
        details.append("with answers and explanations")
    writer.text(" · ".join(details), size=9, color=_GREY, before=1)
    if scenario.context_text.strip():
        writer.text(scenario.context_text, size=10.5, before=4)
    for question in scenario.questions:
        _question(writer, question, with_answers=with_answers)


def _question(writer: _Writer, question: ExportQuestion, *, with_answers: bool) -> None:
    writer.keep(18)
    writer.text(question.prompt_text, size=11, prefix=f"{question.number}. ", before=4)
    notes = []
    if not question.is_multiple_choice:
        notes.append("Answer in your own words.")
    elif question.multi_select:
        notes.append("Select all that apply.")
    if question.points != 1:
        notes.append(f"{question.points} points")
    if notes:
        writer.text(" ".join(notes), size=8.5, indent=_INDENT, color=_GREY, before=0.5)
    for choice in question.choices:
        correct = with_answers and choice.is_correct
        writer.text(
            choice.text,
            size=10,
            indent=_INDENT,
            prefix=f"{choice.label}) ",
            color=_GREEN if correct else _BLACK,
            before=0.8,
            mark=("✓", _GREEN) if correct else None,
        )
        if with_answers and choice.feedback:
            writer.text(choice.feedback, size=8.5, indent=_INDENT + 6, color=_GREY)
    if with_answers:
        if question.correct_labels:
            answer = ", ".join(question.correct_labels)
            writer.text(answer, size=10, indent=_INDENT, prefix="Answer: ", before=1.5)
        if question.explanation_text:
            writer.text(
                question.explanation_text,
                size=9.5,
                indent=_INDENT,
                prefix="Explanation: ",
                color=_GREY,
                before=0.8,
            )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _when(moment: datetime | None) -> str:
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _render_report(report: AttemptReport, font: PdfFont) -> bytes:
    title = f"{report.scenario_title}: attempt {report.attempt} report"
    with _Writer(font, title=title, characters=_report_text(report)) as writer:
        _report(writer, report)
        return writer.output()


def _render_reports(reports: Sequence[AttemptReport], title: str, font: PdfFont) -> bytes:
    characters = itertools.chain((title,), *(_report_text(report) for report in reports))
    with _Writer(font, title=title, characters=characters) as writer:
        if not reports:
            writer.text(title, size=16)
            writer.text("No attempt.", size=10, color=_GREY, before=2)
        for number, report in enumerate(reports):
            if number:
                writer.pdf.add_page()
            _report(writer, report)
        return writer.output()


def _report_text(report: AttemptReport) -> Iterator[str]:
    yield from (report.learner, report.scenario_title, report.status)
    for item in report.items:
        yield from (item.prompt_text, item.free_text or "", item.explanation_text or "")
        yield from item.correct_labels
        for chosen in item.chosen:
            yield from (chosen.label, chosen.text)


def _report(writer: _Writer, report: AttemptReport) -> None:
    writer.text("Attempt report", size=9, color=_GREY)
    writer.text(report.scenario_title, size=16, before=1)
    score = str(report.score)
    if report.max_score is not None:
        score += f" / {report.max_score}"
    facts = (
        ("Learner", report.learner),
        ("Scenario", f"version {report.version}, attempt {report.attempt}"),
        ("Status", report.status.replace("_", " ")),
        ("Score", score),
        ("Started", _when(report.started_at)),
        ("Completed", _when(report.completed_at)),
        ("Path taken", " → ".join(f"Q{number}" for number in report.path) or "—"),
    )
    writer.pdf.ln(3)
    for name, value in facts:
        writer.text(value, size=10, prefix=f"{name}:", hang=26, color=_BLACK, before=0.6)
    writer.text("Answers", size=13, before=6)
    if not report.items:
        writer.text("No question was answered.", size=10, color=_GREY, before=2)
    for item in report.items:
        _report_item(writer, item)


def _report_item(writer: _Writer, item: AttemptItem) -> None:
    writer.keep(20)
    writer.text(item.prompt_text, size=10.5, prefix=f"Q{item.number}. ", before=4)
    if item.free_text is not None:
        answer = item.free_text
    else:
        answer = "; ".join(f"{c.label}) {c.text}" for c in item.chosen) or "—"
    writer.text(answer, size=10, indent=_INDENT, prefix="Answer: ", before=0.8)
    if item.is_correct is None:
        verdict, color = "– Not graded (written answer)", _GREY
    elif item.is_correct:
        verdict, color = f"✓ Correct (+{item.score})", _GREEN
    else:
        verdict, color = f"× Incorrect ({item.score})", _RED
    writer.text(verdict, size=10, indent=_INDENT, color=color, before=0.8)
    if item.is_correct is False and item.correct_labels:
        correct = ", ".join(item.correct_labels)
        writer.text(correct, size=10, indent=_INDENT, prefix="Correct answer: ", before=0.5)
    if item.explanation_text:
        writer.text(
            item.explanation_text,
            size=9.5,
            indent=_INDENT,
            prefix="Explanation: ",
            color=_GREY,
            before=0.8,
        )
