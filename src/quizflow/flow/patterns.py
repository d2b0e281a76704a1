"""The `text matches` patterns: RE2 syntax, compiled once, searched in linear time.

Patterns run on learners' answers (up to 20,000 characters) inside `submit_answer`, with the
attempt row locked. Python's `re` backtracks: `(a|aa)+$` on a 32-character answer takes a
second there and three times as long with every two more characters. RE2 guarantees time linear
in the answer's length for every pattern it accepts, and refuses what it cannot do that way
(backreferences, lookaround), so what it refuses is refused when the condition is written.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol, cast

import re2

MAX_PATTERN_LENGTH = 200
# Linear time is n x (program size) when RE2 falls back from its DFA to its NFA, and counted
# repetitions multiply the program: `(.?){900}z` is 9,905 instructions and takes a second on a
# 20,000-character answer. At most 2,000 keeps the worst case near 0.1 s there, while ordinary
# patterns are tens of instructions (`\w{3,200}\s`, an unusually wide one, is 1,804).
MAX_PROGRAM_SIZE = 2_000
# RE2's memory budget per pattern (program plus its lazily built DFA); past it RE2 uses its
# NFA, slower but still linear. 2 MiB bounds what a full cache of hostile patterns can hold.
_MAX_MEM = 2 << 20

# What RE2 says, and what it means for someone who knows Python's or Perl's regexes.
_HINTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(said), hint)
    for said, hint in (
        (r"invalid perl operator: \(\?<?[=!]", "lookahead and lookbehind are not supported"),
        (r"invalid escape sequence: \\[1-9]", "backreferences are not supported"),
        (r"invalid perl operator: \(\?P$", "backreferences are not supported"),
        (r"invalid escape sequence: \\Z", r"write \z for the end of the text"),
        (r"bad repetition operator: [*+?}]\+", "possessive quantifiers are not supported"),
        (r"invalid perl operator: \(\?>", "atomic groups are not supported"),
        (r"invalid repetition size", "repetition counts, nested ones multiplied, are at most 1000"),
        (r"pattern too large", "the pattern is too large to run in linear time"),
    )
)


class _Regexp(Protocol):
    @property
    def programsize(self) -> int: ...

    def search(self, text: bytes) -> object | None: ...


def _options() -> re2.Options:
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False  # a refused pattern is reported to its author, not to stderr
    options.max_mem = _MAX_MEM
    return options


def _compile(pattern: str) -> _Regexp:
    return cast(_Regexp, re2.compile(pattern, _options()))


def _reason(error: Exception) -> str:
    raw = error.args[0] if error.args else ""
    said = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    hint = next((hint for pattern, hint in _HINTS if pattern.search(said)), None)
    return f"{said}; {hint}" if hint else said


def pattern_problem(pattern: str) -> str | None:
    """Why this pattern is refused (a sentence), or None when RE2 can run it."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"a pattern is at most {MAX_PATTERN_LENGTH} characters long"
    try:
        size = _compile(pattern).programsize
    except re2.error as exc:
        return (
            "the pattern is not a regular expression the linear-time engine (RE2) accepts "
            f"({_reason(exc)})"
        )
    if size > MAX_PROGRAM_SIZE:
        return (
            f"the pattern expands to {size:,} steps, at most {MAX_PROGRAM_SIZE:,} are allowed; "
            "use smaller repetition counts like {n,m}"
        )
    return None


@lru_cache(maxsize=1024)
def compiled(pattern: str) -> _Regexp | None:
    """The pattern compiled case-insensitively, once; None if RE2 refuses it."""
    try:
        return _compile(pattern)
    except re2.error:  # only reachable for a hand-built AST; parse_condition refuses these
        return None


def search(pattern: str, text: str) -> bool:
    """Whether the pattern occurs in the text, case-insensitively; False if RE2 refuses it."""
    regex = compiled(pattern)
    # Encoded here rather than by re2, which would raise on a lone surrogate.
    return regex is not None and regex.search(text.encode("utf-8", "replace")) is not None
