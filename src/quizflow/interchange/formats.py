"""One entry point per direction over every format: read bytes into a bank, write a bank."""

from __future__ import annotations

from quizflow.interchange.detect import detect_format
from quizflow.interchange.model import Bank, Format, Written

#: The file each format is written to, and its media type.
EXTENSIONS: dict[Format, str] = {
    "gift": "gift",
    "aiken": "txt",
    "moodle-xml": "xml",
    "qti3": "zip",
}
MEDIA_TYPES: dict[Format, str] = {
    "gift": "text/plain; charset=utf-8",
    "aiken": "text/plain; charset=utf-8",
    "moodle-xml": "application/xml",
    "qti3": "application/zip",
}


def read_bank(data: bytes, *, filename: str, file_format: Format | None = None) -> Bank:
    """The bank in `data` (format detected when not given); InvalidDocumentError if unreadable."""
    chosen = file_format or detect_format(data, filename)
    if chosen == "gift":
        from quizflow.interchange.gift import read_gift

        return read_gift(data, name=filename)
    if chosen == "aiken":
        from quizflow.interchange.aiken import read_aiken

        return read_aiken(data, name=filename)
    if chosen == "moodle-xml":
        from quizflow.interchange.moodle_xml import read_moodle_xml

        return read_moodle_xml(data, name=filename)
    from quizflow.interchange.qti import read_qti

    return read_qti(data, name=filename)


def write_bank(bank: Bank, file_format: Format) -> Written:
    """`bank` in `file_format`, with what the format could not keep."""
    if file_format == "gift":
        from quizflow.interchange.gift import write_gift

        return write_gift(bank)
    if file_format == "aiken":
        from quizflow.interchange.aiken import write_aiken

        return write_aiken(bank)
    if file_format == "moodle-xml":
        from quizflow.interchange.moodle_xml import write_moodle_xml

        return write_moodle_xml(bank)
    from quizflow.interchange.qti import write_qti

    return write_qti(bank)
