"""Hostile and broken uploads: each ends in one clear error of ours, never a traceback."""

from __future__ import annotations

import io
import os
import random
import struct
import tracemalloc
import zipfile
from pathlib import Path

import docx
import pytest

from quizflow.documents.importers import import_document
from quizflow.errors import (
    DocumentTooLargeError,
    GoogleDocUnavailableError,
    InvalidDocumentError,
    UnsupportedMediaTypeError,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "documents"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\xdac\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def small_docx(text: str = "Hello") -> bytes:
    document = docx.Document()
    if text:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rezip(data: bytes, replace: dict[str, bytes], *, level: int = 6) -> bytes:
    """`data` (a zip) with some entries replaced, deflated at `level`."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info))
                            )  # fmt: skip
    return out.getvalue()


def bomb(inflated_mb: int) -> bytes:
    """A tiny .docx whose word/document.xml inflates to `inflated_mb` MB of spaces."""
    out = io.BytesIO()
    base = zipfile.ZipFile(io.BytesIO(small_docx()))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in base.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info.filename, base.read(info))
        with target.open("word/document.xml", "w") as stream:
            stream.write(base.read("word/document.xml"))
            for _ in range(inflated_mb):
                stream.write(b" " * (1024 * 1024))
    return out.getvalue()


def declare_smaller(data: bytes, name: str, declared: int) -> bytes:
    """`data` with the central directory lying about `name`'s inflated size."""
    raw = bytearray(data)
    position = raw.find(b"PK\x01\x02")  # the first central directory header
    while position != -1:
        name_length = struct.unpack_from("<H", raw, position + 28)[0]
        if raw[position + 46 : position + 46 + name_length] == name.encode():
            struct.pack_into("<I", raw, position + 24, declared)
            return bytes(raw)
        position = raw.find(b"PK\x01\x02", position + 4)
    raise AssertionError(f"{name} not found")


# --- not what the name says -------------------------------------------------------------------


def test_png_renamed_docx() -> None:
    with pytest.raises(InvalidDocumentError, match=r"is not a Word document \(.docx\).*PNG"):
        import_document(PNG, filename="questions.docx")


def test_plain_text_renamed_docx() -> None:
    with pytest.raises(InvalidDocumentError, match=r"not a Word document \(.docx\).*plain text"):
        import_document(b"1. What now?\nA) Run\n", filename="questions.docx")


def test_empty_file_named_docx() -> None:
    with pytest.raises(InvalidDocumentError, match=r"not a Word document .* an empty file"):
        import_document(b"", filename="questions.docx")


def test_random_bytes() -> None:
    noise = random.Random(7).randbytes(4096)
    with pytest.raises(InvalidDocumentError, match="is not a Word document"):
        import_document(noise, filename="questions.docx")
    with pytest.raises(InvalidDocumentError, match="is not a text file"):
        import_document(noise, filename="questions.txt")
    with pytest.raises(UnsupportedMediaTypeError, match=r"Word \(.docx\), Google Docs"):
        import_document(noise, filename="questions.bin")


def test_unknown_kinds_list_what_is_supported() -> None:
    with pytest.raises(UnsupportedMediaTypeError, match=r"\.pdf cannot be imported; upload Word"):
        import_document(b"%PDF-1.7", filename="questions.pdf")
    with pytest.raises(UnsupportedMediaTypeError, match="image/png cannot be imported"):
        import_document(PNG, filename="upload", media_type="image/png")


def test_docx_renamed_txt() -> None:
    with pytest.raises(InvalidDocumentError, match=r"is not a text file: .* zip archive"):
        import_document(small_docx(), filename="questions.txt")


def test_png_claimed_as_text_by_media_type() -> None:
    with pytest.raises(InvalidDocumentError, match="is not a text file: it looks like a PNG"):
        import_document(PNG, filename="upload", media_type="text/plain")


def test_zip_that_is_not_a_docx() -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as target:
        target.writestr("questions.txt", "1. What now?")
    with pytest.raises(InvalidDocumentError, match="a zip archive of another kind"):
        import_document(archive.getvalue(), filename="questions.docx")


def test_office_files_of_another_kind_are_named() -> None:
    workbook = rezip(small_docx(), {"[Content_Types].xml": (
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override '
        b'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument'
        b'.spreadsheetml.sheet.main+xml"/></Types>'
    )})  # fmt: skip
    with pytest.raises(InvalidDocumentError, match="it is an Excel workbook"):
        import_document(workbook, filename="answers.docx")
    odt = io.BytesIO()
    with zipfile.ZipFile(odt, "w") as target:
        target.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        target.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(InvalidDocumentError, match=r"OpenDocument file \(.odt\); save it as .docx"):
        import_document(odt.getvalue(), filename="quiz.docx")


# --- encrypted and legacy Word ----------------------------------------------------------------


def test_password_protected_docx() -> None:
    data = (FIXTURES / "encrypted.docx").read_bytes()
    assert data.startswith(bytes.fromhex("D0CF11E0A1B11AE1"))  # how Word stores them
    with pytest.raises(
        InvalidDocumentError,
        match=r"encrypted\.docx is password-protected; remove the password and upload again",
    ):
        import_document(data, filename="encrypted.docx")


@pytest.mark.parametrize("name", ["legacy.doc", "legacy-renamed.docx"])
def test_legacy_word_97_document(name: str) -> None:
    data = (FIXTURES / "legacy.doc").read_bytes()
    with pytest.raises(InvalidDocumentError, match=r"Word 97-2003 document \(.doc\).*save it"):
        import_document(data, filename=name)


# --- size and zip bombs -----------------------------------------------------------------------


def test_oversized_upload() -> None:
    with pytest.raises(DocumentTooLargeError, match="over the 1000 bytes limit"):
        import_document(small_docx(), filename="big.docx", max_bytes=1000)


def test_zip_bomb_with_small_limit() -> None:
    data = bomb(2)
    assert len(data) < 50_000  # python-docx's template (a thumbnail…) is most of it
    with pytest.raises(InvalidDocumentError, match=r"inflates to more than 1 MB.*zip bomb"):
        import_document(data, filename="bomb.docx", max_inflated_bytes=1024 * 1024)


def test_zip_bomb_past_the_default_limit_is_refused_without_inflating_it() -> None:
    data = bomb(210)
    assert len(data) < 400_000
    tracemalloc.start()
    try:
        with pytest.raises(InvalidDocumentError, match="inflates to more than 200 MB"):
            import_document(data, filename="bomb.docx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024


def test_zip_bomb_that_lies_about_its_size_is_stopped_while_reading() -> None:
    data = declare_smaller(bomb(210), "word/document.xml", 1000)
    tracemalloc.start()
    try:
        with pytest.raises(InvalidDocumentError, match="damaged zip archive"):
            import_document(data, filename="liar.docx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024


def test_too_many_zip_entries() -> None:
    archive = io.BytesIO(small_docx())
    with zipfile.ZipFile(archive, "a") as target:
        for number in range(2100):
            target.writestr(f"extra/item{number}.xml", "")
    with pytest.raises(InvalidDocumentError, match=r"holds 21\d\d files"):
        import_document(archive.getvalue(), filename="many.docx")


# --- broken insides ---------------------------------------------------------------------------


def test_malformed_xml_inside_a_docx() -> None:
    data = rezip(small_docx(), {"word/document.xml": b"<w:document><w:body><w:p>"})
    with pytest.raises(InvalidDocumentError, match="is a damaged Word document"):
        import_document(data, filename="broken.docx")


def test_entity_expansion_inside_a_docx_is_refused() -> None:
    entities = "".join(
        f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 10)
    )  # fmt: skip
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e0 "lol">{entities}]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&e9;</w:t></w:r></w:p></w:body></w:document>"
    )
    data = rezip(small_docx(), {"word/document.xml": xml.encode()})
    with pytest.raises(InvalidDocumentError, match="damaged Word document"):
        import_document(data, filename="laughs.docx")


def test_docx_without_its_main_part() -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as target:
        target.writestr("[Content_Types].xml", (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxml'
            'formats-officedocument.wordprocessingml.document.main+xml"/></Types>'
        ))  # fmt: skip
    with pytest.raises(InvalidDocumentError, match="damaged Word document"):
        import_document(archive.getvalue(), filename="hollow.docx")


def test_truncated_docx() -> None:
    data = small_docx()
    with pytest.raises(InvalidDocumentError, match="not a readable zip archive"):
        import_document(data[: len(data) // 2], filename="truncated.docx")


# --- empty documents --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (small_docx(""), "empty.docx"),
        (small_docx("   "), "spaces.docx"),
        (b"\n \n\t\n", "empty.txt"),
        (b"\xef\xbb\xbf", "bom-only.txt"),
        (b"<!-- nothing -->\n\n", "empty.md"),
        (b"<html><head><title>T</title><script>x()</script></head><body> </body></html>",
         "empty.html"),
    ],
)  # fmt: skip
def test_empty_document(data: bytes, name: str) -> None:
    with pytest.raises(InvalidDocumentError, match="the document is empty"):
        import_document(data, filename=name)


# --- scripts, handlers, javascript: -----------------------------------------------------------


def test_hostile_html_comes_out_clean() -> None:
    document = import_document((FIXTURES / "hostile.html").read_bytes(), filename="hostile.html")
    everything = document.html + "\n" + document.text + "\n" + repr(document.blocks)
    for forbidden in (
        "script",
        "alert",
        "onload",
        "onclick",
        "onerror",
        "onmouseover",
        "javascript",
        "evil",
        "injected",
        "iframe",
        "object text",
        "svg text",
        "noscript",
        "style",
        "tracker.example",
        "data:",
        "<form",
        "<input",
    ):
        assert forbidden not in everything.lower(), forbidden  # fmt: skip
    assert [b.text for b in document.blocks] == [
        "Question one",
        "Click here or there or safe.",
        "",
        "Choice A",
        "After the form.",
    ]
    assert '<a href="https://example.org/ok"' in document.blocks[1].html
    assert document.blocks[1].html.count("href") == 1
    assert document.images == ()


def test_markdown_with_raw_html_is_sanitised() -> None:
    markdown = (
        b"# Quiz\n\n<script>alert(1)</script>\n\n"
        b'Click [me](javascript:alert(2)) <img src=x onerror="alert(3)">\n'
    )
    document = import_document(markdown, filename="quiz.md")
    # CommonMark itself refuses the javascript: link and leaves it as harmless text.
    assert [b.html for b in document.blocks] == [
        "Quiz",
        'Click [me](javascript:alert(2)) <img alt="">',
    ]


def test_gdoc_pointer_with_missing_or_malformed_id() -> None:
    with pytest.raises(GoogleDocUnavailableError, match="not valid JSON"):
        import_document(b'{"doc_id": "1AbC', filename="broken.gdoc")
    with pytest.raises(GoogleDocUnavailableError, match="no doc_id"):
        import_document(b"{}", filename="missing.gdoc")
    with pytest.raises(GoogleDocUnavailableError, match="is not a Google Docs link"):
        import_document(os.urandom(64).hex().encode()[:10], filename="short.gdoc")
