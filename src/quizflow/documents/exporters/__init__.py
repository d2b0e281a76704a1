"""Scenarios and attempt reports as files, generated on request and handed on in chunks.

`export_txt` gives text a person or the text importer can read back; `export_pdf` and
`attempt_report_pdf` give PDFs in one embedded Unicode font (see `fonts`). Both take the plain
data of `quizflow.documents.export_model`; fpdf2 and fontTools are imported only when a PDF is
made.
"""

from __future__ import annotations

from quizflow.documents.exporters.fonts import PdfFont, locate_font
from quizflow.documents.exporters.pdf import attempt_report_pdf, attempt_reports_pdf, export_pdf
from quizflow.documents.exporters.txt import export_txt

__all__ = [
    "PdfFont",
    "attempt_report_pdf",
    "attempt_reports_pdf",
    "export_pdf",
    "export_txt",
    "locate_font",
]
