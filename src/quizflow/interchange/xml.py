"""XML from untrusted files: no DTD, no entities, no network, libxml2's default size limits."""

from __future__ import annotations

import dataclasses
from typing import TypeVar

from lxml import etree  # type: ignore[import-untyped]

from quizflow.errors import InvalidDocumentError


def _parser() -> etree.XMLParser:
    # huge_tree=False keeps libxml2's limits (depth 256, text nodes 10 MB); nothing is fetched
    # and no entity is expanded, so billion laughs and external entities are inert.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, *, name: str) -> etree._Element:
    """The root element of `data`; raises InvalidDocumentError for bad XML or any DTD."""
    try:
        root = etree.fromstring(data, _parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise InvalidDocumentError(f"{name} is not well-formed XML: {exc}") from exc
    if root is None:
        raise InvalidDocumentError(f"{name} is empty")
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:
        # A DTD is where entity bombs and external entities live; no format here needs one.
        raise InvalidDocumentError(f"{name} declares a DTD, which is not accepted")
    return root


def local(element: etree._Element) -> str:
    """The element's name without its namespace ('' for comments and the like)."""
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


# What XML 1.0 cannot hold at all: C0 controls but tab, LF, CR; lone surrogates; U+FFFE/F.
_NOT_XML = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), *range(0xD800, 0xE000)])
_NOT_XML |= dict.fromkeys([0xFFFE, 0xFFFF])

T = TypeVar("T")


def xml_safe(value: T) -> T:
    """`value` (a string, or a bank dataclass with strings inside) without the characters XML
    cannot carry: a scenario may hold them (a pasted control character), a file cannot."""
    if isinstance(value, str):
        return value.translate(_NOT_XML)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(xml_safe(item) for item in value)  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: xml_safe(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value
