"""What the OpenAPI schema allows, the services accept: its text patterns are not looser."""

from __future__ import annotations

import re

from quizflow.api.schemas.common import HAS_LETTER, NO_NUL
from quizflow.documents.sanitize import html_to_text, sanitize_html
from quizflow.services.scenarios import clean_title

LETTERS = [chr(c) for c in range(0x10000) if re.fullmatch(HAS_LETTER, chr(c))]


def test_every_character_the_schema_counts_as_a_letter_makes_a_title_and_a_prompt() -> None:
    assert len(LETTERS) > 30_000  # the scripts it names, not a handful of ASCII letters

    assert [ch for ch in LETTERS if not clean_title(ch)] == []
    assert [ch for ch in LETTERS if not html_to_text(sanitize_html(ch))] == []


def test_the_schema_refuses_what_the_services_would_find_empty() -> None:
    for blank in ["", " ", "\t\n", "\u200b", "\x04\x11", "\U00084341", "?!"]:
        assert re.fullmatch(HAS_LETTER, blank) is None
    assert re.fullmatch(NO_NUL, "fine") and not re.fullmatch(NO_NUL, "a\x00b")
