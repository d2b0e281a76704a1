"""Only our own stored objects may be image sources; links keep their http/https/mailto rule."""

import pytest

from quizflow.documents.sanitize import sanitize_html
from quizflow.storage import content_key

STORED = content_key(b"\x89PNG a picture", extension="png")
OTHER_DIGEST = STORED.replace(STORED[8:10], "zz" if STORED[8:10] != "zz" else "yy", 1)


def test_a_stored_image_keeps_its_source() -> None:
    html = f'<p>Look: <img src="{STORED}" alt="A map" width="20"></p>'
    assert sanitize_html(html) == html


@pytest.mark.parametrize(
    "source",
    [
        "//tracker.example/p.gif",  # protocol-relative: another host, same scheme
        "/\\evil.example/q.gif",  # browsers read `/\` as `//`
        "\\\\evil.example\\q.gif",
        "\\/evil.example/q.gif",
        "HtTp://tracker.example/p.gif",
        "https://tracker.example/p.gif",
        "HTTPS://tracker.example/" + STORED,
        "//tracker.example/" + STORED,
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk",
        "data:image/svg+xml,<svg onload=alert(1)>",
        "&#47;&#47;tracker.example/p.gif",  # entities decode to `//`
        "&#x2F;&#x2f;tracker.example/p.gif",
        "&sol;&sol;tracker.example/p.gif",
        "&#92;&#92;evil.example/q.gif",
        "ht\ttp://tracker.example/p.gif",  # browsers drop tabs and newlines inside URLs
        "ht&#9;tp://tracker.example/p.gif",
        "ht\ntp://tracker.example/p.gif",
        "java\r\nscript:alert(1)",
        "  //tracker.example/p.gif",
        "\t//tracker.example/p.gif",
        "/images/p.gif",  # a path on whatever host serves the page
        "./p.gif",
        "p.gif",
        "objects/../../p.gif",
        f"{STORED}?//tracker.example",
        f"{STORED}#x",
        STORED.upper(),
        OTHER_DIGEST,  # the key's two-character folder must be its digest's beginning
        "",
    ],
)
def test_every_other_image_source_is_removed(source: str) -> None:
    cleaned = sanitize_html(f'<img src="{source}" alt="pixel">')
    assert cleaned == '<img alt="pixel">'


@pytest.mark.parametrize(
    "html",
    [
        f'<img srcset="//tracker.example/p.gif 1x, //tracker.example/q.gif 2x" src="{STORED}">',
        f'<img src="{STORED}" srcset="https://tracker.example/p.gif 2x">',
        f'<picture><source srcset="https://tracker.example/p.gif"><img src="{STORED}"></picture>',
    ],
)
def test_srcset_never_survives(html: str) -> None:
    assert sanitize_html(html) == f'<img src="{STORED}">'


def test_an_unquoted_or_upper_case_src_attribute_is_checked_the_same() -> None:
    assert sanitize_html("<IMG SRC=//tracker.example/p.gif>") == "<img>"
    assert sanitize_html(f"<IMG SRC={STORED}>") == f'<img src="{STORED}">'


@pytest.mark.parametrize(
    ("href", "kept"),
    [
        ("https://example.org/policy", True),
        ("HTTP://example.org/policy", True),
        ("mailto:safety@example.org", True),
        ("javascript:alert(1)", False),
        ("JaVa&#x09;ScRiPt:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox(1)", False),
    ],
)
def test_links_keep_their_scheme_rule(href: str, kept: bool) -> None:
    cleaned = sanitize_html(f'<a href="{href}">policy</a>')
    assert ("href=" in cleaned) is kept
    assert 'rel="noopener noreferrer nofollow"' in cleaned
    assert "policy</a>" in cleaned


def test_a_list_keeps_its_numbering_style_and_first_number() -> None:
    html = '<ol type="a" start="3"><li>c</li></ol>'
    assert sanitize_html(html) == html


@pytest.mark.parametrize(
    ("attributes", "kept"),
    [
        ('type="x"', ""),
        ('type="disc"', ""),
        ('start="-3"', ""),
        ('start="1e9"', ""),
        ('start="9999999"', ""),
        ('start="3 onclick=alert(1)"', ""),
        ('type="a" onclick="alert(1)"', ' type="a"'),
        ('type="I" style="color:red"', ' type="I"'),
    ],
)
def test_a_list_keeps_only_the_numbering_html_defines(attributes: str, kept: str) -> None:
    assert sanitize_html(f"<ol {attributes}><li>c</li></ol>") == f"<ol{kept}><li>c</li></ol>"
