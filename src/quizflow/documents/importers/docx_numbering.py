"""Word's automatic numbering: which paragraphs are list items and the label Word shows.

A paragraph is numbered by a w:numPr of its own or of its style (List Number, List Bullet,
custom styles…). numbering.xml defines each w:num as an abstractNum's levels (numFmt,
lvlText such as "%1." or "(%2)", start), possibly overridden per w:num (startOverride, as Word
writes "restart at 1"). The label is never stored: it is computed by counting items per
numId and level, as Word displays them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from quizflow.documents.importers.docx_inline import style_chain
from quizflow.documents.importers.lists import ListCounters, expand_label, format_number
from quizflow.documents.model import ListKind


@dataclass(frozen=True, slots=True)
class _Level:
    fmt: str
    text: str
    start: int
    legal: bool  # w:isLgl: every level's number shown as decimal ("1.1", never "1.a")


def _val(element: Any, path: str) -> str | None:
    found = element.find(path) if element is not None else None
    return None if found is None else found.get(qn("w:val"))


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _level(lvl: Any, base: _Level | None) -> _Level:
    text = _val(lvl, qn("w:lvlText"))
    return _Level(
        fmt=_val(lvl, qn("w:numFmt")) or (base.fmt if base else "decimal"),
        text=text if text is not None else (base.text if base else ""),
        start=_int(_val(lvl, qn("w:start")), base.start if base else 1),
        legal=lvl.find(qn("w:isLgl")) is not None,
    )


def _num_pr(ppr: Any) -> tuple[str | None, int | None]:
    numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
    if numpr is None:
        return None, None
    ilvl = _val(numpr, qn("w:ilvl"))
    return _val(numpr, qn("w:numId")), (_int(ilvl, 0) if ilvl is not None else None)


class WordNumbering:
    """The numbering definitions of one document, and its list counters."""

    def __init__(self, word: WordDocument) -> None:
        self._nums: dict[str, dict[int, _Level]] = {}
        self._counters = ListCounters()
        try:
            part = word.part.part_related_by(RT.NUMBERING)
        except KeyError:
            return
        if not isinstance(part, XmlPart):
            return
        root = part.element
        abstracts = {a.get(qn("w:abstractNumId"), ""): a for a in root.findall(qn("w:abstractNum"))}
        nums = {n.get(qn("w:numId"), ""): n for n in root.findall(qn("w:num"))}
        styles = word.styles.element

        def abstract_levels(abstract_id: str, depth: int = 0) -> dict[int, _Level]:
            abstract = abstracts.get(abstract_id)
            if abstract is None or depth > 3:
                return {}
            # A list style ("1 / a / i") keeps its levels behind numStyleLink -> style -> num.
            link = _val(abstract, qn("w:numStyleLink"))
            if link is not None and abstract.find(qn("w:lvl")) is None:
                style = styles.get_by_id(link)
                linked_num = _num_pr(style.find(qn("w:pPr")) if style is not None else None)[0]
                linked = nums.get(linked_num or "")
                linked_abstract = (
                    _val(linked, qn("w:abstractNumId")) if linked is not None else None
                )
                return abstract_levels(linked_abstract or "", depth + 1)
            return {
                _int(lvl.get(qn("w:ilvl")), 0): _level(lvl, None)
                for lvl in abstract.findall(qn("w:lvl"))
            }

        for num_id, num in nums.items():
            levels = abstract_levels(_val(num, qn("w:abstractNumId")) or "")
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = _int(override.get(qn("w:ilvl")), 0)
                lvl = override.find(qn("w:lvl"))
                level = _level(lvl, levels.get(ilvl)) if lvl is not None else levels.get(ilvl)
                start = _val(override, qn("w:startOverride"))
                if level is not None and start is not None:
                    level = replace(level, start=_int(start, level.start))
                if level is not None:
                    levels[ilvl] = level
            self._nums[num_id] = levels

    def list_item(self, paragraph: Paragraph) -> tuple[ListKind, str | None, int] | None:
        """(list kind, label, level) when `paragraph` is a list item, advancing the counters;
        None when it is not numbered."""
        num_id, ilvl = _num_pr(paragraph._p.pPr)
        for style in style_chain(paragraph.style):
            if num_id is not None and ilvl is not None:
                break
            style_num, style_ilvl = _num_pr(style.element.pPr)
            num_id = num_id if num_id is not None else style_num
            ilvl = ilvl if ilvl is not None else style_ilvl
        levels = self._nums.get(num_id or "")  # numId 0 means "numbering removed"
        ilvl = ilvl or 0
        if not levels or ilvl not in levels:
            return None
        level = levels[ilvl]
        if level.fmt == "bullet":
            return "bulleted", None, ilvl
        self._counters.advance(num_id or "", ilvl, start=level.start)

        def number_at(index: int) -> str:
            other = levels.get(index)
            if other is None:
                return ""
            value = self._counters.current(num_id or "", index, start=other.start)
            return format_number(value, "decimal" if level.legal else other.fmt)

        label = expand_label(level.text, first_level=1, number_at=number_at)
        return "numbered", label or None, ilvl
