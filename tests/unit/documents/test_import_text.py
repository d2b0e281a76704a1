"""Plain text, Markdown and HTML documents."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest

from quizflow.documents.importers import import_document
from quizflow.documents.model import Block
from quizflow.errors import InvalidDocumentError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "documents"
QUIZ_LINES = [
    ("line 1", "Fire safety quiz"),
    ("line 3", "You smell smoke in the staff kitchen – what now?"),
    ("line 4", "1. What do you do first?"),
    ("line 5", "A) Open the window"),
    ("line 6", "B) Raise the alarm *"),
    ("line 7", "C) Finish your coffee"),
    ("line 9", "2. Where do you go?"),
    ("line 10", "A) Back to your desk"),
    ("line 11", "B) To the assembly point *"),
]


def shape(block: Block) -> tuple[object, ...]:
    return (block.kind, block.level, block.list_kind, block.list_label, block.all_bold, block.text)


@pytest.mark.parametrize("name", ["quiz.txt", "quiz-bom.txt", "quiz-cp1252.txt"])
def test_plain_text_lines_stay_paragraphs_in_every_encoding(name: str) -> None:
    document = import_document((FIXTURES / name).read_bytes(), filename=name)
    assert [(b.source, b.text) for b in document.blocks] == QUIZ_LINES
    assert {b.kind for b in document.blocks} == {"paragraph"}
    assert document.title is None


def test_plain_text_is_escaped_and_utf16_with_bom_is_read() -> None:
    data = "Is 2 < 3 & 4 > 1?\r\n".encode("utf-16")
    (block,) = import_document(data, filename="notepad.txt").blocks
    assert block.text == "Is 2 < 3 & 4 > 1?"
    assert block.html == "Is 2 &lt; 3 &amp; 4 &gt; 1?"


def test_undecodable_text_is_a_clear_error() -> None:
    with pytest.raises(InvalidDocumentError, match=r"neither UTF-8 nor Windows-1252.*UTF-8"):
        import_document(b"Question \x81\x8d\x8f\x90\x9d", filename="odd.txt")


def test_markdown_lists_become_list_items_with_their_delimiters() -> None:
    document = import_document((FIXTURES / "quiz.md").read_bytes(), filename="quiz.md")
    assert document.title == "Fire safety quiz"
    assert [shape(b) for b in document.blocks] == [
        ("heading", 1, None, None, False, "Fire safety quiz"),
        ("paragraph", 0, None, None, False,
         "You smell smoke in the staff kitchen. Read the fire policy first."),
        ("heading", 2, None, None, False, "Questions"),
        ("list_item", 0, "numbered", "1.", False, "What do you do first?"),
        ("list_item", 1, "numbered", "1)", False, "Open the window"),
        ("list_item", 1, "numbered", "2)", True, "Raise the alarm"),
        ("list_item", 1, "numbered", "3)", False, "Finish your coffee"),
        ("list_item", 0, "numbered", "2.", False, "Where do you go? Think about it."),
        ("list_item", 1, "bulleted", None, False, "Back to your desk"),
        ("list_item", 1, "bulleted", None, True, "To the assembly point"),
        ("table_row", 0, None, None, False, "Question | Answer"),
        ("table_row", 0, None, None, False, "1 | 2"),
        ("table_row", 0, None, None, False, "2 | b"),
        ("paragraph", 0, None, None, False, "A plain line: 3. This stays a paragraph."),
    ]  # fmt: skip
    sources = [b.source for b in document.blocks]
    assert sources[:4] == ["line 1", "line 3", "line 5", "line 7"]
    assert sources[-1] == "line 22"
    assert document.blocks[6].html == "Finish your <s>coffee</s>"
    assert document.blocks[11].cells == ("1", "2")


def test_html_lists_tables_and_inline_formatting() -> None:
    document = import_document((FIXTURES / "quiz.html").read_bytes(), filename="quiz.html")
    assert document.title == "Fire safety quiz"
    assert [shape(b) for b in document.blocks] == [
        ("heading", 1, None, None, False, "Fire safety quiz"),
        ("paragraph", 0, None, None, False,
         "You smell smoke in the staff kitchen. Read the fire policy first."),
        ("list_item", 0, "numbered", "1.", False, "What do you do first?"),
        ("list_item", 1, "numbered", "a.", False, "Open the window"),
        ("list_item", 1, "numbered", "b.", True, "Raise the alarm"),
        ("list_item", 1, "numbered", "c.", False, "Finish your coffee"),
        ("list_item", 0, "numbered", "2.", False, "Where do you go?"),
        ("list_item", 1, "numbered", "C.", False, "Back to your desk"),  # type=A start=3
        ("list_item", 1, "numbered", "D.", True, "To the assembly point"),  # font-weight:700
        ("list_item", 0, "bulleted", None, False, "Take your time"),
        ("table_row", 0, None, None, False, "Question | Answer"),
        ("table_row", 0, None, None, False, "1 | b"),
        ("paragraph", 0, None, None, False, "H2O x2"),
    ]  # fmt: skip
    assert document.blocks[1].html == (
        "You smell smoke in the <em>staff kitchen</em>. Read the <a href="
        '"https://example.org/fire-policy" rel="noopener noreferrer nofollow">fire policy</a> '
        "first."
    )
    assert document.blocks[8].html == "<strong>To the assembly point</strong>"
    # The remote image is a tracker: its alt text stays, its source does not.
    assert document.blocks[-1].html == 'H<sub>2</sub>O<br>x<sup>2</sup> <img alt="pixel">'
    assert document.blocks[2].source == "line 13"


def test_html_data_image_is_stored_as_an_object() -> None:
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    source = f"data:image/png;base64,{base64.b64encode(png).decode()}"
    document = import_document(
        f'<p>See <img src="{source}" alt="dot"></p>'.encode(), filename="img.html"
    )
    (image,) = document.images
    digest = hashlib.sha256(png).hexdigest()
    assert image.key == f"objects/{digest[:2]}/{digest}.png"
    assert image.data == png
    assert document.blocks[0].html == f'See <img src="{image.key}" alt="dot">'


def test_html_list_item_value_and_roman_type() -> None:
    markup = b'<ol type="i"><li>One</li><li value="5">Five</li><li>Six</li></ol><li>Loose</li>'
    blocks = import_document(markup, filename="list.htm").blocks
    assert [(b.list_kind, b.list_label) for b in blocks] == [
        ("numbered", "i."), ("numbered", "v."), ("numbered", "vi."), ("bulleted", None),
    ]  # fmt: skip


def test_text_without_extension_is_sniffed() -> None:
    html = import_document(b"<!DOCTYPE html><h1>Hi</h1>", filename="upload")
    assert html.blocks[0].kind == "heading"
    text = import_document(b"<b>not html</b> just text", filename="upload")
    assert text.blocks[0].text == "<b>not html</b> just text"
