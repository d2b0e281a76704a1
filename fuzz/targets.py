"""One fuzz target per importer: bytes in; a quizflow error is a fine answer, anything else
(an exception of another kind, a hang) is a finding. The same functions run in the tests."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from quizflow.errors import QuizflowError

REPO = Path(__file__).resolve().parents[1]


def _shared_samples() -> Path | None:
    for parent in REPO.parents:
        if (parent / "shared" / "interchange" / "samples").is_dir():
            return parent / "shared" / "interchange" / "samples"
    return None


def _bank(file_format: str) -> Callable[[bytes], None]:
    def target(data: bytes) -> None:
        from quizflow.interchange.formats import read_bank
        from quizflow.services.interchange import plan_import

        bank = read_bank(data, filename="fuzz", file_format=file_format)  # type: ignore[arg-type]
        plan_import(bank, file_format)  # type: ignore[arg-type]

    return target


def _document(filename: str) -> Callable[[bytes], None]:
    def target(data: bytes) -> None:
        from quizflow.documents.extract import extract_questions
        from quizflow.documents.importers import import_document

        extract_questions(import_document(data, filename=filename))

    return target


def _detect(data: bytes) -> None:
    from quizflow.interchange.detect import detect_format

    detect_format(data, "fuzz")


TARGETS: dict[str, Callable[[bytes], None]] = {
    "gift": _bank("gift"),
    "aiken": _bank("aiken"),
    "moodle-xml": _bank("moodle-xml"),
    "qti3": _bank("qti3"),
    "detect": _detect,
    "docx": _document("fuzz.docx"),
    "text": _document("fuzz.txt"),
    "markdown": _document("fuzz.md"),
    "html": _document("fuzz.html"),
}


def seeds(name: str) -> list[Path]:
    """Real files to start from: the shared samples and the document fixtures."""
    samples = _shared_samples()
    documents = REPO / "tests" / "fixtures" / "documents"
    globs = {
        "gift": [(samples, "gift/*.gift")],
        "aiken": [(samples, "aiken/*.txt")],
        "moodle-xml": [(samples, "moodle-xml/*.xml")],
        "qti3": [(samples, "qti3/*.xml")],
        "detect": [(samples, "*/*")],
        "docx": [(documents, "*.docx")],
        "text": [(documents, "*.txt")],
        "markdown": [(documents, "*.md")],
        "html": [(documents, "*.html")],
    }[name]
    return sorted(p for base, pattern in globs if base for p in base.glob(pattern) if p.is_file())


def run_one(name: str, data: bytes) -> None:
    """Call the target; swallow the errors importers are meant to raise."""
    with contextlib.suppress(QuizflowError):
        TARGETS[name](data)
