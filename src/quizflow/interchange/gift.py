"""GIFT, Moodle's text format: read it as Moodle's importer does, write what it can hold.

The reader ports the steps of Moodle's `question/format/gift/format.php` rather than a grammar
(the grammars found fail Moodle's own fixtures). Every step is a linear scan with `str`
methods; the only regular expression is anchored on one short answer and cannot backtrack.
"""

from __future__ import annotations

import re
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
    category_title,
    fraction,
    letter,
    percent,
)
from quizflow.interchange.text import to_html

# Escapes become private-use characters while the structure is parsed, and come back after.
_ESCAPES = {"\\": "\ue000", "~": "\ue001", "=": "\ue002", "#": "\ue003", "{": "\ue004"}
_ESCAPES |= {"}": "\ue005", ":": "\ue006", "n": "\ue007"}
_RESTORE = str.maketrans({v: ("\n" if k == "n" else k) for k, v in _ESCAPES.items()})
# Moodle's `$gift_answerweight_regex`; anchored, no nested repetition: linear.
_WEIGHT = re.compile(r"%(-*\d{1,2}\.?\d*)%")
_FORMATS = ("html", "moodle", "plain", "markdown")
_TRUE = frozenset({"T", "TRUE"})
_FALSE = frozenset({"F", "FALSE"})


def _escape_pre(text: str) -> str:
    out: list[str] = []
    at = 0
    while (slash := text.find("\\", at)) >= 0:
        out.append(text[at:slash])
        following = text[slash + 1 : slash + 2]
        if following and following in _ESCAPES:
            out.append(_ESCAPES[following])
            at = slash + 2
        else:
            out.append("\\")
            at = slash + 1
    out.append(text[at:])
    return "".join(out)


def _with_format(text: str, default: str) -> tuple[str, str]:
    """Moodle's parse_text_with_format: a `[format]` tag counts only at the very start."""
    if text.startswith("["):
        end = text.find("]", 1, 12)
        if end > 0 and text[1:end] in _FORMATS:
            return text[end + 1 :], text[1:end]
    return text, default


def _html(text: str, text_format: str) -> str:
    return to_html(text.translate(_RESTORE).strip(), text_format)


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Questions as Moodle splits them: runs of non-blank (trimmed) lines, with line numbers."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line:
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


class _Reader:
    def __init__(self, fallback_title: str) -> None:
        self.notes = NoteList()
        self.scenarios: list[BankScenario] = []
        self.title = fallback_title
        self.questions: list[BankQuestion] = []
        self.count = 0

    def flush(self) -> None:
        if self.questions:
            self.scenarios.append(BankScenario(self.title, tuple(self.questions)))
        self.questions = []

    def block(self, line: int, lines: list[str]) -> None:
        # A line whose trimmed text starts with // is a comment, even inside the braces.
        text = "\n".join(" " if ln.startswith("//") else ln for ln in lines).strip()
        if not text:
            return
        where = f"line {line}"
        if text.startswith("$CATEGORY:"):
            self.flush()
            self.title = category_title(text[len("$CATEGORY:") :], self.title)
            return
        self.count += 1
        if self.count > MAX_QUESTIONS:
            raise InvalidDocumentError(f"more than {MAX_QUESTIONS} questions in one file")
        question = self.question(_escape_pre(text), where)
        if question is not None:
            self.questions.append(question)

    def question(self, text: str, where: str) -> BankQuestion | None:
        name = None
        if text.startswith("::"):
            end = text.find("::", 2)
            if end < 0:
                self.notes.add(where, "skipped: the question name has no closing '::'")
                return None
            name = text[2:end].translate(_RESTORE).strip() or None
            text = text[end + 2 :].strip()
        item = f"{where} ({name})" if name else where
        start = text.find("{")
        if start < 0:
            self.notes.add(item, "skipped: a description (no answers), not a question")
            return None
        finish = text.find("}", start)
        if finish < 0 or text.find("}") < start:
            self.notes.add(item, "skipped: its answer braces { } do not match")
            return None
        answers = text[start + 1 : finish]
        after = text[finish + 1 :].strip()
        stem = text[:start].strip()
        if after:  # Moodle's "missing word" form: the answers stand in for a blank.
            stem = f"{stem} _____ {after}"
        stem, text_format = _with_format(stem, "moodle")
        general = None
        cut = answers.rfind("####")
        if cut >= 0:
            text, general_format = _with_format(answers[cut + 4 :].strip(), text_format)
            general = _html(text, general_format) or None
            answers = answers[:cut]
        answers = answers.strip()
        base: dict[str, object] = dict(
            id=f"q{self.count}",
            prompt_html=_html(stem, text_format),
            name=name,
            general_feedback_html=general,
            source=where,
        )
        if not base["prompt_html"]:
            self.notes.add(item, "skipped: the question text is empty")
            return None
        if not answers:
            return BankQuestion(kind="text", **base)  # type: ignore[arg-type]
        if answers.startswith("#"):
            self.notes.add(item, "numerical question kept as free text (its answer is not kept)")
            return BankQuestion(kind="text", **base)  # type: ignore[arg-type]
        if "~" in answers:
            return self.multichoice(answers, text_format, item, base)
        if "=" in answers and "->" in answers:
            self.notes.add(item, "skipped: matching questions are not supported")
            return None
        head = answers.split("#", 1)[0].strip().upper()
        if head in _TRUE or head in _FALSE:
            return self.truefalse(answers, head in _TRUE, text_format, base)
        accepted = [a.split("#", 1)[0].strip() for a in answers.split("=") if a.strip()]
        shown = ", ".join(_WEIGHT.sub("", a, count=1).translate(_RESTORE) for a in accepted[:5])
        self.notes.add(item, f"short answer kept as free text (accepted answers not kept: {shown})")
        return BankQuestion(kind="text", **base)  # type: ignore[arg-type]

    def multichoice(
        self, answers: str, text_format: str, item: str, base: dict[str, object]
    ) -> BankQuestion | None:
        single = "=" in answers
        parts = answers.replace("=", "~=").split("~")
        if parts and not parts[0].strip():
            parts = parts[1:]
        if len(parts) < 2:
            self.notes.add(item, "skipped: a multiple-choice question needs two answers")
            return None
        choices = []
        for index, raw in enumerate(parts):
            answer = raw.strip()
            weight = 0.0
            if answer.startswith("="):
                weight, answer = 1.0, answer[1:]
            elif (match := _WEIGHT.match(answer)) is not None:
                digits = match.group(1)
                weight = float(digits.lstrip("-") or 0) / (-100 if digits[0] == "-" else 100)
                answer = answer[match.end() :]
            body, _, feedback = answer.partition("#")
            body, body_format = _with_format(body.strip(), text_format)
            feedback, feedback_format = _with_format(feedback.strip(), text_format)
            choices.append(
                BankChoice(
                    letter(index),
                    _html(body, body_format),
                    fraction(weight),
                    _html(feedback, feedback_format) or None,
                )
            )
        kind = "single" if single else "multiple"
        return BankQuestion(kind=kind, choices=tuple(choices), **base)  # type: ignore[arg-type]

    def truefalse(
        self, answers: str, is_true: bool, text_format: str, base: dict[str, object]
    ) -> BankQuestion:
        bits = answers.split("#", 2)
        wrong = _html(bits[1], text_format) if len(bits) > 1 else ""
        right = _html(bits[2], text_format) if len(bits) > 2 else ""
        choices = (
            BankChoice("A", "True", 1.0 if is_true else 0.0, (right if is_true else wrong) or None),
            BankChoice(
                "B", "False", 0.0 if is_true else 1.0, (wrong if is_true else right) or None
            ),
        )
        return BankQuestion(kind="single", choices=choices, **base)  # type: ignore[arg-type]


def read_gift(data: bytes, *, name: str = "questions.gift") -> Bank:
    """The questions of a GIFT file; raises InvalidDocumentError when it is not UTF-8 text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidDocumentError(f"{name} is not UTF-8 text: {exc.reason}") from exc
    reader = _Reader(PurePath(name).stem or "Imported questions")
    for line, lines in _blocks(text):
        reader.block(line, lines)
    reader.flush()
    return Bank(tuple(reader.scenarios), notes=reader.notes.freeze())


# ---------------------------------------------------------------------------------------------
# Writing


def _escape(text: str) -> str:
    out = text.replace("\\", "\\\\")
    for ch in "~=#{}:":
        out = out.replace(ch, "\\" + ch)
    return out.replace("\r", "").replace("\n", "\\n")


def _answer(choice: BankChoice, single: bool) -> str:
    if single and choice.fraction == 1.0:
        mark = "="
    elif choice.fraction == 0.0:
        mark = "~"
    else:
        mark = f"~%{percent(choice.fraction)}%"
    feedback = f"#[html]{_escape(choice.feedback_html)}" if choice.feedback_html else ""
    return f"\t{mark}[html]{_escape(choice.body_html)}{feedback}"


def write_gift(bank: Bank) -> Written:
    """The bank as GIFT; notes say per question what GIFT cannot hold."""
    notes = NoteList()
    lines: list[str] = []
    for scenario in bank.scenarios:
        flow_losses(scenario, notes)
        if scenario.context_html:
            notes.add(scenario.title, "the scenario's context not kept: GIFT has none")
        lines += [f"$CATEGORY: $course$/{' '.join(scenario.title.split())}", ""]
        for question in scenario.questions:
            lines += [_question(question, notes), ""]
    return Written("\n".join(lines).encode("utf-8"), notes.freeze())


def _question(question: BankQuestion, notes: NoteList) -> str:
    item = question.name or question.id
    common_losses(question, notes, holds_points=False, holds_shuffle=False)
    if question.kind == "single" and not any(c.fraction == 1.0 for c in question.choices):
        notes.add(item, "no choice has full credit, so GIFT reads it back as multiple-answer")
    head = f"::{_escape(question.name)}::" if question.name else ""
    general = ""
    if question.general_feedback_html:
        general = f"\t####[html]{_escape(question.general_feedback_html)}\n"
    body = "".join(_answer(c, question.kind == "single") + "\n" for c in question.choices)
    return f"{head}[html]{_escape(question.prompt_html)}{{\n{body}{general}}}"


__all__ = ["read_gift", "write_gift"]
