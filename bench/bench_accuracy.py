"""B4, accuracy: the real question banks in ../shared/documents, imported as a user would.

    python -m bench accuracy

Word (`../shared/documents/word/`, expected questions and answers in `EXPECTED.json`): each
file is imported and extracted (`import_document` + `extract_questions`), then checked the way
`quizflow import` checks it before saving (`check_extraction`). Per file, per language and per
layout:
- **found**: the choice questions extracted (capped at the expected count) over the expected;
- **right (preview)**: questions whose correct choices are exactly the expected ones, the n-th
  choice question found against the n-th expected, as the preview shows them;
- **right (import)**: the same, but 0 for a file the import refuses: what a user really gets.
A correct choice matches an expected label by its label (case folded: we upper-case labels)
or, for True/False written inline, by its text. A file is fully right when the import accepts it
and every expected question is found with its answers.

Google Docs (`../shared/documents/gdocs/`, real `documents.get` responses): the share of the
text runs' characters that reach the blocks, the images kept with their alt text, the list
items kept as list items; these documents hold no questions, so a question found is an error.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import Figure, Report
from quizflow.documents.extract import ExtractedQuestion, Extraction, extract_questions
from quizflow.documents.importers import google_doc_to_document, import_document
from quizflow.errors import QuizflowError

_REPO = Path(__file__).resolve().parents[1]
#: `../shared/documents` beside the repository (a worktree one level deeper finds it too).
SHARED = next(
    (p / "shared" / "documents" for p in _REPO.parents if (p / "shared" / "documents").is_dir()),
    _REPO.parent / "shared" / "documents",
)

#: The layouts each file shows (from SOURCES.md), so the figures can be read per layout.
LAYOUTS: dict[str, tuple[str, ...]] = {
    "en-canvquizconverter-asterisk.docx": ("typed labels", "mark * on the choice"),
    "en-word2quiz-autonumber-bang.docx": ("Word auto-numbering", "mark ! on the choice"),
    "en-docx2qti-highlight.docx": ("heading per question", "unlabelled choices", "highlight"),
    "en-docx2bb-examformat-test.docx": ("Word auto-numbering", "bold", "inline True/False"),
    "en-raider-text2qti-template.docx": ("typed labels", "mark * on the choice"),
    "en-word2quiz-choices-in-tables.docx": ("choices in a table", "no answers"),
    "vi-word2quiz-tabs-colour.docx": ("question prefix", "several choices a line", "colour"),
    "vi-vnr202-linebreaks.docx": ("question prefix", "soft line breaks", "answer line"),
    "vi-mcshuffle-bold-label.docx": ("typed labels", "bold"),
    "fr-progresys-red.docx": ("unlabelled choices", "colour"),
    "it-politoexamimporter-highlight.docx": ("unlabelled choices", "highlight"),
    "zh-final-exam-multi.docx": ("typed labels", "answer line", "full-width punctuation"),
    "ru-education-bot-ans-omml.docx": ("unlabelled choices", "answer line", "equations"),
    "pt-smartquiz-repeated-answer.docx": ("typed labels", "answer repeated"),
    "kk-platonus-table.docx": ("one line per table row", "first choice correct"),
}


@dataclass(slots=True)
class Tally:
    files: int = 0
    full: int = 0
    expected: int = 0
    found: int = 0
    right_preview: int = 0
    right_import: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def row(self) -> dict[str, Any]:
        def share(n: int) -> float | None:
            return round(n / self.expected, 3) if self.expected else None

        return {
            "files": self.files, "fully_right": self.full, "questions": self.expected,
            "found": self.found, "right_preview": self.right_preview,
            "right_import": self.right_import, "found_share": share(self.found),
            "right_import_share": share(self.right_import),
        }  # fmt: skip


def _is_choice_question(question: ExtractedQuestion) -> bool:
    return question.is_multiple_choice and len(question.choices) >= 2


def _matches(question: ExtractedQuestion, expected: list[str]) -> bool:
    correct = [c for c in question.choices if c.is_correct]
    if len(correct) != len(expected):
        return False
    wanted = sorted(label.casefold() for label in expected)
    by_label = sorted(c.label.casefold() for c in correct)
    by_text = sorted(c.body_text.strip().casefold() for c in correct)
    return wanted in (by_label, by_text)


def score_word(path: Path, entry: dict[str, Any]) -> tuple[Tally, dict[str, Any]]:
    """One Word file against its EXPECTED.json entry."""
    from quizflow.services.imports import check_extraction

    tally = Tally(files=1, expected=int(entry["questions"]))
    detail: dict[str, Any] = {"language": entry["language"], "layouts": LAYOUTS.get(path.name)}
    try:
        extraction: Extraction = extract_questions(
            import_document(path.read_bytes(), filename=path.name)
        )
    except QuizflowError as exc:
        detail["refused"] = exc.message
        return tally, detail
    found = [q for q in extraction.questions if _is_choice_question(q)]
    tally.found = min(len(found), tally.expected)
    expected = entry["correct"]
    if expected is None:  # no answer key at all: right when nothing is marked either
        expected = [[] for _ in range(tally.expected)]
    wrong = []
    for index, wanted in enumerate(expected):
        if index < len(found) and _matches(found[index], wanted):
            tally.right_preview += 1
        else:
            wrong.append(index + 1)
    try:
        check_extraction(extraction)
        accepted = True
    except QuizflowError as exc:
        accepted = False
        detail["refused"] = exc.message
    tally.right_import = tally.right_preview if accepted else 0
    tally.full = int(accepted and tally.right_preview == tally.expected)
    detail |= {
        "questions_extracted": len(extraction.questions),
        "choice_questions": len(found),
        "wrong_or_missing": wrong[:40],
        "warnings": len(extraction.warnings),
        "unused_blocks": len(extraction.orphans),
    }
    return tally, detail


def score_gdoc(path: Path) -> dict[str, Any]:
    """How much of a real Docs response reaches the blocks."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    tabs = doc.get("tabs") or [{"documentTab": doc}]
    text = images = items = 0
    for tab in tabs:
        body = tab.get("documentTab", {}).get("body", {}).get("content", [])
        for element in _paragraphs(body):
            items += "bullet" in element
            for run in element.get("elements", []):
                text += len("".join(str(run.get("textRun", {}).get("content", "")).split()))
                images += "inlineObjectElement" in run
    try:
        document = google_doc_to_document(doc)
    except QuizflowError as exc:
        return {"text_chars": text, "images": images, "list_items": items, "refused": exc.message}
    kept = sum(len("".join(b.text.split())) + sum(len("".join(c.split())) for c in b.cells)
               for b in document.blocks if b.kind != "table_row") + sum(
        len("".join("".join(b.cells).split())) for b in document.blocks if b.kind == "table_row"
    )  # fmt: skip
    extraction = extract_questions(document)
    return {
        "text_chars": text,
        "text_kept_share": round(min(kept, text) / text, 3) if text else None,
        "images": images,
        "images_kept": sum(b.html.count("<img") for b in document.blocks),
        "list_items": items,
        "list_items_kept": sum(b.kind == "list_item" for b in document.blocks),
        "questions_found": len(extraction.questions),
    }


def _paragraphs(content: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for element in content:
        if "paragraph" in element:
            out.append(element["paragraph"])
        for row in element.get("table", {}).get("tableRows", []):
            for cell in row.get("tableCells", []):
                out.extend(_paragraphs(cell.get("content", [])))
    return out


def run() -> Report:
    word = SHARED / "word"
    expected: dict[str, Any] = json.loads((word / "EXPECTED.json").read_text(encoding="utf-8"))
    total = Tally()
    by_language: dict[str, Tally] = defaultdict(Tally)
    by_layout: dict[str, Tally] = defaultdict(Tally)
    files: dict[str, Any] = {}
    for name, entry in expected.items():
        tally, detail = score_word(word / name, entry)
        files[name] = tally.row() | detail
        total.add(tally)
        by_language[entry["language"]].add(tally)
        for layout in LAYOUTS.get(name, ()):
            by_layout[layout].add(tally)
    gdocs = {path.name: score_gdoc(path) for path in sorted((SHARED / "gdocs").glob("*.json"))}
    figures = [
        Figure("Word files fully right", total.full, f"of {total.files}"),
        Figure("choice questions found", total.found, f"of {total.expected}"),
        Figure("correct answers right (preview)", total.right_preview, f"of {total.expected}"),
        Figure("correct answers right (real import)", total.right_import, f"of {total.expected}"),
        Figure(
            "Google Docs text kept",
            min((g.get("text_kept_share") or 0.0) for g in gdocs.values() if g["text_chars"]),
            "share",
            note="the worst response that has text",
        ),
        Figure(
            "Google Docs images kept",
            sum(g.get("images_kept", 0) for g in gdocs.values()),
            f"of {sum(g['images'] for g in gdocs.values())}",
        ),
    ]
    notes = [f"{'file':38} found preview import  refused?"]
    for name, row in files.items():
        refused = row.get("refused", "")
        notes.append(
            f"{name:38} {row['found']:>3}/{row['questions']:<3} {row['right_preview']:>3}/"
            f"{row['questions']:<3} {row['right_import']:>3}/{row['questions']:<3} {refused[:80]}"
        )
    for title, groups in (("language", by_language), ("layout", by_layout)):
        notes.append(f"per {title} (found, right in preview, right in import): " + "; ".join(
            f"{key} {t.found}/{t.right_preview}/{t.right_import} of {t.expected}"
            for key, t in sorted(groups.items())
        ))  # fmt: skip
    return Report(
        name="accuracy",
        title="B4 accuracy: real Word banks and Docs responses in ../shared/documents",
        figures=figures,
        details={
            "total": total.row(),
            "per_language": {k: t.row() for k, t in sorted(by_language.items())},
            "per_layout": {k: t.row() for k, t in sorted(by_layout.items())},
            "per_file": files,
            "gdocs": gdocs,
        },
        notes=notes,
    )
