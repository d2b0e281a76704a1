"""QTI 3: what we write validates against the schemas; real files and packages read; hostile
packages are refused."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings

from quizflow.errors import InvalidDocumentError
from quizflow.interchange.model import Bank, BankChoice, BankQuestion, BankRule, BankScenario
from quizflow.interchange.qti import package, read_qti, write_qti
from tests.unit.interchange.conftest import SAMPLES, Schemas
from tests.unit.interchange.test_roundtrip import QTI_BANKS

QTI = SAMPLES / "qti3"


def _entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(QTI_BANKS)
def test_every_written_package_validates_against_the_qti3_schemas(
    schemas: Schemas, bank: Bank
) -> None:
    entries = _entries(write_qti(bank).data)

    assert "imsmanifest.xml" in entries and "test.xml" in entries
    for name, data in entries.items():
        if name.endswith(".xml"):
            assert schemas.problems(data) == [], name


def _branching_bank(*rules: BankRule) -> Bank:
    choices = (BankChoice("A", "yes", 1.0), BankChoice("B", "no", 0.0))
    return Bank(
        (
            BankScenario(
                "Flow",
                (
                    BankQuestion("q1", "single", "First?", choices),
                    BankQuestion("q2", "single", "Second?", choices, rules=rules),
                    BankQuestion("q3", "text", "Why?"),
                ),
            ),
        )
    )


def test_links_qti_cannot_hold_are_reported_per_link_and_the_rest_kept() -> None:
    bank = _branching_bank(
        BankRule("answer == A", "q1"),  # a loop back
        BankRule("score >= 3", "q3"),  # no outcome for the running score
        BankRule("answer == B", None),
        BankRule("default", "q3"),
    )

    written = write_qti(bank)
    read = read_qti(written.data)

    messages = [f"{n.item}: {n.message}" for n in written.notes]
    assert any("'answer == A' → q1" in m and "loop back" in m for m in messages)
    assert any("'score >= 3'" in m and "score" in m for m in messages)
    assert read.questions[1].rules == (BankRule("answer == B", None), BankRule("default", "q3"))


def test_test_xml_says_branch_rules_in_a_linear_part(schemas: Schemas) -> None:
    data = _entries(write_qti(_branching_bank(BankRule("answer == B", None))).data)["test.xml"]

    assert b'navigation-mode="linear"' in data
    assert b'<qti-branch-rule target="EXIT_TESTPART">' in data
    assert schemas.problems(data) == []


def _package(**entries: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_real_manifest_and_test_read_with_the_items_present() -> None:
    data = _package(
        **{
            "imsmanifest.xml": (QTI / "citolab-api-examples-imsmanifest.xml").read_bytes(),
            "assessment.xml": (QTI / "citolab-api-examples-assessment.xml").read_bytes(),
            "items/choice_multiple.xml": (
                QTI / "kennisnet-simple-multiple-choice-processing1.xml"
            ).read_bytes(),
            "items/gap_match.xml": (QTI / "kennisnet-gap-match-no-processing.xml").read_bytes(),
        }
    )

    bank = read_qti(data, name="examples.zip")

    [question] = bank.questions
    assert question.id == "ITM-choice_multiple" and question.kind == "multiple"
    assert [c.body_html for c in question.choices] == ["Robin", "Paula", "Rik"]
    assert [c.fraction for c in question.choices] == [0.3333333] * 3  # 0.667 of MAXSCORE 2
    assert question.points == 2 and question.shuffle
    assert bank.scenarios[0].title == "examples-a1"
    notes = " | ".join(f"{n.item}: {n.message}" for n in bank.notes)
    assert "match-interaction is not supported" in notes
    assert "items/choice.xml is not in the package" in notes


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("kennisnet-simple-multiple-choice-processing1.xml", "multiple"),
        ("kennisnet-match-correct-template.INVALID.xml", "text"),
        ("kennisnet-gap-match-no-processing.xml", None),
        ("citolab-example-multiple-interactions.xml", None),
    ],
)
def test_real_single_items_read_or_are_skipped_with_a_reason(
    sample: str, expected: str | None
) -> None:
    bank = read_qti((QTI / sample).read_bytes(), name=sample)

    assert [q.kind for q in bank.questions] == ([expected] if expected else [])
    if expected is None:
        assert any("skipped" in n.message for n in bank.notes)


def test_a_test_without_its_package_is_refused_with_what_to_do() -> None:
    with pytest.raises(InvalidDocumentError, match="upload the whole package"):
        read_qti((QTI / "citolab-api-examples-assessment.xml").read_bytes(), name="a.xml")


@pytest.mark.parametrize("member", ["../evil.xml", "/etc/passwd", "items/../../x.xml", "a\\b.xml"])
def test_path_traversal_in_a_package_is_refused(member: str) -> None:
    data = _package(**{"imsmanifest.xml": b"<manifest/>", member: b"<x/>"})

    with pytest.raises(InvalidDocumentError, match="leaves the package"):
        read_qti(data, name="evil.zip")


def test_a_zip_bomb_is_refused_before_it_inflates() -> None:
    data = _package(**{"imsmanifest.xml": b"<manifest/>", "items/big.xml": b"\0" * 50_000_000})

    with pytest.raises(InvalidDocumentError, match="zip bomb"):
        read_qti(data, name="bomb.zip")


def test_a_package_with_more_entries_than_any_bank_needs_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert package.MAX_ENTRIES > 2 * 10_000  # a 10,000-question bank fits
    monkeypatch.setattr(package, "MAX_ENTRIES", 50)  # the same check, on a smaller archive
    data = _package(**{"imsmanifest.xml": b"<manifest/>"}, **{f"f{i}": b"" for i in range(60)})

    with pytest.raises(InvalidDocumentError, match="files"):
        read_qti(data, name="many.zip")


def test_characters_xml_cannot_hold_are_left_out_of_xml_exports(schemas: Schemas) -> None:
    from quizflow.interchange.moodle_xml import read_moodle_xml, write_moodle_xml

    choices = (BankChoice("A", "y\x01es", 1.0), BankChoice("B", "no\x0b", 0.0))
    bank = Bank((BankScenario("T\x02", (BankQuestion("q1", "single", "Pick\x00", choices),)),))

    for read in (read_qti(write_qti(bank).data), read_moodle_xml(write_moodle_xml(bank).data)):
        assert read.questions[0].prompt_html == "Pick"
        assert [c.body_html for c in read.questions[0].choices] == ["yes", "no"]


def test_a_precondition_on_the_next_item_reads_back_as_a_link() -> None:
    choices = (BankChoice("A", "yes", 1.0), BankChoice("B", "no", 0.0))
    bank = Bank(
        (
            BankScenario(
                "Pre",
                tuple(BankQuestion(f"q{n}", "single", f"Q{n}?", choices) for n in (1, 2, 3)),
            ),
        )
    )
    entries = _entries(write_qti(bank).data)
    condition = (
        b'<qti-pre-condition><qti-match><qti-variable identifier="q1.RESPONSE"/>'
        b'<qti-base-value base-type="identifier">A</qti-base-value></qti-match>'
        b"</qti-pre-condition>"
    )
    entries["test.xml"] = entries["test.xml"].replace(  # q2 is shown only if q1 was A
        b'href="items/q2.xml"/>',
        b'href="items/q2.xml">' + condition + b"</qti-assessment-item-ref>",
    )

    read = read_qti(_package(**entries))

    assert read.questions[0].rules == (BankRule("answer == A", "q2"), BankRule("default", "q3"))
    assert read.notes == ()
