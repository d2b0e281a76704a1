"""QTI 3 content packages: imsmanifest.xml, one assessment test, the items and their media.

Written: one test part per scenario (linear navigation, so branch rules apply), each with one
section holding the scenario's items in order; links become `qti-branch-rule`s where QTI can
say them (forward, within the part), and every link it cannot is noted. Read: a package (zip),
or a single item; test parts become scenarios, branch rules and simple preconditions links.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from lxml import etree  # type: ignore[import-untyped]

from quizflow.documents.importers.limits import is_zip, open_checked_zip
from quizflow.errors import ConditionSyntaxError, InvalidDocumentError
from quizflow.flow.conditions import parse_condition
from quizflow.interchange.model import (
    MAX_QUESTIONS,
    Bank,
    BankQuestion,
    NoteList,
    Written,
)
from quizflow.interchange.qti.branching import NotExpressible, to_qti
from quizflow.interchange.qti.content import ASI, CP, XSI, append_html, q
from quizflow.interchange.qti.items import SCHEMA_LOCATION, write_item
from quizflow.interchange.qti.reading import PackageReader
from quizflow.interchange.xml import xml_safe

#: A package this large once inflated, or this compressed, is refused as a zip bomb.
MAX_INFLATED_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200
#: An item file per question and a few media: a package of MAX_QUESTIONS fits.
MAX_ENTRIES = 2 * MAX_QUESTIONS + 1000
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,63}")
_STORED = re.compile(r"objects/[0-9a-f]{2}/([0-9a-f]{64}\.[a-z0-9]{1,16})")
CP_LOCATION = (
    f"{CP} https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd"
)


def _safe_names(archive: zipfile.ZipFile, name: str) -> None:
    for entry in archive.infolist():
        member = entry.filename
        parts = member.replace("\\", "/").split("/")
        if member.startswith(("/", "\\")) or ".." in parts or ":" in parts[0] or "\\" in member:
            raise InvalidDocumentError(f"{name}: the package entry {member!r} leaves the package")
        big = entry.file_size > 1024 * 1024
        if big and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise InvalidDocumentError(
                f"{name}: {member!r} inflates {entry.file_size // max(entry.compress_size, 1)}"
                " times (a zip bomb?)"
            )


def open_package(data: bytes, *, name: str) -> zipfile.ZipFile:
    """The package's zip after its limits: entries, inflated size, ratio, no path traversal."""
    archive = open_checked_zip(
        data, filename=name, max_inflated_bytes=MAX_INFLATED_BYTES, max_entries=MAX_ENTRIES
    )
    _safe_names(archive, name)
    return archive


def read_qti(data: bytes, *, name: str = "package.zip") -> Bank:
    """A QTI 3 package (zip with imsmanifest.xml) or a single item; InvalidDocumentError else."""
    if is_zip(data):
        archive = open_package(data, name=name)
        return PackageReader(archive, name).read()
    return PackageReader(None, name).read_single(data)


# ---------------------------------------------------------------------------------------------
# Writing


def _sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attrs.items()})


def _identifiers(bank: Bank, notes: NoteList) -> list[dict[str, str]]:
    """An item identifier per question, per scenario: its id when QTI can use it."""
    seen: set[str] = set()
    result = []
    for scenario in bank.scenarios:
        names = {}
        for question in scenario.questions:
            identifier = question.id
            if not _IDENTIFIER.fullmatch(identifier) or identifier in seen:
                identifier = f"item{len(seen) + 1}"
                notes.add(question.id, f"item identifier {question.id!r} written as {identifier}")
            seen.add(identifier)
            names[question.id] = identifier
        result.append(names)
    return result


def _rules(
    ref: etree._Element,
    question: BankQuestion,
    order: dict[str, int],
    names: dict[str, str],
    notes: NoteList,
) -> None:
    here = order[question.id]
    item = question.name or question.id
    for rule in question.rules:
        where = f"link {rule.condition!r} → {rule.target or 'end'}"
        if rule.target is not None and order.get(rule.target, -1) <= here:
            notes.add(item, f"{where} not kept: QTI branches forward only (a loop back)")
            continue
        try:
            condition = parse_condition(rule.condition)
            expression = to_qti(condition, names[question.id], question.kind == "multiple")
        except (ConditionSyntaxError, NotExpressible) as exc:
            notes.add(item, f"{where} not kept: {getattr(exc, 'message', str(exc))}")
            continue
        target = names[rule.target] if rule.target else "EXIT_TESTPART"
        branch = etree.SubElement(ref, q("qti-branch-rule"), target=target)
        branch.append(expression)


def _test(bank: Bank, identifiers: list[dict[str, str]], notes: NoteList) -> bytes:
    root = etree.Element(q("qti-assessment-test"), nsmap={None: ASI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    root.set("identifier", "quizflow-bank")
    root.set("title", bank.scenarios[0].title if len(bank.scenarios) == 1 else "Question bank")
    for number, (scenario, names) in enumerate(zip(bank.scenarios, identifiers, strict=True), 1):
        part = _sub(root, q("qti-test-part"), identifier=f"part{number}")
        part.set("navigation-mode", "linear")
        part.set("submission-mode", "individual")
        section = _sub(part, q("qti-assessment-section"), identifier=f"section{number}")
        section.set("title", scenario.title)
        section.set("visible", "true")
        if scenario.context_html:
            rubric = _sub(section, q("qti-rubric-block"), view="candidate")
            append_html(_sub(rubric, q("qti-content-body")), scenario.context_html, block=True)
        order = {q.id: i for i, q in enumerate(scenario.questions)}
        for question in scenario.questions:
            identifier = names[question.id]
            ref = _sub(section, q("qti-assessment-item-ref"), identifier=identifier)
            ref.set("href", f"items/{identifier}.xml")
            _rules(ref, question, order, names, notes)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _manifest(items: dict[str, set[str]], media: dict[str, str]) -> bytes:
    root = etree.Element(f"{{{CP}}}manifest", nsmap={None: CP, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", CP_LOCATION)
    root.set("identifier", "quizflow-package")
    metadata = _sub(root, f"{{{CP}}}metadata")
    _sub(metadata, f"{{{CP}}}schema").text = "QTI Package"
    _sub(metadata, f"{{{CP}}}schemaversion").text = "3.0.0"
    _sub(root, f"{{{CP}}}organizations")
    resources = _sub(root, f"{{{CP}}}resources")
    test = _sub(resources, f"{{{CP}}}resource", identifier="test", type="imsqti_test_xmlv3p0")
    test.set("href", "test.xml")
    _sub(test, f"{{{CP}}}file", href="test.xml")
    for identifier in items:
        _sub(test, f"{{{CP}}}dependency", identifierref=f"item-{identifier}")
    for identifier, files in items.items():
        href = f"items/{identifier}.xml"
        resource = _sub(resources, f"{{{CP}}}resource", identifier=f"item-{identifier}", href=href)
        resource.set("type", "imsqti_item_xmlv3p0")
        _sub(resource, f"{{{CP}}}file", href=href)
        for file in sorted(files):
            _sub(resource, f"{{{CP}}}dependency", identifierref=media[file])
    for file, identifier in media.items():
        resource = _sub(resources, f"{{{CP}}}resource", identifier=identifier, type="webcontent")
        resource.set("href", f"media/{file}")
        _sub(resource, f"{{{CP}}}file", href=f"media/{file}")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def write_qti(bank: Bank) -> Written:
    """The bank as a QTI 3 content package (zip); notes say what it could not keep."""
    notes = NoteList()
    if not bank.scenarios:
        raise InvalidDocumentError("there is nothing to export")
    bank = xml_safe(bank)
    files = {f.key: f for f in bank.files}
    identifiers = _identifiers(bank, notes)
    buffer = io.BytesIO()
    items: dict[str, set[str]] = {}
    media: dict[str, str] = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for scenario, names in zip(bank.scenarios, identifiers, strict=True):
            for question in scenario.questions:
                used: set[str] = set()

                def src(key: str, used: set[str] = used) -> str:
                    match = _STORED.fullmatch(key)
                    if match is None or key not in files:
                        return key
                    used.add(match.group(1))
                    return f"../media/{match.group(1)}"

                identifier = names[question.id]
                archive.writestr(
                    f"items/{identifier}.xml", write_item(question, identifier, notes, src)
                )
                items[identifier] = used
                for file in used:
                    media.setdefault(file, f"media-{file.split('.')[0][:40]}")
        for key, stored in files.items():
            name = PurePath(key).name
            if name in media:
                archive.writestr(f"media/{name}", stored.data)
        archive.writestr("test.xml", _test(bank, identifiers, notes))
        archive.writestr("imsmanifest.xml", _manifest(items, media))
    return Written(buffer.getvalue(), notes.freeze())


__all__ = ["read_qti", "write_qti"]
