"""Time the exporters on one 1,000-question scenario: .txt and PDF, with and without answers.

    python bench/bench_export.py [--questions 1000] [--repeat 3] [--out bench/results/export.json]

Prints a table and writes the numbers as JSON. Targets on the 2-core reference machine:
PDF < 3 s and .txt < 0.3 s for 1,000 questions. Every question carries accented Latin, CJK,
✓ and → so the font subset is realistic.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path

from quizflow.documents.export_model import ExportChoice, ExportQuestion, ExportScenario
from quizflow.documents.exporters import export_pdf, export_txt, locate_font

SAMPLE = "é ü ß 中文 日本語 ✓ →"
TARGETS = {"txt": 0.3, "pdf": 3.0}
DEFAULT_OUT = Path(__file__).resolve().parent / "results" / "export.json"


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


def version_of(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    scenario = build_scenario(args.questions)
    # Imports and the font lookup are a process's one-time costs, not an export's.
    b"".join(export_pdf(build_scenario(2), with_answers=True))

    rows = []
    for kind, answers in (("txt", False), ("txt", True), ("pdf", False), ("pdf", True)):
        exporter: Callable[..., Iterator[bytes] | Iterator[str]]
        exporter = export_txt if kind == "txt" else export_pdf
        result = measure(functools.partial(exporter, scenario, with_answers=answers), args.repeat)
        rows.append(
            {
                "format": kind,
                "with_answers": answers,
                "questions": args.questions,
                **result,
                "target_s": TARGETS[kind],
                "meets_target": result["best_s"] < TARGETS[kind],
            }
        )

    print(
        f"{'format':<6} {'answers':<8} {'best s':>8} {'median s':>9} {'1st chunk s':>12} "
        f"{'KiB':>8} {'target s':>9}  ok"
    )
    for row in rows:
        print(
            f"{row['format']:<6} {'yes' if row['with_answers'] else 'no':<8} "
            f"{row['best_s']:>8.3f} {row['median_s']:>9.3f} {row['first_chunk_s']:>12.3f} "
            f"{row['bytes'] / 1024:>8.0f} {row['target_s']:>9.1f}  "
            f"{'yes' if row['meets_target'] else 'NO'}"
        )
    pages = page_count(scenario)
    if pages is not None:
        print(f"PDF with answers: {pages} pages")

    report = {
        "benchmark": "export",
        "questions": args.questions,
        "repeat": args.repeat,
        "pdf_pages": pages,
        "results": rows,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "libraries": {name: version_of(name) for name in ("fpdf2", "fonttools", "pypdf")},
        "font": locate_font().path.name,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0 if all(row["meets_target"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
