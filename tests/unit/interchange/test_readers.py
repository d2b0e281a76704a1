"""GIFT, Aiken and Moodle XML readers on files other tools wrote, read in place; and on hostile
input (entity bombs, external entities, deep nesting, catastrophic-regex lines)."""

from __future__ import annotations

import time

import pytest

from quizflow.errors import InvalidDocumentError, UnsupportedMediaTypeError
from quizflow.interchange.aiken import read_aiken
from quizflow.interchange.detect import detect_format
from quizflow.interchange.gift import read_gift
from quizflow.interchange.model import Bank
from quizflow.interchange.moodle_xml import read_moodle_xml
from tests.unit.interchange.conftest import SAMPLES


def _gift(name: str) -> Bank:
    return read_gift((SAMPLES / "gift" / name).read_bytes(), name=name)


def _notes(bank: Bank) -> str:
    return " | ".join(f"{n.item}: {n.message}" for n in bank.notes)


def test_gift_multiple_choice_as_moodle_reads_it_missing_words_and_comment_banners() -> None:
    bank = _gift("fuhrmanator-mc5.gift")

    prompts = [q.prompt_html for q in bank.questions]
    assert prompts[:2] == ["Who's buried in Grant's tomb?", "Grant is _____ in Grant's tomb."]
    assert (
        prompts[2]
        == "The American holiday of Thanksgiving is celebrated on the _____ Thursday of November."
    )
    assert [q.correct_labels for q in bank.questions] == [("C",), ("B",), ("C",), ("B",)]
    assert {q.kind for q in bank.questions} == {"single"}
    assert [c.body_html for c in bank.questions[3].choices] == ["India", "China", "Korea", "Egypt"]


def test_gift_weights_negative_and_fractional_make_a_multiple_answer_question() -> None:
    [question] = _gift("fuhrmanator-multipleAnswersFloat.gift").questions

    assert question.kind == "multiple"
    assert question.prompt_html == "Select all of the options below which name a continent:"
    assert [(c.body_html, c.fraction) for c in question.choices] == [
        ("Africa", 0.3333333), ("Asia", 0.3333333), ("China", -1.0),
        ("Antarctica", 0.3333333), ("America", -1.0),
    ]  # fmt: skip


def test_gift_true_false_feedback_follows_moodle_wrong_then_right() -> None:
    first, second, third = _gift("fuhrmanator-TFTwoFeedback.gift").questions

    assert [(c.body_html, c.fraction, c.feedback_html) for c in first.choices] == [
        ("True", 0.0, "feedback for true"), ("False", 1.0, "feedback for false"),
    ]  # fmt: skip
    # {TRUE#x}: Moodle shows the first feedback to whoever answers wrong, i.e. chooses False.
    assert [c.feedback_html for c in second.choices] == [None, "feedback for true"]
    assert [c.feedback_html for c in third.choices] == ["feedback for false", None]


def test_gift_html_format_escapes_and_general_feedback() -> None:
    [question] = _gift("fuhrmanator-mcHTMLComment.gift").questions

    assert question.name == "EE_mod_05_T39_P079"
    assert question.prompt_html.startswith("<p>¿En qué supuestos")
    assert question.correct_labels == ("C",) and question.choices[2].body_html == "Nunca."
    assert question.choices[0].body_html.startswith("En ausencia")  # [moodle] tag removed
    feedback = question.general_feedback_html or ""
    assert feedback.startswith('<p><span style="color: #ff6600;"><strong>Artículo 5')
    assert 'href="http://www.formacioncnp.es' in feedback and "\n<p>" in feedback  # \n and \:


def test_gift_answers_with_arrows_are_not_matching_and_names_keep_escaped_colons() -> None:
    first, second = _gift("fuhrmanator-shortAnswerNotMatching.gift").questions

    assert first.correct_labels == ("B",)
    assert first.choices[1].body_html == "get coffee powder -> add water"
    assert second.name == "iebT26nuevo_P012" and second.prompt_html.endswith("2007?:")


def test_gift_types_quizflow_lacks_are_kept_as_free_text_or_skipped_never_silently() -> None:
    numerical = _gift("fuhrmanator-numerical1.gift")
    matching = _gift("fuhrmanator-matching1.gift")

    assert len(numerical.questions) == 10 and {q.kind for q in numerical.questions} == {"text"}
    assert _notes(numerical).count("numerical question kept as free text") == 10
    assert matching.questions == ()
    assert _notes(matching).count("skipped: matching questions are not supported") == 2


def test_gift_categories_become_scenarios() -> None:
    data = b"$CATEGORY: $course$/top/Maths\n\n1+1?{=2 ~3}\n\n$CATEGORY: Art\n\nRed?{T}\n"
    bank = read_gift(data, name="x.gift")

    assert [(s.title, len(s.questions)) for s in bank.scenarios] == [("Maths", 1), ("Art", 1)]


def test_aiken_real_file_with_crlf_ids_in_stems_and_no_final_newline() -> None:
    bank = read_aiken((SAMPLES / "aiken/fisdap-aiken.txt").read_bytes(), name="fisdap.txt")

    assert [q.prompt_html for q in bank.questions] == [
        "17090 - Is this the first question?",
        "17094 - Is this the second question?",
        "17095 - Last question, did you like Star Wars?",
    ]
    assert [q.correct_labels for q in bank.questions] == [("C",), ("A",), ("A",)]
    assert bank.questions[0].choices[2].body_html == "YES!"


def test_aiken_extended_dialect_is_reported_question_by_question_not_guessed() -> None:
    bank = read_aiken((SAMPLES / "aiken/sonsoleslp-aiken.txt").read_bytes(), name="ext.txt")

    # `Answer:` is not Moodle's case-sensitive ANSWER:, so no question of this file completes.
    assert bank.questions == ()
    assert "line 1: skipped: no ANSWER line before the next question (line 6)" in _notes(bank)


def test_aiken_optional_space_and_escaping() -> None:
    data = b"Is 1 < 2?\nA)yes\nB. no & never\nANSWER: A\n"
    [question] = read_aiken(data).questions

    assert question.prompt_html == "Is 1 &lt; 2?"
    assert [c.body_html for c in question.choices] == ["yes", "no &amp; never"]


def _moodle(name: str) -> Bank:
    return read_moodle_xml((SAMPLES / "moodle-xml" / name).read_bytes(), name=name)


def test_moodle_nested_categories_true_false_and_essay() -> None:
    bank = _moodle("moodle-nested_categories_with_questions.xml")

    assert [(s.title, len(s.questions)) for s in bank.scenarios] == [
        ("Iota", 1), ("Iota/Kappa", 2), ("Iota/Kappa/Lambda", 1), ("Iota/Mu", 1),
    ]  # fmt: skip
    kinds = [(q.name, q.kind, q.correct_labels) for q in bank.questions]
    assert kinds[:2] == [("Iota Question", "single", ("A",)), ("Kappa Essay Question", "text", ())]
    assert bank.scenarios[1].context_html == "<p>This is Kappa category for test</p>"  # markdown


def test_moodle_short_answer_numerical_and_unsupported_types_are_each_reported() -> None:
    short = _moodle("moodle-shortanswer-testquestion.moodle.xml")
    numerical = _moodle("moodle-tools-numericalRef.xml")
    cloze = _moodle("moodle-multianswer.xml")
    matching = _moodle("moodle-match-testquestion.moodle.xml")

    assert [q.kind for q in short.questions] == ["text"]
    assert short.questions[0].general_feedback_html == (
        "Generalfeedback: frog or toad would have been OK."
    )
    assert "short answer kept as free text" in _notes(short)
    assert len(numerical.questions) == 2 and "numerical question kept" in _notes(numerical)
    assert cloze.questions == () and "cloze questions are not supported" in _notes(cloze)
    assert matching.questions == () and "matching questions are not supported" in _notes(matching)


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<quiz><question type="essay"><questiontext><text>&d;&d;</text></questiontext></question></quiz>"""
XXE = b"""<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<quiz><question type="essay"><questiontext><text>&x;</text></questiontext></question></quiz>"""


@pytest.mark.parametrize("data", [BOMB, XXE], ids=["billion-laughs", "external-entity"])
def test_entity_expansion_and_external_entities_are_refused(data: bytes) -> None:
    with pytest.raises(InvalidDocumentError, match="DTD"):
        read_moodle_xml(data, name="evil.xml")


def test_deep_nesting_is_refused_as_bad_xml() -> None:
    data = b"<quiz>" + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</quiz>"

    with pytest.raises(InvalidDocumentError, match="not well-formed"):
        read_moodle_xml(data, name="deep.xml")


@pytest.mark.parametrize(
    "text",
    ["{" + "~%" * 200_000 + "}", "::" + ":" * 400_000, "x{" + "\\" * 300_001 + "}", "%9" * 300_000],
)
def test_gift_reads_hostile_lines_in_linear_time(text: str) -> None:
    started = time.perf_counter()
    read_gift(text.encode())
    assert time.perf_counter() - started < 2.0  # catastrophic backtracking would take minutes


def test_aiken_reads_a_huge_option_list_in_linear_time() -> None:
    # 20,000 options: linear work is ~0.04 s (far under the bound even traced by coverage on a
    # loaded machine); quadratic work over them would be 4·10^8 steps, far over it.
    data = ("Stem?\n" + "A) x\n" * 20_000 + "ANSWER: A\n").encode()
    started = time.perf_counter()
    read_aiken(data)
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("gift/fuhrmanator-mc5.gift", "gift"),
        ("gift/fuhrmanator-TFTwoFeedback.gift", "gift"),
        ("aiken/fisdap-aiken.txt", "aiken"),
        ("moodle-xml/moodle-multianswer.xml", "moodle-xml"),
        ("qti3/kennisnet-simple-multiple-choice-processing1.xml", "qti3"),
        ("qti3/citolab-api-examples-imsmanifest.xml", "qti3"),
    ],
)
def test_format_is_detected_from_the_content_whatever_the_name(path: str, expected: str) -> None:
    assert detect_format((SAMPLES / path).read_bytes(), "upload.bin") == expected


@pytest.mark.parametrize(
    "data",
    [b"1. What?\nA) x\nB) y\nAnswer: B\n", b"<html><body>hi</body></html>", b"PK\x03\x04junk"],
)
def test_documents_are_not_taken_for_banks(data: bytes) -> None:
    with pytest.raises(UnsupportedMediaTypeError):
        detect_format(data, "notes.txt")


@pytest.mark.parametrize(
    "data",
    [
        b"Notes {see page 4} for the plan\n1. What?\nA) x\nB) y\nAnswer: B\n",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"{~=}" * 10,  # an OLE2 file (.doc, encrypted .docx)
        "café {~x}".encode("cp1252"),  # not UTF-8: a text document for the document importer
    ],
    ids=["braces-in-prose", "ole2", "cp1252"],
)
def test_documents_with_braces_or_binary_are_not_taken_for_gift(data: bytes) -> None:
    with pytest.raises(UnsupportedMediaTypeError):
        detect_format(data, "notes.txt")


def test_moodle_19_image_base64_becomes_a_stored_image() -> None:
    png = b"\x89PNG\r\n\x1a\nold"
    encoded = __import__("base64").b64encode(png).decode()
    data = f"""<quiz><question type="multichoice"><name><text>old</text></name>
      <questiontext format="html"><text>Look</text></questiontext>
      <image>pics/a.png</image><image_base64>{encoded}</image_base64>
      <answer fraction="100"><text>a</text></answer><answer fraction="0"><text>b</text></answer>
    </question></quiz>""".encode()

    bank = read_moodle_xml(data)

    [stored] = bank.files
    assert stored.data == png and stored.media_type == "image/png"
    assert bank.questions[0].prompt_html == f'Look<p><img src="{stored.key}"></p>'
