"""Guards an upload passes before any parser sees it: its size, and for a zip (a .docx) the
number of entries and how far they inflate.

A .docx is a zip, and a zip can declare or hide gigabytes behind a few kilobytes ("zip bomb").
Entries are checked against their declared sizes first, then read in small chunks while the
inflated bytes are counted, so a bomb is stopped without ever holding it in memory.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from quizflow.documents.model import NormalizedDocument
from quizflow.errors import DocumentTooLargeError, InvalidDocumentError

ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
OLE2_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
#: A real .docx holds a few dozen parts; thousands is a hostile archive.
MAX_ZIP_ENTRIES = 2000
_CHUNK = 64 * 1024


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size} bytes"


def check_upload_size(data: bytes, *, filename: str, max_bytes: int) -> None:
    """Raise DocumentTooLargeError when `data` is larger than `max_bytes`."""
    if len(data) > max_bytes:
        raise DocumentTooLargeError(
            f"{filename} is {megabytes(len(data))}, over the {megabytes(max_bytes)} limit"
        )


def is_zip(data: bytes) -> bool:
    return data.startswith(ZIP_SIGNATURES)


def is_ole2(data: bytes) -> bool:
    return data.startswith(OLE2_SIGNATURE)


def _too_large(filename: str, max_inflated_bytes: int) -> InvalidDocumentError:
    return InvalidDocumentError(
        f"{filename} inflates to more than {megabytes(max_inflated_bytes)} once unzipped; "
        "it is not a normal Word document (a zip bomb?)"
    )


def open_checked_zip(
    data: bytes, *, filename: str, max_inflated_bytes: int, max_entries: int = MAX_ZIP_ENTRIES
) -> zipfile.ZipFile:
    """The zip in `data`, after checking its entry count and its declared and actual inflated
    sizes; raises InvalidDocumentError when it is not a readable zip or inflates too far."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    # NotImplementedError: a zip "version" zipfile does not know (found by fuzzing).
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ValueError,
        EOFError,
        NotImplementedError,
    ) as exc:
        raise InvalidDocumentError(f"{filename} is not a readable zip archive: {exc}") from exc
    if len(entries) > max_entries:
        ever = "a Word document ever does" if max_entries == MAX_ZIP_ENTRIES else max_entries
        raise InvalidDocumentError(f"{filename} holds {len(entries)} files, more than {ever}")
    if sum(entry.file_size for entry in entries) > max_inflated_bytes:
        raise _too_large(filename, max_inflated_bytes)
    # The declared sizes may lie: count what actually comes out, one chunk at a time.
    inflated = 0
    for entry in entries:
        if not entry.filename:  # is_dir() would raise IndexError (found by fuzzing)
            raise InvalidDocumentError(f"{filename} is a damaged zip archive (a nameless entry)")
        if entry.is_dir():
            continue
        try:
            with archive.open(entry) as stream:
                while chunk := stream.read(_CHUNK):
                    inflated += len(chunk)
                    if inflated > max_inflated_bytes:
                        raise _too_large(filename, max_inflated_bytes)
        except InvalidDocumentError:
            raise
        except RuntimeError as exc:  # zipfile's way of saying "this entry is encrypted"
            raise InvalidDocumentError(
                f"{filename} is password-protected; remove the password and upload again"
            ) from exc
        # ValueError: zipfile seeks to a negative offset in a damaged archive (found by fuzzing).
        except (
            zipfile.BadZipFile,
            zlib.error,
            NotImplementedError,
            EOFError,
            OSError,
            ValueError,
        ) as exc:
            raise InvalidDocumentError(
                f"{filename} is a damaged zip archive ({entry.filename}: {exc})"
            ) from exc
    return archive


def read_entry(
    archive: zipfile.ZipFile, name: str, *, limit: int = 4 * 1024 * 1024
) -> bytes | None:
    """The bytes of entry `name` (at most `limit`), or None when the archive lacks it."""
    try:
        with archive.open(name) as stream:
            return stream.read(limit)
    except KeyError:
        return None


def require_text(document: NormalizedDocument, *, filename: str) -> None:
    """Raise InvalidDocumentError when `document` has no text at all."""
    if not any(block.text for block in document.blocks):
        raise InvalidDocumentError(f"{filename}: the document is empty (it has no text)")
