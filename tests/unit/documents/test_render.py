"""The HTML shared by every importer: lists keep the numbering the document showed, table
cells keep their formatting."""

from __future__ import annotations

from quizflow.documents.importers import import_document
from quizflow.documents.model import Block
from quizflow.documents.render import blocks_to_html


def _item(label: str, level: int = 0, html: str = "x") -> Block:
    return Block("list_item", "x", html, "p", level=level, list_kind="numbered", list_label=label)


def test_a_list_keeps_its_type_and_start() -> None:
    html = blocks_to_html([_item("c)"), _item("ii.", level=1), _item("IV.", level=2)])
    assert html == (
        '<ol type="a" start="3"><li>x<ol type="i" start="2"><li>x'
        '<ol type="I" start="4"><li>x</li></ol></li></ol></li></ol>'
    )
    assert blocks_to_html([_item("1."), _item("2.")]) == "<ol><li>x</li><li>x</li></ol>"
    assert blocks_to_html([_item("7.")]) == '<ol start="7"><li>x</li></ol>'


def test_an_html_list_comes_back_with_the_same_numbering() -> None:
    source = b'<ol type="A" start="2"><li>Paris</li><li>Rome</li></ol>'
    document = import_document(source, filename="list.html")
    assert [b.list_label for b in document.blocks] == ["B.", "C."]
    assert document.html == '<ol type="A" start="2"><li>Paris</li><li>Rome</li></ol>'


def test_table_cells_keep_their_formatting() -> None:
    cells = ("<strong>a</strong>", '<a href="https://example.org">b</a>')
    row = Block("table_row", "a | b", "", "t", cells=("a", "b"), cell_html=cells)
    assert blocks_to_html([row]) == (
        "<table><tbody><tr><td><strong>a</strong></td>"
        '<td><a href="https://example.org">b</a></td></tr></tbody></table>'
    )
    plain = Block("table_row", "a < b", "", "t", cells=("a < b",))
    assert blocks_to_html([plain]) == "<table><tbody><tr><td>a &lt; b</td></tr></tbody></table>"


def test_a_list_item_below_the_top_level_is_shown_at_the_top() -> None:
    # A malformed numbering (or a hostile document) can claim level -1: it is still a list.
    assert blocks_to_html([_item("1.", level=-1), _item("2.")]) == "<ol><li>x</li><li>x</li></ol>"
