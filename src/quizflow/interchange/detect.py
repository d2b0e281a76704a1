"""Which interchange format a file is in, from its content first and its name second."""

from __future__ import annotations

from pathlib import PurePath

from quizflow.documents.importers.limits import is_zip
from quizflow.errors import UnsupportedMediaTypeError
from quizflow.interchange.model import Format

_XML_ROOTS: dict[str, Format] = {
    "quiz": "moodle-xml",
    "qti-assessment-item": "qti3",
    "qti-assessment-test": "qti3",
    "manifest": "qti3",
}
_EXTENSIONS: dict[str, Format] = {".gift": "gift", ".aiken": "aiken", ".zip": "qti3"}


def _xml_root(head: bytes) -> str | None:
    """The local name of the first element in the first bytes of an XML file."""
    text = head.decode("utf-8", errors="replace")
    at = 0
    while (start := text.find("<", at)) >= 0:
        if text.startswith(("<?", "<!--", "<!"), start):
            end = text.find("-->", start) + 3 if text.startswith("<!--", start) else 0
            at = max(end, text.find(">", start) + 1)
            if at <= start:
                return None
            continue
        name = ""
        for ch in text[start + 1 : start + 200]:
            if ch.isspace() or ch in "/>":
                break
            name += ch
        return name.rsplit(":", 1)[-1] or None
    return None


def _zip_has_manifest(data: bytes) -> bool:
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(n.rsplit("/", 1)[-1] == "imsmanifest.xml" for n in archive.namelist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        return False


def _looks_like_gift(text: str, lines: list[str]) -> bool:
    """A category line, a `::name::`, or an answer block in GIFT's marks (`~ = #`, T/F, {})."""
    if any(line.startswith(("$CATEGORY:", "::")) for line in lines):
        return True
    start = text.find("{")
    end = text.find("}", start + 1) if start >= 0 else -1
    if end < 0:
        return False
    block = text[start + 1 : end].strip()
    head = block.split("#", 1)[0].strip().upper()
    return not block or block[0] in "~=#" or "~" in block or head in _TF


_TF = frozenset({"T", "F", "TRUE", "FALSE"})


def detect_format(data: bytes, filename: str) -> Format:
    """The format of `data`; raises UnsupportedMediaTypeError when it is none of ours."""
    if is_zip(data):
        if _zip_has_manifest(data):
            return "qti3"
        raise UnsupportedMediaTypeError(f"{filename}: a zip archive without imsmanifest.xml")
    head = data[:8192].removeprefix(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"<"):
        root = _xml_root(head)
        if root in _XML_ROOTS:
            return _XML_ROOTS[root]
        raise UnsupportedMediaTypeError(
            f"{filename}: an XML file, but not Moodle XML or QTI 3 (its root is <{root}>)"
        )
    by_name = _EXTENSIONS.get(PurePath(filename).suffix.lower())
    try:
        # GIFT and Aiken are UTF-8 text: a binary file (a .doc, an encrypted .docx) or a
        # document in another encoding is for the document importers, whatever its bytes hold.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
    if "\x00" in text or not text:
        if by_name is not None:
            return by_name
        raise UnsupportedMediaTypeError(f"{filename} is not a question bank (not UTF-8 text)")
    lines = [line.strip() for line in text.splitlines()]
    if any(line.startswith("ANSWER:") for line in lines) and "{" not in text:
        return "aiken"
    if _looks_like_gift(text, lines):
        return "gift"
    if by_name is not None:
        return by_name
    raise UnsupportedMediaTypeError(
        f"{filename} is not GIFT, Aiken, Moodle XML or a QTI 3 package or item"
    )
