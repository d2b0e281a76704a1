"""Time the exporters on one 1,000-question scenario: .txt and PDF, with and without answers.

    python -m bench export

Targets on the 2-core reference machine: PDF < 3 s and .txt < 0.3 s for 1,000 questions (best
of three, in process, after a warm-up). Every question carries accented Latin, CJK, ✓ and → so
the font subset is realistic. `export_rows` is cached, so the documents benchmark reuses these
figures when both run in one `python -m bench`.
"""

from __future__ import annotations

import functools
import io
import statistics
import time
from collections.abc import Callable, Iterator
from typing import Any

from bench.common import Figure, Report, version_of
from quizflow.documents.export_model import ExportChoice, ExportQuestion, ExportScenario
from quizflow.documents.exporters import export_pdf, export_txt, locate_font

SAMPLE = "é ü ß 中文 日本語 ✓ →"
TARGETS = {"txt": 0.3, "pdf": 3.0}
QUESTIONS = 1000
REPEAT = 3


def build_scenario(count: int) -> ExportScenario:
    """`count` questions of four choices, one in five multi-select, one in twenty free text."""
    questions = []
    for n in range(1, count + 1):
        free = n % 20 == 0
        questions.append(
            ExportQuestion(
                number=n,
                prompt_text=(
                    f"Question {n}: a learner in Zürich meets the owner of a café. Which step "
                    f"of the procedure comes next, according to the context? {SAMPLE}"
                ),
                choices=()
                if free
                else tuple(
                    ExportChoice(
                        label,
                        f"Option {label} for question {n}: do step {label} at once, then report",
                        label in ("B", "D") if n % 5 == 0 else label == "B",
                        f"Feedback on {label}: see section {n % 17}." if label == "B" else None,
                    )
                    for label in "ABCD"
                ),
                explanation_text=f"Step B follows the café rule ({SAMPLE}); see section {n % 17}.",
                is_multiple_choice=not free,
                multi_select=n % 5 == 0,
            )
        )
    return ExportScenario(
        title=f"Benchmark: {count} questions {SAMPLE}",
        context_text=f"A long-running scenario used to time the exporters. {SAMPLE}",
        questions=tuple(questions),
        version=1,
    )


def measure(make: Callable[[], Iterator[bytes] | Iterator[str]], repeat: int) -> dict[str, float]:
    """Best and median seconds to the whole output and to its first chunk, and its size."""
    totals, firsts, size = [], [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        first = None
        size = 0
        for chunk in make():
            if first is None:
                first = time.perf_counter() - start
            size += len(chunk.encode() if isinstance(chunk, str) else chunk)
        totals.append(time.perf_counter() - start)
        firsts.append(first or 0.0)
    return {
        "best_s": round(min(totals), 4),
        "median_s": round(statistics.median(totals), 4),
        "first_chunk_s": round(min(firsts), 4),
        "bytes": size,
    }


def page_count(scenario: ExportScenario) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:  # the bench runs in the dev environment; pages are a nicety
        return None
    data = b"".join(export_pdf(scenario, with_answers=True))
    return len(PdfReader(io.BytesIO(data)).pages)


@functools.cache
def export_rows(questions: int = QUESTIONS, repeat: int = REPEAT) -> tuple[dict[str, Any], ...]:
    """One row per format and answer key: best, median and first-chunk seconds, bytes."""
    scenario = build_scenario(questions)
    # Imports and the font lookup are a process's one-time costs, not an export's.
    b"".join(export_pdf(build_scenario(2), with_answers=True))
    rows = []
    for kind, answers in (("txt", False), ("txt", True), ("pdf", False), ("pdf", True)):
        exporter: Callable[..., Iterator[bytes] | Iterator[str]]
        exporter = export_txt if kind == "txt" else export_pdf
        result = measure(functools.partial(exporter, scenario, with_answers=answers), repeat)
        rows.append(
            {
                "format": kind,
                "with_answers": answers,
                "questions": questions,
                **result,
                "target_s": TARGETS[kind],
                "meets_target": result["best_s"] < TARGETS[kind],
            }
        )
    return tuple(rows)


def figures(rows: tuple[dict[str, Any], ...]) -> list[Figure]:
    return [
        Figure(
            f"export {row['questions']:,} questions to {row['format']}"
            f"{' with answers' if row['with_answers'] else ''}",
            row["best_s"],
            "s",
            row["target_s"],
            note=f"median {row['median_s']:.3f} s, 1st chunk {row['first_chunk_s']:.3f} s, "
            f"{row['bytes'] / 1024:,.0f} KiB",
        )
        for row in rows
    ]


def run() -> Report:
    rows = export_rows()
    pages = page_count(build_scenario(QUESTIONS))
    return Report(
        "export",
        f"Export: {QUESTIONS:,} questions, best of {REPEAT}",
        figures(rows),
        {
            "questions": QUESTIONS,
            "repeat": REPEAT,
            "pdf_pages": pages,
            "results": list(rows),
            "libraries": {name: version_of(name) for name in ("fpdf2", "fonttools", "pypdf")},
            "font": locate_font().path.name,
        },
    )
