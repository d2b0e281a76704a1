"""Turn an uploaded document into a `NormalizedDocument`, whatever it was written in.

The kind is decided by the file's name or media type (what the author meant) and checked
against its content (what it is): a PNG or a text file renamed .docx, an encrypted or legacy
Word file, or a zip of some other kind each get a clear error instead of a parser traceback.
Parsers are imported only when a document of their kind arrives.
"""

from __future__ import annotations

import os
import zipfile
from typing import Literal

from quizflow.documents.importers.gdocs import (
    fetch_google_doc,
    gdoc_reference,
    google_doc_to_document,
)
from quizflow.documents.importers.limits import (
    check_upload_size,
    is_ole2,
    is_zip,
    open_checked_zip,
    read_entry,
)
from quizflow.documents.model import NormalizedDocument
from quizflow.errors import InvalidDocumentError, UnsupportedMediaTypeError

__all__ = [
    "SUPPORTED",
    "fetch_google_doc",
    "gdoc_reference",
    "google_doc_to_document",
    "import_document",
]

Kind = Literal["docx", "txt", "md", "html", "gdoc"]

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_EXTENSIONS: dict[str, Kind] = {
    ".docx": "docx", ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html", ".gdoc": "gdoc",
}  # fmt: skip
_MEDIA_TYPES: dict[str, Kind] = {
    DOCX_MEDIA_TYPE: "docx",
    "text/plain": "txt",
    "text/markdown": "md",
    "text/x-markdown": "md",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/vnd.google-apps.document": "gdoc",
}
_GENERIC_MEDIA_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream"})
#: For messages: what an upload may be.
SUPPORTED = "Word (.docx), Google Docs (.gdoc), plain text (.txt), Markdown (.md) or HTML (.html)"

# What other files look like, to say what was uploaded instead.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF file"),
    (b"{\\rtf", "an RTF document"),
)
_OTHER_OOXML = (
    ("spreadsheetml", "an Excel workbook"),
    ("presentationml", "a PowerPoint presentation"),
    ("ms-word.document.macroEnabled", "a macro-enabled Word document (.docm)"),
    ("wordprocessingml.template", "a Word template (.dotx)"),
)


def import_document(
    data: bytes,
    *,
    filename: str,
    media_type: str | None = None,
    max_bytes: int = 20 * 1024 * 1024,
    max_inflated_bytes: int = 200 * 1024 * 1024,
) -> NormalizedDocument:
    """The normalised blocks of an uploaded document.

    Raises DocumentTooLargeError over `max_bytes`, UnsupportedMediaTypeError for a kind we do
    not import, InvalidDocumentError for a file that is not what it claims, is encrypted,
    damaged, a zip bomb or empty; a .gdoc pointer is fetched from Google (see
    `fetch_google_doc` for its errors).
    """
    check_upload_size(data, filename=filename, max_bytes=max_bytes)
    if is_ole2(data):  # before the name: "quiz.doc" deserves more than "unsupported"
        raise InvalidDocumentError(_ole2_problem(data, filename))
    kind = _claimed_kind(data, filename=filename, media_type=media_type)
    if kind == "docx":
        if not is_zip(data):
            raise InvalidDocumentError(
                f"{filename} is not a Word document (.docx): it looks like {_describe(data)}"
            )
        with open_checked_zip(
            data, filename=filename, max_inflated_bytes=max_inflated_bytes
        ) as archive:
            _check_is_word(archive, filename=filename)
        from quizflow.documents.importers.docx import docx_to_document

        return docx_to_document(data, filename=filename)
    if kind == "gdoc":
        return google_doc_to_document(fetch_google_doc(gdoc_reference(data), max_bytes=max_bytes))
    if is_zip(data) or _binary_kind(data):
        raise InvalidDocumentError(
            f"{filename} is not a text file: it looks like {_describe(data)}"
        )
    from quizflow.documents.importers.text import (
        html_to_document,
        markdown_to_document,
        text_to_document,
    )

    if kind == "md":
        return markdown_to_document(data, filename=filename)
    if kind == "html":
        return html_to_document(data, filename=filename)
    return text_to_document(data, filename=filename)


def _claimed_kind(data: bytes, *, filename: str, media_type: str | None) -> Kind:
    extension = os.path.splitext(filename)[1].lower()
    if extension in _EXTENSIONS:
        return _EXTENSIONS[extension]
    base_type = (media_type or "").split(";")[0].strip().lower()
    if base_type in _MEDIA_TYPES:
        return _MEDIA_TYPES[base_type]
    if not extension and base_type in _GENERIC_MEDIA_TYPES:
        # Nothing claimed: go by the content alone.
        if is_zip(data) or is_ole2(data):
            return "docx"
        if not _binary_kind(data):
            head = data[:512].lstrip().lower()
            return "html" if head.startswith((b"<!doctype html", b"<html")) else "txt"
    what = extension or base_type or "this kind of file"
    raise UnsupportedMediaTypeError(f"{filename}: {what} cannot be imported; upload {SUPPORTED}")


def _binary_kind(data: bytes) -> str | None:
    for signature, description in _SIGNATURES:
        if data.startswith(signature):
            return description
    head = data[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary data"
    return None


def _describe(data: bytes) -> str:
    if is_zip(data):
        return "a zip archive (a Word or other Office file?)"
    return _binary_kind(data) or ("plain text" if data.strip() else "an empty file")


def _ole2_problem(data: bytes, filename: str) -> str:
    # Word saves a password-protected .docx inside an OLE2 compound file holding the encrypted
    # package; a Word 97-2003 .doc is an OLE2 file with a "WordDocument" stream.
    if "EncryptedPackage".encode("utf-16-le") in data:
        return f"{filename} is password-protected; remove the password and upload again"
    if "WordDocument".encode("utf-16-le") in data:
        return (
            f"{filename} is an old Word 97-2003 document (.doc); "
            "open it in Word and save it as .docx, then upload again"
        )
    return f"{filename} is an old-style Office file, not a Word document (.docx)"


def _check_is_word(archive: zipfile.ZipFile, *, filename: str) -> None:
    content_types = read_entry(archive, "[Content_Types].xml")
    if content_types is None:
        mimetype = read_entry(archive, "mimetype", limit=100) or b""
        if mimetype.startswith(b"application/vnd.oasis.opendocument"):
            raise InvalidDocumentError(
                f"{filename} is not a Word document (.docx): it is an OpenDocument file (.odt); "
                "save it as .docx and upload again"
            )
        raise InvalidDocumentError(
            f"{filename} is not a Word document (.docx): it is a zip archive of another kind"
        )
    text = content_types.decode("utf-8", "replace")
    if "wordprocessingml.document.main+xml" in text:
        return
    for marker, description in _OTHER_OOXML:
        if marker in text:
            raise InvalidDocumentError(
                f"{filename} is not a Word document (.docx): it is {description}"
            )
    raise InvalidDocumentError(
        f"{filename} is not a Word document (.docx): it is a zip archive of another kind"
    )
