"""Reading a QTI 3 package: the manifest, the test's parts and item references, branch rules,
preconditions, the items and the media they show."""

from __future__ import annotations

import dataclasses
import mimetypes
import posixpath
import zipfile
from pathlib import PurePath

from lxml import etree  # type: ignore[import-untyped]

from quizflow.documents.importers.limits import read_entry
from quizflow.errors import InvalidDocumentError
from quizflow.flow.conditions import Default, format_condition
from quizflow.interchange.model import (
    MAX_QUESTIONS,
    Bank,
    BankFile,
    BankQuestion,
    BankRule,
    BankScenario,
    NoteList,
)
from quizflow.interchange.qti.branching import NotUnderstood, from_qti
from quizflow.interchange.qti.content import inner_html
from quizflow.interchange.qti.items import read_item
from quizflow.interchange.xml import local, parse_xml
from quizflow.storage.base import content_key

_EXITS = frozenset({"EXIT_TESTPART", "EXIT_SECTION", "EXIT_TEST"})
_MAX_ENTRY = 32 * 1024 * 1024


def _elements(root: etree._Element, name: str) -> list[etree._Element]:
    return [e for e in root.iter() if isinstance(e.tag, str) and local(e) == name]


def _kids(element: etree._Element) -> list[etree._Element]:
    return [child for child in element if isinstance(child.tag, str)]


class PackageReader:
    def __init__(self, archive: zipfile.ZipFile | None, name: str) -> None:
        self.archive = archive
        self.name = name
        self.notes = NoteList()
        self.files: dict[str, BankFile] = {}
        self.names = set(archive.namelist()) if archive is not None else set()
        self.count = 0

    # -- entries and media -------------------------------------------------------------------

    def entry(self, path: str) -> bytes | None:
        if self.archive is None or path not in self.names:
            return None
        return read_entry(self.archive, path, limit=_MAX_ENTRY)

    def xml(self, path: str) -> etree._Element | None:
        data = self.entry(path)
        return None if data is None else parse_xml(data, name=f"{self.name}: {path}")

    def resolver(self, base: str, item: str):  # type: ignore[no-untyped-def]
        def src(reference: str) -> str:
            if reference.startswith("objects/") or "://" in reference:
                return reference if reference.startswith("objects/") else ""
            path = posixpath.normpath(posixpath.join(posixpath.dirname(base), reference))
            data = self.entry(path)
            if data is None:
                self.notes.add(item, f"file {reference} is not in the package; left out")
                return ""
            key = content_key(data, extension=PurePath(path).suffix.lstrip(".") or "bin")
            kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
            self.files.setdefault(key, BankFile(key, kind, data))
            return key

        return src

    def question(self, path: str, identifier: str) -> tuple[BankQuestion, dict[str, str]] | None:
        self.count += 1
        if self.count > MAX_QUESTIONS:
            raise InvalidDocumentError(f"{self.name} holds more than {MAX_QUESTIONS} items")
        root = self.xml(path)
        if root is None:
            self.notes.add(identifier, f"skipped: its file {path} is not in the package")
            return None
        if local(root) != "qti-assessment-item":
            self.notes.add(identifier, f"skipped: {path} is not an assessment item")
            return None
        return read_item(
            root,
            question_id=identifier,
            source=f"item {identifier}",
            notes=self.notes,
            src=self.resolver(path, identifier),
        )

    # -- the package ---------------------------------------------------------------------------

    def read_single(self, data: bytes) -> Bank:
        root = parse_xml(data, name=self.name)
        if local(root) != "qti-assessment-item":
            raise InvalidDocumentError(
                f"{self.name} is a QTI {local(root)}: upload the whole package (a .zip with "
                "imsmanifest.xml and the files it lists)"
            )
        read = read_item(
            root,
            question_id=root.get("identifier") or "item1",
            source=self.name,
            notes=self.notes,
            src=lambda reference: "",
        )
        scenarios = (BankScenario(PurePath(self.name).stem, (read[0],)),) if read else ()
        return Bank(scenarios, notes=self.notes.freeze())

    def read(self) -> Bank:
        manifests = sorted((n for n in self.names if n.endswith("imsmanifest.xml")), key=len)
        if not manifests:
            raise InvalidDocumentError(f"{self.name} has no imsmanifest.xml: not a QTI package")
        manifest = self.xml(manifests[0])
        assert manifest is not None
        base = posixpath.dirname(manifests[0])
        tests, items = [], []
        for resource in _elements(manifest, "resource"):
            kind, href = resource.get("type") or "", resource.get("href") or ""
            path = posixpath.normpath(posixpath.join(base, href)) if href else ""
            if kind.startswith("imsqti_test"):
                tests.append(path)
            elif kind.startswith("imsqti_item"):
                items.append((path, resource.get("identifier") or path))
        if tests:
            scenarios = self.test(tests[0])
            if len(tests) > 1:
                self.notes.add(self.name, f"only the first of {len(tests)} tests was read")
        else:
            questions = [r[0] for p, i in items if (r := self.question(p, i)) is not None]
            title = PurePath(self.name).stem or "Imported questions"
            scenarios = [BankScenario(title, tuple(questions))] if questions else []
        return Bank(tuple(scenarios), tuple(self.files.values()), notes=self.notes.freeze())

    def test(self, path: str) -> list[BankScenario]:
        root = self.xml(path)
        if root is None or local(root) != "qti-assessment-test":
            raise InvalidDocumentError(f"{self.name}: the test {path} is missing or not a test")
        scenarios = []
        for number, part in enumerate(_elements(root, "qti-test-part"), start=1):
            sections = _elements(part, "qti-assessment-section")
            title = (sections[0].get("title") if sections else None) or part.get("identifier")
            context = ""
            for rubric in _elements(sections[0], "qti-rubric-block") if sections else []:
                body = next(iter(_elements(rubric, "qti-content-body")), rubric)
                context += inner_html(body)
            if part.get("navigation-mode", "linear") != "linear" and _elements(
                part, "qti-branch-rule"
            ):
                self.notes.add(str(title), "branch rules of a non-linear test part are ignored")
            scenario = self.part(part, path, str(title or f"Part {number}"), context)
            if scenario is not None:
                scenarios.append(scenario)
        return scenarios

    def part(
        self, part: etree._Element, path: str, title: str, context: str
    ) -> BankScenario | None:
        refs = _elements(part, "qti-assessment-item-ref")
        questions: list[BankQuestion] = []
        labels: dict[str, dict[str, str]] = {}
        kept_refs = []
        for ref in refs:
            identifier = ref.get("identifier") or f"item{len(questions) + 1}"
            href = posixpath.normpath(posixpath.join(posixpath.dirname(path), ref.get("href", "")))
            read = self.question(href, identifier)
            if read is not None:
                questions.append(read[0])
                labels[identifier] = read[1]
                kept_refs.append(ref)
        if not questions:
            return None
        linear = part.get("navigation-mode", "linear") == "linear"
        rules = [
            self.rules(ref, q, questions, labels) if linear else []
            for ref, q in zip(kept_refs, questions, strict=True)
        ]
        if linear:
            self.preconditions(kept_refs, questions, labels, rules)
        questions = [
            dataclasses.replace(q, rules=tuple(r)) for q, r in zip(questions, rules, strict=True)
        ]
        return BankScenario(title, tuple(questions), context)

    def rules(
        self,
        ref: etree._Element,
        question: BankQuestion,
        questions: list[BankQuestion],
        labels: dict[str, dict[str, str]],
    ) -> list[BankRule]:
        ids = [q.id for q in questions]
        following = (
            ids[ids.index(question.id) + 1] if ids.index(question.id) + 1 < len(ids) else None
        )
        found: list[BankRule] = []
        for branch in _elements(ref, "qti-branch-rule"):
            target = branch.get("target") or ""
            kids = _kids(branch)
            try:
                if not kids:
                    raise NotUnderstood("an empty rule")
                item, condition = from_qti(kids[0], labels)
                if item not in {"", question.id}:
                    raise NotUnderstood(f"it tests another item ({item})")
            except NotUnderstood as exc:
                self.notes.add(question.id, f"branch rule to {target} not kept ({exc})")
                continue
            if target not in _EXITS and target not in ids:
                self.notes.add(question.id, f"branch rule to {target} not kept (not an item here)")
                continue
            found.append(
                BankRule(format_condition(condition), None if target in _EXITS else target)
            )
        if found and not any(isinstance(r, BankRule) and r.condition == "default" for r in found):
            # QTI goes on to the next item when no rule holds; quizflow says so with a default.
            found.append(BankRule("default", following))
        return found

    def preconditions(
        self,
        refs: list[etree._Element],
        questions: list[BankQuestion],
        labels: dict[str, dict[str, str]],
        rules: list[list[BankRule]],
    ) -> None:
        """`show X only if <test of the item before>` as links from that item."""
        for index, ref in enumerate(refs):
            conditions = _elements(ref, "qti-pre-condition")
            if not conditions:
                continue
            question = questions[index]
            try:
                if len(conditions) != 1 or index == 0 or rules[index - 1]:
                    raise NotUnderstood("only one precondition on the item just before is kept")
                item, condition = from_qti(_kids(conditions[0])[0], labels)
                if item != questions[index - 1].id or isinstance(condition, Default):
                    raise NotUnderstood("it does not test the item just before")
            except (NotUnderstood, IndexError) as exc:
                self.notes.add(question.id, f"precondition not kept ({exc})")
                continue
            after = questions[index + 1].id if index + 1 < len(questions) else None
            rules[index - 1] = [
                BankRule(format_condition(condition), question.id),
                BankRule("default", after),
            ]
