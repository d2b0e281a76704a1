"""Blocks back to one HTML document (lists and tables regrouped)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from quizflow.documents.model import Block


def blocks_to_html(blocks: Sequence[Block]) -> str:
    """Sanitised HTML of a sequence of blocks: headings, paragraphs, nested lists, tables."""
    out: list[str] = []
    open_lists: list[str] = []
    in_table = False
    for block in blocks:
        if block.kind != "list_item":
            while open_lists:
                out.append(f"</{open_lists.pop()}>")
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
            depth = block.level + 1
            while len(open_lists) > depth:
                out.append(f"</{open_lists.pop()}>")
            while len(open_lists) < depth:
                open_lists.append(tag)
                out.append(f"<{tag}>")
            out.append(f"<li>{block.html}</li>")
    while open_lists:
        out.append(f"</{open_lists.pop()}>")
    if in_table:
        out.append("</tbody></table>")
    return "".join(out)
