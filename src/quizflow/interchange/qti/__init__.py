"""QTI 3.0: content packages (imsmanifest.xml, an assessment test, items, media), single items."""

from __future__ import annotations

from quizflow.interchange.qti.package import read_qti, write_qti

__all__ = ["read_qti", "write_qti"]
