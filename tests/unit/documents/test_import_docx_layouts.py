"""Layouts of Word banks that no real file in ../shared/documents shows, built the way Word
writes them (python-docx on Word's default template; equations, embedded objects and
numbering as the OOXML Word saves): answer-key grids, question tables, equations, MathType.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import docx
from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from quizflow.documents.extract import Extraction, extract_questions
from quizflow.documents.importers import import_document

_W = nsdecls("w")
_M = 'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
#: A decimal "%1." list, as Word's "Numbering" button makes it.
_DECIMAL = f"""<w:abstractNum {_W} w:abstractNumId="60"><w:multiLevelType w:val="hybridMultilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>
</w:lvl></w:abstractNum>"""


def _build(fill: Callable[[WordDocument], None]) -> Extraction:
    document = docx.Document()
    fill(document)
    out = io.BytesIO()
    document.save(out)
    return extract_questions(import_document(out.getvalue(), filename="bank.docx"))


def _questions(document: WordDocument, count: int = 4) -> None:
    for n in range(1, count + 1):
        document.add_paragraph(f"{n}. Question {n}?")
        for letter in "ABCD":
            document.add_paragraph(f"{letter}. Choice {n}{letter}")


def _correct(extraction: Extraction) -> list[list[str]]:
    return [[c.label for c in q.choices if c.is_correct] for q in extraction.questions]


def _table(document: WordDocument, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text


def test_an_answer_key_grid_of_number_letter_cells() -> None:
    def fill(document: WordDocument) -> None:
        _questions(document)
        document.add_paragraph("Answer key")
        _table(document, [["1C", "2-A", "3. B", "4 D"]])

    extraction = _build(fill)
    assert _correct(extraction) == [["C"], ["A"], ["B"], ["D"]]
    assert not extraction.orphans


def test_an_answer_key_grid_of_numbers_over_letters_in_vietnamese() -> None:
    def fill(document: WordDocument) -> None:
        _questions(document)
        _table(document, [["Câu", "1", "2", "3", "4"], ["Đáp án", "D", "C", "B", "A"]])

    assert _correct(_build(fill)) == [["D"], ["C"], ["B"], ["A"]]


def test_an_answer_key_table_of_word_auto_numbered_cells() -> None:
    def fill(document: WordDocument) -> None:
        numbering = document.part.numbering_part.element
        numbering.insert(0, parse_xml(_DECIMAL))
        numbering.append(
            parse_xml(f'<w:num {_W} w:numId="60"><w:abstractNumId w:val="60"/></w:num>')
        )
        _questions(document)
        document.add_paragraph("ĐÁP ÁN")
        table = document.add_table(rows=1, cols=4)
        for cell, letter in zip(table.rows[0].cells, "BADC", strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.add_run(letter)  # Word shows "1." "2." … from the numbering, not typed
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = 60

    assert _correct(_build(fill)) == [["B"], ["A"], ["D"], ["C"]]


def test_an_answer_key_written_on_one_line() -> None:
    def fill(document: WordDocument) -> None:
        _questions(document, 3)
        document.add_paragraph("Answers:")
        document.add_paragraph("1C 2A 3B")

    assert _correct(_build(fill)) == [["C"], ["A"], ["B"]]


def test_one_question_per_table_row_under_a_header_in_any_language() -> None:
    def fill(document: WordDocument) -> None:
        document.add_paragraph("Kiểm tra 15 phút")
        _table(document, [
            ["STT", "Câu hỏi", "A", "B", "C", "D", "Đáp án"],
            ["1", "Thủ đô của Pháp?", "Paris", "Lyon", "Nice", "Lille", "A"],
            ["2", "2 + 2 = ?", "3", "4", "5", "6", "B"],
        ])  # fmt: skip

    extraction = _build(fill)
    assert [q.prompt_text for q in extraction.questions] == ["Thủ đô của Pháp?", "2 + 2 = ?"]
    assert [[c.body_text for c in q.choices] for q in extraction.questions][1] == list("3456")
    assert _correct(extraction) == [["A"], ["B"]]
    assert extraction.questions[1].choices[1].source == "table 1, row 3, cell 4"
    assert extraction.context_text == "Kiểm tra 15 phút"


def test_one_question_per_table_row_without_a_header() -> None:
    def fill(document: WordDocument) -> None:
        _table(document, [
            ["1", "Capital of Italy?", "A. Rome", "B. Milan", "Answer: A"],
            ["2", "Largest ocean?", "A. Atlantic", "B. Pacific", "Answer: B"],
        ])  # fmt: skip

    extraction = _build(fill)
    assert [q.number for q in extraction.questions] == [1, 2]
    assert _correct(extraction) == [["A"], ["B"]]


def test_choices_in_a_two_by_two_table_after_an_unnumbered_stem() -> None:
    def fill(document: WordDocument) -> None:
        document.add_paragraph("Which planet is red?")
        _table(document, [["A. Venus", "B. Mars"], ["C. Jupiter", "D. Saturn"]])
        document.add_paragraph("Answer: B")

    extraction = _build(fill)
    (question,) = extraction.questions
    assert [c.body_text for c in question.choices] == ["Venus", "Mars", "Jupiter", "Saturn"]
    assert _correct(extraction) == [["B"]]


def _omml(document: WordDocument, before: str, math: str) -> None:
    paragraph = document.add_paragraph(before)
    paragraph._p.append(parse_xml(f"<m:oMath {_M} {_W}>{math}</m:oMath>"))


def test_word_equations_come_along_as_readable_text() -> None:
    fraction = (
        "<m:f><m:num><m:r><m:t>a+b</m:t></m:r></m:num><m:den><m:r><m:t>2</m:t></m:r></m:den></m:f>"
    )
    square = (
        "<m:sSup><m:e><m:r><m:t>x</m:t></m:r></m:e><m:sup><m:r><m:t>2</m:t></m:r></m:sup></m:sSup>"
    )
    root = (
        '<m:rad><m:radPr><m:degHide m:val="1"/></m:radPr><m:deg/>'
        "<m:e><m:r><m:t>x</m:t></m:r></m:e></m:rad>"
    )

    def fill(document: WordDocument) -> None:
        document.add_paragraph("1. Which is the mean of a and b?")
        _omml(document, "A. ", fraction)
        _omml(document, "B. ", square)
        _omml(document, "C. ", root)
        document.add_paragraph("Answer: A")

    extraction = _build(fill)
    (question,) = extraction.questions
    assert [c.body_html for c in question.choices] == ["(a+b)/2", "x<sup>2</sup>", "√x"]
    assert _correct(extraction) == [["A"]]


def test_an_embedded_mathtype_equation_is_reported_where_it_is() -> None:
    ole = (
        f'<w:r {_W} xmlns:o="urn:schemas-microsoft-com:office:office"><w:object>'
        '<o:OLEObject Type="Embed" ProgID="Equation.DSMT4" ShapeID="_x0000_i1025"/>'
        "</w:object></w:r>"
    )

    def fill(document: WordDocument) -> None:
        document.add_paragraph("1. Solve:")
        paragraph = document.add_paragraph("A. ")
        paragraph._p.append(parse_xml(ole))
        document.add_paragraph("B. none")

    extraction = _build(fill)
    (warning,) = [w for w in extraction.warnings if "MathType" in w.message]
    assert warning.source == "paragraph 2"
    assert "Insert > Equation" in warning.message


def test_choices_of_two_paragraphs_are_split_at_the_blank_lines() -> None:
    def fill(document: WordDocument) -> None:
        document.add_paragraph("1. Which declares both fields?")
        for first, second, mark in (("int a;", "int b;", False), ("var a;", "var b;", False),
                                    ("public int a;", "public int b;", True)):  # fmt: skip
            for text in (first, second):
                run = document.add_paragraph().add_run(text)
                if mark:
                    run.font.highlight_color = 4  # bright green, Word's highlighter
            document.add_paragraph("")
        # Word writes an empty paragraph as a bare <w:p/>.
        assert document.element.body[-2].tag == qn("w:p")

    extraction = _build(fill)
    (question,) = extraction.questions
    assert [c.body_text for c in question.choices] == [
        "int a;\nint b;", "var a;\nvar b;", "public int a;\npublic int b;",
    ]  # fmt: skip
    assert _correct(extraction) == [["C"]]


def test_true_false_written_in_the_stem_with_the_answer_in_bold() -> None:
    def fill(document: WordDocument) -> None:
        for n, bold in ((1, "False"), (2, "Vrai")):
            paragraph = document.add_paragraph(f"{n}. The statement holds. (")
            other = {"False": "True", "Vrai": "Faux"}[bold]
            words = (other, bold) if bold in ("False", "Faux") else (bold, other)
            paragraph.add_run(words[0]).bold = words[0] == bold
            paragraph.add_run(" / ")
            paragraph.add_run(words[1]).bold = words[1] == bold
            paragraph.add_run(")")

    extraction = _build(fill)
    assert [[c.body_text for c in q.choices] for q in extraction.questions] == [
        ["True", "False"], ["Vrai", "Faux"],
    ]  # fmt: skip
    assert [q.prompt_text for q in extraction.questions] == ["The statement holds."] * 2
    assert _correct(extraction) == [["B"], ["A"]]


#: A 1×1 PNG, as Word embeds a picture (word/media/image1.png).
_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\xdac\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_tables_and_images_used_in_no_question_are_listed() -> None:
    def fill(document: WordDocument) -> None:
        _questions(document, 2)
        document.add_paragraph("Answer: A")
        document.add_heading("Scores", level=1)
        _table(document, [["Name", "Score"], ["Ann", "5"]])
        document.add_picture(io.BytesIO(_PNG))

    extraction = _build(fill)
    warned = {(w.source, w.message) for w in extraction.warnings}
    assert ("table 1, row 1", "table 1 (2 row(s)) is in no question") in warned
    assert ("paragraph 13", "an image is in no question") in warned
    assert {"table 1, row 1", "table 1, row 2", "paragraph 13"} <= set(extraction.orphans)


def test_equation_structures_read_the_way_they_are_typed() -> None:
    from quizflow.documents.importers.docx_math import math_to_html

    def run(text: str) -> str:
        return f"<m:r><m:t>{text}</m:t></m:r>"

    cases = {
        # ∑ from i=1 to n of x_i
        "<m:nary><m:naryPr><m:chr m:val=\"∑\"/></m:naryPr><m:sub>" + run("i=1") + "</m:sub>"
        "<m:sup>" + run("n") + "</m:sup><m:e><m:sSub><m:e>" + run("x") + "</m:e><m:sub>"
        + run("i") + "</m:sub></m:sSub></m:e></m:nary>":
            "∑<sub>i=1</sub><sup>n</sup> x<sub>i</sub>",
        "<m:sSubSup><m:e>" + run("x") + "</m:e><m:sub>" + run("0") + "</m:sub><m:sup>"
        + run("2") + "</m:sup></m:sSubSup>": "x<sub>0</sub><sup>2</sup>",
        "<m:d><m:dPr><m:begChr m:val=\"{\"/><m:endChr m:val=\"}\"/><m:sepChr m:val=\",\"/></m:dPr>"
        "<m:e>" + run("a") + "</m:e><m:e>" + run("b") + "</m:e></m:d>": "{a,b}",
        "<m:limLow><m:e>" + run("lim") + "</m:e><m:lim>" + run("x→0") + "</m:lim></m:limLow>":
            "lim<sub>x→0</sub>",
        "<m:r><m:t>a&lt;b</m:t></m:r>": "a&lt;b",
    }  # fmt: skip
    for xml, expected in cases.items():
        assert math_to_html(parse_xml(f"<m:oMath {_M}>{xml}</m:oMath>")) == expected
    # lxml refuses nesting deeper than 256; within that, the walk stops at its own bound.
    deep = "<m:d><m:e>" * 120 + run("x") + "</m:e></m:d>" * 120
    shown = math_to_html(parse_xml(f"<m:oMath {_M}>{deep}</m:oMath>"))
    assert "x" not in shown and shown.count("(") < 120


def test_images_in_choice_cells_and_choices_come_along() -> None:
    def fill(document: WordDocument) -> None:
        document.add_paragraph("Which sign means exit?")
        table = document.add_table(rows=1, cols=2)
        for cell, letter in zip(table.rows[0].cells, "AB", strict=True):
            run = cell.paragraphs[0].add_run(f"{letter}. ")
            run.add_picture(io.BytesIO(_PNG))
        document.add_paragraph("Answer: B")

    extraction = _build(fill)
    (question,) = extraction.questions
    assert [c.label for c in question.choices] == ["A", "B"]
    assert all(c.body_html.startswith('<img src="objects/') for c in question.choices)
    assert _correct(extraction) == [["B"]]
