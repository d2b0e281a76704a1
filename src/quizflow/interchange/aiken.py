"""Aiken: one-line stems, lettered options, an `ANSWER:` line. Read as Moodle reads it.

Moodle's `question/format/aiken/format.php`: a line matching `^[A-Z][).][ \\t]?` is an option,
`ANSWER:` (case-sensitive; its first letter counts, by position) ends the question, any other
line starts a new one (an open question without its ANSWER line is dropped, and said so).
Stems and options are plain text. Only single-answer questions exist.
"""

from __future__ import annotations

import html
from pathlib import PurePath

from quizflow.errors import InvalidDocumentError
from quizflow.interchange.losses import common_losses, flow_losses
from quizflow.interchange.model import (
    MAX_QUESTIONS,
    Bank,
    BankChoice,
    BankQuestion,
    BankScenario,
    NoteList,
    Written,
    letter,
)
from quizflow.interchange.text import html_to_text


def _is_option(line: str) -> bool:
    return len(line) >= 2 and "A" <= line[0] <= "Z" and line[1] in ")."


def _escape(text: str) -> str:
    return html.escape(text, quote=False)  # Moodle: htmlspecialchars(…, ENT_NOQUOTES)


class _Open:
    def __init__(self, stem: str, line: int) -> None:
        self.stem = stem
        self.line = line
        self.options: list[str] = []


def read_aiken(data: bytes, *, name: str = "questions.txt") -> Bank:
    """The questions of an Aiken file; raises InvalidDocumentError when it is not UTF-8 text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidDocumentError(f"{name} is not UTF-8 text: {exc.reason}") from exc
    notes = NoteList()
    questions: list[BankQuestion] = []
    current: _Open | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if len(line) < 2:
            continue
        if _is_option(line):
            if current is None:
                notes.add(f"line {number}", "skipped: an option before any question")
            else:
                current.options.append(line[2:].strip())
            continue
        if line.startswith("ANSWER:"):
            if current is None:
                notes.add(f"line {number}", "skipped: an ANSWER line before any question")
                continue
            question = _finish(current, line[len("ANSWER:") :].strip(), len(questions), notes)
            if question is not None:
                questions.append(question)
                if len(questions) > MAX_QUESTIONS:
                    raise InvalidDocumentError(f"more than {MAX_QUESTIONS} questions in one file")
            current = None
            continue
        if current is not None:
            notes.add(
                f"line {current.line}",
                f"skipped: no ANSWER line before the next question (line {number})",
            )
        current = _Open(line, number)
    if current is not None:
        notes.add(f"line {current.line}", "skipped: the file ends before its ANSWER line")
    title = PurePath(name).stem or "Imported questions"
    scenarios = (BankScenario(title, tuple(questions)),) if questions else ()
    return Bank(scenarios, notes=notes.freeze())


def _finish(current: _Open, answer: str, count: int, notes: NoteList) -> BankQuestion | None:
    where = f"line {current.line}"
    if len(current.options) < 2:
        notes.add(where, "skipped: a question needs at least two options")
        return None
    right = ord(answer[0]) - ord("A") if answer else -1
    if not 0 <= right < len(current.options):
        notes.add(where, f"skipped: ANSWER {answer[:1] or '(none)'} names no option")
        return None
    return BankQuestion(
        id=f"q{count + 1}",
        kind="single",
        prompt_html=_escape(current.stem),
        choices=tuple(
            BankChoice(letter(i), _escape(body), 1.0 if i == right else 0.0)
            for i, body in enumerate(current.options)
        ),
        source=where,
    )


def _line(fragment: str) -> str:
    return " ".join(html_to_text(fragment).split())


def write_aiken(bank: Bank) -> Written:
    """The bank's single-answer questions as Aiken; notes say what Aiken cannot hold."""
    notes = NoteList()
    out: list[str] = []
    for scenario in bank.scenarios:
        flow_losses(scenario, notes)
        for question in scenario.questions:
            item = question.name or question.id
            if question.kind != "single":
                kind = "free-text" if question.kind == "text" else "multiple-answer"
                notes.add(item, f"not exported: Aiken holds no {kind} questions")
                continue
            if len(question.choices) > 26:
                notes.add(item, "not exported: Aiken letters at most 26 options")
                continue
            stem = _line(question.prompt_html)
            if len(stem) < 2:
                notes.add(item, "not exported: Aiken readers skip lines under two characters")
                continue
            best = max(range(len(question.choices)), key=lambda i: question.choices[i].fraction)
            _losses(question, best, notes)
            if _is_option(stem) or stem.startswith("ANSWER:"):
                notes.add(
                    item, "the stem starts like an option or ANSWER line, so it will not read back"
                )
            out.append(stem)
            out += [f"{letter(i)}) {_line(c.body_html)}" for i, c in enumerate(question.choices)]
            out += [f"ANSWER: {letter(best)}", ""]
    if len(bank.scenarios) > 1:
        notes.add("bank", "scenario titles not kept: Aiken has no categories")
    return Written("\n".join(out).encode("utf-8"), notes.freeze())


def _losses(question: BankQuestion, best: int, notes: NoteList) -> None:
    item = question.name or question.id
    common_losses(question, notes, holds_points=False, holds_shuffle=False)
    if question.name:
        notes.add(item, "the question name not kept")
    if any(c.feedback_html for c in question.choices) or question.general_feedback_html:
        notes.add(item, "feedback not kept: Aiken has none")
    others = [c.fraction for i, c in enumerate(question.choices) if i != best]
    if question.choices[best].fraction != 1.0 or any(others):
        notes.add(item, "partial or negative credit not kept: one option is right, others 0")
    texts = [question.prompt_html, *(c.body_html for c in question.choices)]
    if any(_escape(_line(t)) != t for t in texts):
        notes.add(item, "formatting, line breaks or images not kept: Aiken is one line of text")
