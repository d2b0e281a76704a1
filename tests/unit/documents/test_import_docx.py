"""Word documents as real tools write them: LibreOffice's export and Word's own numbering."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from quizflow.documents.importers import DOCX_MEDIA_TYPE, import_document
from quizflow.documents.importers.lists import format_number, to_letters, to_roman
from quizflow.documents.model import Block, NormalizedDocument

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "documents"


def load(name: str) -> NormalizedDocument:
    return import_document((FIXTURES / name).read_bytes(), filename=name)


def shape(block: Block) -> tuple[object, ...]:
    """What matters of a block, compactly: kind, level, label, bold, text."""
    return (block.kind, block.level, block.list_label, block.all_bold, block.text)


# --- LibreOffice 7.4 export -------------------------------------------------------------------


@pytest.fixture(scope="module")
def libreoffice() -> NormalizedDocument:
    return load("libreoffice-quiz.docx")


def test_libreoffice_export_keeps_reading_order_with_computed_list_labels(
    libreoffice: NormalizedDocument,
) -> None:
    assert [shape(b) for b in libreoffice.blocks] == [
        ("heading", 1, None, False, "Fire safety quiz"),
        ("heading", 1, None, False, "Scenario"),
        ("paragraph", 0, None, False,
         "You are the first to notice smoke in the staff kitchen. Read the fire policy first."),
        ("paragraph", 0, None, False, ""),
        ("heading", 1, None, False, "Questions"),
        ("list_item", 0, "1.", False, "What do you do first?"),
        ("list_item", 1, "a)", False, "Open the window"),
        ("list_item", 1, "b)", True, "Raise the alarm"),
        ("list_item", 1, "c)", False, "Finish your coffee"),
        ("list_item", 0, "2.", False, "Where do you go?"),
        ("list_item", 1, "a)", False, "Back to your desk"),
        ("list_item", 1, "b)", True, "To the assembly point"),
        ("list_item", 0, "3.", False, "How many floors does the building have above the 1st?"),
        ("list_item", 1, "a)", True, "Three"),
        ("list_item", 1, "b)", False, "Four"),
        ("heading", 2, None, False, "Answer key"),
        ("table_row", 0, None, False, "Question | Answer"),
        ("table_row", 0, None, False, "1 | b"),
        ("table_row", 0, None, False, "2 | b"),
        ("table_row", 0, None, False, "3 | a"),
        ("paragraph", 0, None, False, "How sure are you?"),
        ("list_item", 0, "(A)", False, "Very sure"),
        ("list_item", 0, "(B)", False, "Not sure"),
        ("paragraph", 0, None, False, "Thank you. The safety team"),
    ]  # fmt: skip
    assert {b.list_kind for b in libreoffice.blocks if b.kind == "list_item"} == {"numbered"}


def test_libreoffice_export_title_comes_from_core_properties(
    libreoffice: NormalizedDocument,
) -> None:
    # LibreOffice spells the core-properties relationship differently; python-docx alone
    # would answer "Word Document".
    assert libreoffice.title == "Fire safety quiz"


def test_libreoffice_export_inline_formatting_links_and_breaks(
    libreoffice: NormalizedDocument,
) -> None:
    by_text = {b.text: b for b in libreoffice.blocks}
    context = by_text[
        "You are the first to notice smoke in the staff kitchen. Read the fire policy first."
    ]
    assert "<em>staff kitchen</em>" in context.html
    assert '<a href="https://example.org/fire-policy"' in context.html
    assert ">fire policy</a>" in context.html
    assert by_text["Finish your coffee"].html == "Finish your <s>coffee</s>"
    assert by_text["Back to your desk"].html == "Back to your <u>desk</u>"
    assert by_text["To the assembly point"].html == "<strong>To the assembly point</strong>"
    assert "1<sup>st</sup>" in by_text["How many floors does the building have above the 1st?"].html
    assert by_text["Thank you. The safety team"].html == "Thank you.<br>The safety team"


def test_libreoffice_export_image_becomes_an_object_reference(
    libreoffice: NormalizedDocument,
) -> None:
    (image,) = libreoffice.images
    assert image.media_type == "image/png"
    assert image.data.startswith(b"\x89PNG")
    digest = hashlib.sha256(image.data).hexdigest()
    assert image.key == f"objects/{digest[:2]}/{digest}.png"
    block = libreoffice.blocks[3]
    assert block.html == f'<img src="{image.key}" alt="Floor plan of the ground floor">'
    assert block.source == "paragraph 5"  # the empty paragraph 4 is skipped but counted


def test_libreoffice_export_table_rows_keep_cells(libreoffice: NormalizedDocument) -> None:
    rows = [b for b in libreoffice.blocks if b.kind == "table_row"]
    assert [r.cells for r in rows] == [("Question", "Answer"), ("1", "b"), ("2", "b"), ("3", "a")]
    assert [r.source for r in rows] == [f"table 1, row {n}" for n in range(1, 5)]
    assert rows[1].html == "1 | <strong>b</strong>"


# --- Word's own template and numbering --------------------------------------------------------


@pytest.fixture(scope="module")
def word() -> NormalizedDocument:
    return load("word-numbering.docx")


def test_word_numbering_labels_restart_per_question_and_honour_start(
    word: NormalizedDocument,
) -> None:
    items = [(b.level, b.list_kind, b.list_label, b.text) for b in word.blocks
             if b.kind == "list_item"]  # fmt: skip
    assert items == [
        (0, "numbered", "1.", "Which gas do plants absorb?"),  # "List Number" style
        (0, "numbered", "a)", "Oxygen"),
        (0, "numbered", "b)", "Carbon dioxide"),
        (0, "numbered", "c)", "Nitrogen"),
        (0, "numbered", "2.", "What is H2O?"),
        (0, "numbered", "a)", "Water"),  # a new w:num with startOverride
        (0, "numbered", "b)", "Hydrogen peroxide"),
        (0, "bulleted", None, "Take your time"),  # "List Bullet" style
        (0, "bulleted", None, "Use a pencil"),
        (0, "numbered", "3.", "Balance the equation"),  # w:start 3
        (1, "numbered", "a)", "Count the atoms"),
        (2, "numbered", "(A)", "Hydrogen"),
        (2, "numbered", "(B)", "Oxygen"),
        (3, "numbered", "i.", "Per molecule"),
        (1, "numbered", "b)", "Compare both sides"),
        (0, "numbered", "4.", "Name the product"),
        (1, "numbered", "a)", "Use its common name"),  # restarted when level 0 advanced
    ]


def test_word_bold_through_character_style_or_direct_counts_as_all_bold(
    word: NormalizedDocument,
) -> None:
    bold = {b.text for b in word.blocks if b.all_bold}
    assert bold == {"Carbon dioxide", "Water", "All of it bold"}
    by_text = {b.text: b for b in word.blocks}
    assert by_text["Carbon dioxide"].html == "<strong>Carbon dioxide</strong>"


def test_word_inline_formatting_hyperlinks_fields_and_tracked_changes(
    word: NormalizedDocument,
) -> None:
    intro = word.blocks[2]
    assert intro.text == (
        "Water is H2O and a square is x2. Look at the periodic table and the safety sheet. "
        "Work carefully, not fast"
    )
    assert "H<sub>2</sub>O" in intro.html and "x<sup>2</sup>" in intro.html
    assert '<a href="https://example.org/periodic-table"' in intro.html
    assert '<a href="https://example.org/safety"' in intro.html  # a HYPERLINK field
    assert ".<br><em>Work </em><u>carefully</u>, not <s>fast</s>" in intro.html
    assert word.blocks[3].text == "Answer every question."  # insertion kept, deletion dropped
    assert word.title == "Chemistry check"
    assert word.blocks[0] == Block("heading", "Chemistry check", "Chemistry check",
                                   "paragraph 1", level=1)  # fmt: skip


def test_word_table_and_image(word: NormalizedDocument) -> None:
    rows = [b for b in word.blocks if b.kind == "table_row"]
    assert [r.cells for r in rows] == [("Question", "Answer"), ("1", "b"), ("2", "a (water)")]
    assert rows[2].html == "2 | a<br>(water)"
    (image,) = word.images
    images = [b for b in word.blocks if "<img" in b.html]
    assert [b.html for b in images] == [f'<img src="{image.key}" alt="Molecule diagram">']
    assert word.blocks[-1].text == "Good luck!"


def test_media_type_alone_identifies_a_docx() -> None:
    data = (FIXTURES / "word-numbering.docx").read_bytes()
    document = import_document(data, filename="upload", media_type=DOCX_MEDIA_TYPE)
    assert document.title == "Chemistry check"


# --- numbering rules, on documents built here -------------------------------------------------

ABSTRACT = """<w:abstractNum {ns} w:abstractNumId="50"><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:isLgl/>
 <w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum>"""
LINKED = """<w:abstractNum {ns} w:abstractNumId="51"><w:numStyleLink w:val="QuizList"/>
</w:abstractNum>"""


def build(paragraphs: list[tuple[str, int | None, int]]) -> bytes:
    """A .docx whose paragraphs are (text, numId or None, ilvl), with numbering 50-52."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    for xml in (ABSTRACT, LINKED):
        first_num.addprevious(parse_xml(xml.format(ns=nsdecls("w"))))
    for xml in (
        '<w:num {ns} w:numId="50"><w:abstractNumId w:val="50"/></w:num>',
        '<w:num {ns} w:numId="51"><w:abstractNumId w:val="51"/></w:num>',
        '<w:num {ns} w:numId="52"><w:abstractNumId w:val="50"/></w:num>',
    ):
        numbering.append(parse_xml(xml.format(ns=nsdecls("w"))))
    styles = document.styles.element
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="numbering" w:styleId="QuizList">'
        '<w:name w:val="Quiz List"/><w:pPr><w:numPr><w:numId w:val="52"/></w:numPr></w:pPr>'
        "</w:style>"
    ))  # fmt: skip
    for text, num_id, ilvl in paragraphs:
        paragraph = document.add_paragraph(text)
        if num_id is not None:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = ilvl
            num_pr.get_or_add_numId().val = num_id
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_legal_numbering_upper_roman_and_num_id_zero() -> None:
    data = build([("One", 50, 0), ("Sub", 50, 1), ("Sub two", 50, 1), ("Plain", 0, 0),
                  ("Two", 50, 0), ("Sub again", 50, 1)])  # fmt: skip
    blocks = import_document(data, filename="legal.docx").blocks
    assert [(b.kind, b.list_label) for b in blocks] == [
        ("list_item", "I."),
        ("list_item", "1.1"),
        ("list_item", "1.2"),
        ("paragraph", None),
        ("list_item", "II."),
        ("list_item", "2.1"),
    ]


def test_an_empty_numbered_paragraph_still_takes_its_number() -> None:
    data = build([("One", 50, 0), ("", 50, 0), ("Three", 50, 0)])
    blocks = import_document(data, filename="gap.docx").blocks
    assert [(b.text, b.list_label) for b in blocks] == [("One", "I."), ("Three", "III.")]


def test_styles_based_on_each_other_do_not_hang() -> None:
    document = docx.Document()
    for style_id, base in (("LoopA", "LoopB"), ("LoopB", "LoopA")):
        document.styles.element.append(parse_xml(
            f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="{style_id}">'
            f'<w:name w:val="{style_id}"/><w:basedOn w:val="{base}"/></w:style>'
        ))  # fmt: skip
    document.add_paragraph("Still read", style="LoopA")
    out = io.BytesIO()
    document.save(out)
    (block,) = import_document(out.getvalue(), filename="loop.docx").blocks
    assert (block.kind, block.text) == ("paragraph", "Still read")


def test_list_style_linked_through_num_style_link_is_followed() -> None:
    data = build([("Linked", 51, 0), ("Linked two", 51, 0)])
    blocks = import_document(data, filename="linked.docx").blocks
    assert [b.list_label for b in blocks] == ["I.", "II."]


def test_number_formats_as_word_counts_them() -> None:
    assert [to_letters(n) for n in (1, 26, 27, 28, 53)] == ["a", "z", "aa", "bb", "aaa"]
    assert to_roman(1994) == "mcmxciv"
    assert format_number(4, "upperRoman") == "IV"
    assert format_number(3, "decimalZero") == "03"
    assert format_number(2, "upperLetter") == "B"
