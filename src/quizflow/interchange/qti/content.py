"""HTML fragments into QTI content (elements in the ASI namespace) and back out as HTML."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from lxml import etree  # type: ignore[import-untyped]
from lxml import html as lxml_html

ASI = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
CP = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

# What QTI's content model takes of the HTML our sanitiser keeps; anything else is a <span>.
_QTI_TAGS = frozenset(
    {
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code",
        "strong", "b", "em", "i", "sub", "sup", "span", "div", "ul", "ol", "li", "a", "img",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "small", "big", "q",
        "cite", "dfn", "abbr", "kbd", "samp", "var", "tt", "dl", "dt", "dd", "address",
    }
)  # fmt: skip
_ATTRIBUTES = frozenset({"href", "src", "alt", "title", "width", "height", "colspan"})
_ATTRIBUTES |= {"rowspan", "scope", "start"}
_INLINE = frozenset({"a", "b", "strong", "em", "i", "span", "code", "sub", "sup", "img", "br"})
_INLINE |= {"small", "big", "q", "cite", "dfn", "abbr", "kbd", "samp", "var", "tt"}


@cache
def q(tag: str) -> str:
    """The tag in the QTI ASI namespace."""
    return f"{{{ASI}}}{tag}"


def _copy(source: etree._Element, parent: etree._Element, lost: set[str]) -> None:
    tag = source.tag if isinstance(source.tag, str) else ""
    if tag not in _QTI_TAGS:
        if tag:
            lost.add(tag)
        tag = "span"
    target = etree.SubElement(parent, q(tag))
    for name, value in source.attrib.items():
        if name in _ATTRIBUTES:
            target.set(name, value)
    if tag == "img" and "alt" not in target.attrib:
        target.set("alt", "")  # QTI requires alt on images
    target.text = source.text
    for child in source:
        _copy(child, target, lost)
    target.tail = source.tail


def append_html(
    parent: etree._Element, fragment: str, *, block: bool, src: Callable[[str], str] | None = None
) -> set[str]:
    """Append `fragment` into `parent` as QTI content; returns the HTML tags it could not keep.

    With `block`, loose inline content is wrapped in a <div> (QTI wants images and text inside
    a block in an item body). `src` rewrites image sources (stored keys to package paths).
    """
    lost: set[str] = set()
    if not fragment:
        return lost
    holder = lxml_html.fragment_fromstring(fragment, create_parent="div")
    if src is not None:
        for image in holder.iter("img"):
            image.set("src", src(image.get("src", "")))
    loose = bool((holder.text or "").strip()) or any(
        isinstance(child.tag, str) and child.tag in _INLINE for child in holder
    )
    target = etree.SubElement(parent, q("div")) if block and loose else parent
    if len(target):
        last = target[-1]
        last.tail = (last.tail or "") + (holder.text or "")
    else:
        target.text = (target.text or "") + (holder.text or "")
    for child in holder:
        if isinstance(child.tag, str):
            _copy(child, target, lost)
    return lost


def _plain(element: etree._Element) -> etree._Element:
    """A copy of `element` with namespaces dropped, for serialising as HTML."""
    copy = etree.Element(etree.QName(element).localname)
    copy.text = element.text
    for name, value in element.attrib.items():
        if not name.startswith("{"):
            copy.set(name, value)
    for child in element:
        if isinstance(child.tag, str):
            copy.append(_plain(child))
        elif len(copy):  # a comment or PI: keep its tail text
            copy[-1].tail = (copy[-1].tail or "") + (child.tail or "")
        else:
            copy.text = (copy.text or "") + (child.tail or "")
        if isinstance(child.tag, str):
            copy[-1].tail = child.tail
    return copy


def inner_html(
    element: etree._Element,
    *,
    skip: Callable[[etree._Element], bool] = lambda _: False,
    src: Callable[[str], str] | None = None,
) -> str:
    """The HTML of `element`'s content, leaving out children `skip` names; whitespace trimmed."""
    holder = etree.Element("div")
    holder.text = element.text
    for child in element:
        if not isinstance(child.tag, str) or skip(child):
            tail = child.tail or ""
            if len(holder):
                holder[-1].tail = (holder[-1].tail or "") + tail
            else:
                holder.text = (holder.text or "") + tail
            continue
        holder.append(_plain(child))
        holder[-1].tail = child.tail
    if src is not None:
        for image in holder.iter("img"):
            image.set("src", src(image.get("src", "")))
    text = lxml_html.tostring(holder, encoding="unicode", method="html")
    return str(text)[len("<div>") : -len("</div>")].strip()
