"""Word equations (OMML, `m:oMath`) as readable inline HTML: the linear form a person would
type (`(a+b)/(c)`, `∑_(i=1)^n`, `√(x)`) with `<sub>`/`<sup>` for indices.

The sanitiser's allow-list has no MathML (a WYSIWYG editor and our PDF fonts would not render
it), so the equation is kept as text people can read and answer by, never dropped: a choice
that is only an equation ("α(a, X) = …") must not become an empty choice.

The walk is bounded (`_MAX_DEPTH`, and lxml refuses documents nested deeper than 256 anyway),
and it visits each element once: linear in the size of the equation.
"""

from __future__ import annotations

import html
from typing import Any

_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OMATH = f"{{{_M}}}oMath"
OMATH_PARA = f"{{{_M}}}oMathPara"
_MAX_DEPTH = 64
#: Elements that only carry properties, never content.
_PROPERTIES = frozenset(
    f"{{{_M}}}{name}"
    for name in (
        "ctrlPr", "dPr", "fPr", "naryPr", "sSubPr", "sSupPr", "sSubSupPr", "sPrePr", "radPr",
        "accPr", "barPr", "funcPr", "groupChrPr", "limLowPr", "limUppPr", "eqArrPr", "mPr",
        "boxPr", "borderBoxPr", "phantPr", "rPr", "oMathParaPr",
    )
)  # fmt: skip


#: Elements that are a base with indices below (m:sub, m:lim) and/or above (m:sup, m:lim).
_SCRIPTED: dict[str, tuple[str | None, str | None]] = {
    "sSub": ("sub", None), "sSup": (None, "sup"), "sSubSup": ("sub", "sup"),
    "limLow": ("lim", None), "limUpp": (None, "lim"),
}  # fmt: skip


def _tag(name: str) -> str:
    return f"{{{_M}}}{name}"


def _val(element: Any, child: str, default: str) -> str:
    """The `m:val` of a property (`m:dPr/m:begChr`), or `default` when absent."""
    found = element.find(_tag(child)) if element is not None else None
    if found is None:
        return default
    return str(found.get(_tag("val"), default))


def math_to_html(element: Any) -> str:
    """An `m:oMath` or `m:oMathPara` element as escaped inline HTML."""
    return _Math().render(element, 0).strip()


class _Math:
    def render(self, element: Any, depth: int) -> str:
        if depth > _MAX_DEPTH:
            return ""
        tag = element.tag
        if tag in _PROPERTIES:
            return ""
        name = tag.rsplit("}", 1)[-1] if tag.startswith(f"{{{_M}}}") else None
        if name in _SCRIPTED:
            below, above = _SCRIPTED[name]
            base = self._part(element, "e", depth + 1)
            return base + self._indices(element, below, above, depth + 1)
        method = getattr(self, f"_m_{name}", None) if name else None
        if method is not None:
            return str(method(element, depth + 1))
        if tag == f"{{{_W}}}t":  # a Word run inside the equation
            return html.escape(element.text or "")
        return self._children(element, depth + 1)

    def _children(self, element: Any, depth: int) -> str:
        return "".join(self.render(child, depth) for child in element.iterchildren())

    def _part(self, element: Any, name: str, depth: int) -> str:
        child = element.find(_tag(name))
        return self._children(child, depth) if child is not None else ""

    def _indices(self, element: Any, below: str | None, above: str | None, depth: int) -> str:
        """`<sub>…</sub><sup>…</sup>` from the named parts (m:sub, m:lim…), empty ones left out."""
        sub = self._part(element, below, depth) if below else ""
        sup = self._part(element, above, depth) if above else ""
        return (f"<sub>{sub}</sub>" if sub else "") + (f"<sup>{sup}</sup>" if sup else "")

    def _m_oMathPara(self, element: Any, depth: int) -> str:
        equations = [self.render(m, depth) for m in element.iterchildren(OMATH)]
        return " ".join(e for e in equations if e)

    def _m_t(self, element: Any, depth: int) -> str:
        return html.escape(element.text or "")

    def _m_d(self, element: Any, depth: int) -> str:
        props = element.find(_tag("dPr"))
        begin, end = _val(props, "begChr", "("), _val(props, "endChr", ")")
        separator = _val(props, "sepChr", "|")
        parts = [self._children(e, depth) for e in element.iterchildren(_tag("e"))]
        return f"{html.escape(begin)}{html.escape(separator).join(parts)}{html.escape(end)}"

    def _m_f(self, element: Any, depth: int) -> str:
        num, den = self._part(element, "num", depth), self._part(element, "den", depth)
        return f"{_grouped(num)}/{_grouped(den)}"

    def _m_sPre(self, element: Any, depth: int) -> str:
        base = self._part(element, "e", depth)
        return f"{self._indices(element, 'sub', 'sup', depth)}{base}"

    def _m_nary(self, element: Any, depth: int) -> str:
        symbol = html.escape(_val(element.find(_tag("naryPr")), "chr", "∫"))
        limits = self._indices(element, "sub", "sup", depth)
        return f"{symbol}{limits} {self._part(element, 'e', depth)}"

    def _m_rad(self, element: Any, depth: int) -> str:
        degree = self._part(element, "deg", depth)
        base = self._part(element, "e", depth)
        return f"{f'<sup>{degree}</sup>' if degree else ''}√{_grouped(base)}"

    def _m_func(self, element: Any, depth: int) -> str:
        name, base = self._part(element, "fName", depth), self._part(element, "e", depth)
        return f"{name} {base}"

    def _m_acc(self, element: Any, depth: int) -> str:
        accent = html.escape(_val(element.find(_tag("accPr")), "chr", "\u0302"))
        return f"{self._part(element, 'e', depth)}{accent}"

    def _m_bar(self, element: Any, depth: int) -> str:
        return f"{self._part(element, 'e', depth)}\u0305"

    def _m_groupChr(self, element: Any, depth: int) -> str:
        # An under-brace or arrow over an expression: the expression is what matters.
        return self._part(element, "e", depth)

    def _m_eqArr(self, element: Any, depth: int) -> str:
        rows = [self._children(e, depth) for e in element.iterchildren(_tag("e"))]
        return "; ".join(rows)

    def _m_m(self, element: Any, depth: int) -> str:
        rows = []
        for row in element.iterchildren(_tag("mr")):
            rows.append(", ".join(self._children(e, depth) for e in row.iterchildren(_tag("e"))))
        return "[" + "; ".join(rows) + "]"


def _grouped(part: str) -> str:
    """`x` or `(a+b)`: brackets only where the linear form needs them to be read right."""
    plain = part.replace("<sub>", "").replace("</sub>", "").replace("<sup>", "")
    plain = plain.replace("</sup>", "")
    if len(html.unescape(plain)) <= 1 or plain.isalnum():
        return part
    return f"({part})"
