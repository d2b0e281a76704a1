"""Moodle XML: read and write `<quiz>` files as Moodle's own importer and exporter do.

Categories become scenarios; multichoice and truefalse become choice questions, essay,
shortanswer and numerical free text (what is lost is noted); other types are skipped and
noted. Embedded files (`<file encoding="base64">` referenced as `@@PLUGINFILE@@/name`, and the
old `<image_base64>`) become bank files named by their content key.
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
import re
from pathlib import PurePath
from urllib.parse import quote

from lxml import etree  # type: ignore[import-untyped]

from quizflow.errors import InvalidDocumentError
from quizflow.interchange.losses import common_losses, flow_losses
from quizflow.interchange.model import (
    MAX_CHOICES,
    MAX_QUESTIONS,
    Bank,
    BankChoice,
    BankFile,
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
from quizflow.interchange.xml import local, parse_xml, xml_safe
from quizflow.storage.base import content_key

_FORMATS = {"html": "html", "moodle_auto_format": "moodle", "plain_text": "plain"}
_FORMATS |= {"markdown": "markdown"}
_AS_TEXT = {
    "essay": "essay kept as free text",
    "shortanswer": "short answer kept as free text (its accepted answers are not kept)",
    "numerical": "numerical question kept as free text (its answer is not kept)",
}
_STORED = re.compile(r"objects/[0-9a-f]{2}/[0-9a-f]{64}\.[a-z0-9]{1,16}")
_COMBINED = ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback")


def _child(element: etree._Element, name: str) -> etree._Element | None:
    for child in element:
        if local(child) == name:
            return child
    return None


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if local(child) == name]


def _path(element: etree._Element | None, *names: str) -> etree._Element | None:
    for name in names:
        if element is None:
            return None
        element = _child(element, name)
    return element


def _string(element: etree._Element | None) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


def _flag(element: etree._Element, name: str, default: bool) -> bool:
    value = _string(_child(element, name)).lower()
    if not value:
        return default
    return value in {"1", "true", "yes"}


class _Reader:
    def __init__(self, fallback: str) -> None:
        self.notes = NoteList()
        self.files: dict[str, BankFile] = {}
        self.fallback = fallback
        self.scenarios: list[BankScenario] = []
        self.title = fallback
        self.context = ""
        self.questions: list[BankQuestion] = []
        self.count = 0

    def flush(self) -> None:
        if self.questions:
            self.scenarios.append(BankScenario(self.title, tuple(self.questions), self.context))
        self.questions = []

    def file(self, name: str, encoded: str, item: str) -> str | None:
        try:
            data = base64.b64decode(encoded, validate=False)
        except (binascii.Error, ValueError):
            self.notes.add(item, f"file {name!r} is not valid base64 and was left out")
            return None
        extension = PurePath(name).suffix.lstrip(".") or "bin"
        key = content_key(data, extension=extension)
        media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        self.files.setdefault(key, BankFile(key, media_type, data))
        return key

    def text(self, element: etree._Element | None, item: str, default: str = "html") -> str:
        """A text element's HTML, its embedded files replaced by their content keys."""
        if element is None:
            return ""
        text_format = _FORMATS.get(element.get("format") or default, "html")
        body = to_html(_string(_child(element, "text")), text_format)
        for file in _children(element, "file"):
            name = file.get("name") or ""
            key = self.file(name, _string(file), item)
            if key is not None and name:
                for reference in {name, quote(name)}:
                    body = body.replace(f"@@PLUGINFILE@@/{reference}", key)
        return body

    def question(self, element: etree._Element, index: int) -> None:
        qtype = element.get("type") or ""
        if qtype == "category":
            self.flush()
            self.title = category_title(_string(_child(element, "category")), self.fallback)
            self.context = self.text(_child(element, "info"), "category", "moodle")
            return
        self.count += 1
        if self.count > MAX_QUESTIONS:
            raise InvalidDocumentError(f"more than {MAX_QUESTIONS} questions in one file")
        name = _string(_path(element, "name", "text")) or None
        item = f"question {index}" + (f" ({name})" if name else "")
        if qtype not in {"multichoice", "truefalse", *_AS_TEXT}:
            reason = "a description, not a question" if qtype == "description" else "not supported"
            self.notes.add(item, f"skipped: {qtype or 'untyped'} questions are {reason}")
            return
        prompt = self.text(_child(element, "questiontext"), item)
        prompt += self.old_image(element, item)
        if not prompt.strip():
            self.notes.add(item, "skipped: the question text is empty")
            return
        points = self.points(element, item)
        general = self.text(_child(element, "generalfeedback"), item) or None
        if any(_string(_path(element, n, "text")) for n in _COMBINED):
            self.notes.add(item, "correct/partially correct/incorrect feedback not kept")
        common = dict(
            id=f"q{self.count}", prompt_html=prompt, points=points, name=name, source=item
        )
        if qtype in _AS_TEXT:
            if qtype != "essay":
                self.notes.add(item, _AS_TEXT[qtype])
            self.questions.append(
                BankQuestion(kind="text", general_feedback_html=general, **common)  # type: ignore[arg-type]
            )
            return
        choices = self.choices(element, qtype, item)
        if len(choices) < 2:
            self.notes.add(item, "skipped: a choice question needs at least two answers")
            return
        single = qtype == "truefalse" or _flag(element, "single", True)
        self.questions.append(
            BankQuestion(
                kind="single" if single else "multiple",
                choices=tuple(choices),
                general_feedback_html=general,
                shuffle=qtype == "multichoice" and _flag(element, "shuffleanswers", True),
                **common,  # type: ignore[arg-type]
            )
        )

    def choices(self, element: etree._Element, qtype: str, item: str) -> list[BankChoice]:
        answers = _children(element, "answer")
        if len(answers) > MAX_CHOICES:
            raise InvalidDocumentError(f"{item} has more than {MAX_CHOICES} answers")
        choices = []
        for index, answer in enumerate(answers):
            try:
                credit = fraction(float(answer.get("fraction") or 0) / 100)
            except ValueError:
                credit = 0.0
                self.notes.add(item, f"answer {index + 1}: fraction is not a number; 0 taken")
            credit = max(-1.0, min(1.0, credit))
            if qtype == "truefalse":
                body = "True" if _string(_child(answer, "text")).lower() == "true" else "False"
            else:
                body = self.text(answer, item)
            feedback = self.text(_child(answer, "feedback"), item) or None
            choices.append(BankChoice(letter(index), body, credit, feedback))
        return choices

    def old_image(self, element: etree._Element, item: str) -> str:
        """Moodle 1.9's `<image>` + `<image_base64>` as an <img> after the text."""
        encoded = _string(_child(element, "image_base64"))
        if not encoded:
            return ""
        key = self.file(_string(_child(element, "image")) or "image.png", encoded, item)
        return f'<p><img src="{key}"></p>' if key else ""

    def points(self, element: etree._Element, item: str) -> int:
        raw = _string(_child(element, "defaultgrade")) or "1"
        try:
            grade = float(raw)
        except ValueError:
            self.notes.add(item, f"default grade {raw!r} is not a number; 1 point taken")
            return 1
        points = max(0, min(1000, round(grade)))
        if points != grade:
            self.notes.add(item, f"default grade {raw} kept as {points} point(s)")
        return points


def read_moodle_xml(data: bytes, *, name: str = "questions.xml") -> Bank:
    """The questions of a Moodle XML file; InvalidDocumentError when it is not one."""
    root = parse_xml(data, name=name)
    if local(root) != "quiz":
        raise InvalidDocumentError(f"{name} is not Moodle XML (its root is <{local(root)}>)")
    reader = _Reader(PurePath(name).stem or "Imported questions")
    for index, element in enumerate(_children(root, "question"), start=1):
        reader.question(element, index)
    reader.flush()
    return Bank(tuple(reader.scenarios), tuple(reader.files.values()), notes=reader.notes.freeze())


# ---------------------------------------------------------------------------------------------
# Writing


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _fill(element: etree._Element, html: str, files: dict[str, BankFile]) -> None:
    """`<text>` and the `<file>`s it refers to, as Moodle writes them inside a text element."""
    referenced = dict.fromkeys(_STORED.findall(html))
    for key in referenced:
        html = html.replace(key, f"@@PLUGINFILE@@/{PurePath(key).name}")
    _sub(element, "text", html)
    for key in referenced:
        if key in files:
            encoded = base64.b64encode(files[key].data).decode("ascii")
            _sub(element, "file", encoded, name=PurePath(key).name, path="/", encoding="base64")


def _text_element(parent: etree._Element, tag: str, html: str, files: dict[str, BankFile]) -> None:
    _fill(_sub(parent, tag, format="html"), html, files)


def write_moodle_xml(bank: Bank) -> Written:
    """The bank as Moodle XML, one category per scenario; notes say what it cannot hold."""
    notes = NoteList()
    bank = xml_safe(bank)
    files = {file.key: file for file in bank.files}
    root = etree.Element("quiz")
    for scenario in bank.scenarios:
        flow_losses(scenario, notes)
        category = _sub(root, "question", type="category")
        _sub(_sub(category, "category"), "text", f"$course$/{' '.join(scenario.title.split())}")
        _text_element(category, "info", scenario.context_html, files)
        for question in scenario.questions:
            common_losses(question, notes, holds_points=True, holds_shuffle=True)
            _question(root, question, files)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return Written(data, notes.freeze())


def _question(root: etree._Element, question: BankQuestion, files: dict[str, BankFile]) -> None:
    element = _sub(root, "question", type="essay" if question.kind == "text" else "multichoice")
    _sub(_sub(element, "name"), "text", question.name or "")
    _text_element(element, "questiontext", question.prompt_html, files)
    _text_element(element, "generalfeedback", question.general_feedback_html or "", files)
    _sub(element, "defaultgrade", str(question.points))
    _sub(element, "penalty", "0")
    _sub(element, "hidden", "0")
    if question.kind == "text":
        _sub(element, "responseformat", "editor")
        return
    _sub(element, "single", "true" if question.kind == "single" else "false")
    _sub(element, "shuffleanswers", "1" if question.shuffle else "0")
    _sub(element, "answernumbering", "ABCD")
    for choice in question.choices:
        answer = _sub(element, "answer", fraction=percent(choice.fraction), format="html")
        _fill(answer, choice.body_html, files)
        _text_element(answer, "feedback", choice.feedback_html or "", files)
