"""The QTI 3 schemas, compiled once (about 5 s), from the offline set in ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

# ../shared next to the checkout (the main checkout's parent, or a worktree's grandparent).
SHARED = next(
    p / "shared" / "interchange"
    for p in Path(__file__).resolve().parents
    if (p / "shared" / "interchange" / "samples").is_dir()
)
SAMPLES = SHARED / "samples"
XSD = SHARED / "qti3-xsd" / "qtiv3p0"


class Schemas:
    def __init__(self) -> None:
        parser = etree.XMLParser(no_network=True)  # never fetch schemaLocation URLs
        self.asi = etree.XMLSchema(
            etree.parse(str(XSD / "imsqti_asiv3p0_sbacv1p0_v1p0.xsd"), parser)
        )
        self.cp = etree.XMLSchema(etree.parse(str(XSD / "imsqtiv3p0_imscpv1p2_v1p0.xsd"), parser))

    def problems(self, data: bytes) -> list[str]:
        document = etree.fromstring(data)
        schema = self.cp if etree.QName(document).localname == "manifest" else self.asi
        if schema.validate(document):
            return []
        return [f"{e.line}: {e.message}" for e in schema.error_log]


@pytest.fixture(scope="session")
def schemas() -> Schemas:
    return Schemas()
