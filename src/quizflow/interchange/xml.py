"""XML from untrusted files: no DTD, no entities, no network, libxml2's default size limits."""

from __future__ import annotations

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
