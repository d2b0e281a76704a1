"""Blocks back to one HTML document (lists and tables regrouped)."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from quizflow.documents.model import Block

#: A displayed list label: "3.", "(c)", "iv)", "B." (bounded: no backtracking).
_LABEL = re.compile(r"^\(?([0-9]{1,6}|[A-Za-z]{1,8})[.)]?$")
_ROMAN = re.compile(r"^(?=[ivxlcdm])m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def blocks_to_html(blocks: Sequence[Block]) -> str:
    """Sanitised HTML of a sequence of blocks: headings, paragraphs, nested lists, tables."""
    out: list[str] = []
    # Each open list, and whether its last <li> is still open: a deeper list goes inside that
    # item (<li>x<ol>…</ol></li>, valid HTML that a rich-text editor keeps as it is).
    open_lists: list[list[str | bool]] = []

    def close_list() -> None:
        tag, item_open = open_lists.pop()
        out.append(f"</li></{tag}>" if item_open else f"</{tag}>")

    in_table = False
    for block in blocks:
        if block.kind != "list_item":
            while open_lists:
                close_list()
        if block.kind != "table_row" and in_table:
            out.append("</tbody></table>")
            in_table = False
        if block.kind == "heading":
            level = min(max(block.level, 1), 6)
            out.append(f"<h{level}>{block.html}</h{level}>")
        elif block.kind == "paragraph":
            out.append(f"<p>{block.html}</p>")
        elif block.kind == "table_row":
            if not in_table:
                out.append("<table><tbody>")
                in_table = True
            # The cells' own HTML keeps their bold, links and images; rows that came with
            # text only are escaped.
            shown = block.cell_html or tuple(html.escape(cell) for cell in block.cells)
            cells = "".join(f"<td>{cell}</td>" for cell in shown)
            out.append(f"<tr>{cells}</tr>")
        else:
            tag = "ol" if block.list_kind == "numbered" else "ul"
            # One level deeper at most: a list that starts at level 2 has no item to sit in;
            # a level below 0 (a malformed numbering) is the top level.
            depth = max(1, min(block.level + 1, len(open_lists) + 1))
            while len(open_lists) > depth:
                close_list()
            if len(open_lists) == depth and open_lists[-1][1]:
                out.append("</li>")
                open_lists[-1][1] = False
            if len(open_lists) < depth:
                open_lists.append([tag, False])
                opened = tag == "ol"
                out.append(f"<ol{_ol_attributes(block.list_label)}>" if opened else f"<{tag}>")
            out.append(f"<li>{block.html}")
            open_lists[-1][1] = True
    while open_lists:
        close_list()
    if in_table:
        out.append("</tbody></table>")
    return "".join(out)


def _ol_attributes(label: str | None) -> str:
    """` type="a" start="3"` for a list whose first item shows "c." (nothing for "1.")."""
    match = _LABEL.match((label or "").strip())
    if match is None:
        return ""
    value = match.group(1)
    if value.isdigit():
        kind, number = "1", int(value)
    elif (len(value) > 1 and _ROMAN.match(value.lower())) or value in ("i", "I"):
        kind, number = ("I" if value.isupper() else "i"), _roman_value(value.lower())
    elif len(value) == 1:
        kind, number = ("A" if value.isupper() else "a"), ord(value.lower()) - ord("a") + 1
    else:
        return ""
    attributes = f' type="{kind}"' if kind != "1" else ""
    return attributes + (f' start="{number}"' if number != 1 else "")


def _roman_value(numeral: str) -> int:
    total = 0
    for current, following in zip(numeral, numeral[1:] + " ", strict=True):
        value = _ROMAN_VALUES[current]
        total += -value if _ROMAN_VALUES.get(following, 0) > value else value
    return total
