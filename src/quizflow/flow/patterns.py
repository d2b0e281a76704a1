"""The safety rules of `text matches` patterns, and their compiled cache."""

from __future__ import annotations

import re
from functools import lru_cache

MAX_PATTERN_LENGTH = 200

_QUANTIFIER = re.compile(r"[*+?]|\{(\d*)(?:(,)(\d*))?\}")


def pattern_problem(pattern: str) -> str | None:
    """Why this pattern is refused (a sentence), or None when it is acceptable."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"a pattern is at most {MAX_PATTERN_LENGTH} characters long"
    try:
        re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        return f"the pattern is not a valid regular expression ({exc})"
    # Python's `re` backtracks and has no timeout, and these patterns run on learners' text on
    # the request path. The classic exponential cases repeat something that itself repeats,
    # like (a+)+ or (\w*\s?)*, so those are refused outright: a cheap syntactic check that may
    # refuse a harmless pattern but never lets that shape through. The 200-character pattern
    # and 10,000-character text limits bound the remaining (polynomial) worst cases.
    if has_nested_quantifier(pattern):
        return (
            "the pattern repeats a group that itself repeats, like (a+)+, which can run for "
            "ages on some answers; rewrite it without the nesting"
        )
    return None


@lru_cache(maxsize=1024)
def compiled(pattern: str) -> re.Pattern[str] | None:
    """The pattern compiled case-insensitively, once; None if it does not compile."""
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error:  # only reachable for a hand-built AST; parse_condition refuses these
        return None


def _repeats(match: re.Match[str]) -> bool:
    quantifier = match[0]
    if quantifier in ("*", "+"):
        return True
    low, comma, high = match.groups()
    if quantifier == "?" or (not comma and not low):  # `?` repeats at most once; `{}` is literal
        return False
    if not comma:
        return int(low) > 1
    return not high or int(high) > 1


def has_nested_quantifier(pattern: str) -> bool:
    """Whether a repeated group (`+`, `*`, `{2,}`…) contains a repetition, like (a+)+."""
    inner = [False]  # per open group: does something inside it repeat?
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":  # skip the class; a `]` right after `[` or `[^` is a literal
            i += 2 if pattern.startswith("[^", i) else 1
            i += 1 if pattern.startswith("]", i) else 0
            while i < len(pattern) and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
            i += 1
            continue
        if char == "(":
            inner.append(False)
            i += 1
            continue
        group_repeats = inner.pop() if char == ")" and len(inner) > 1 else False
        i += 1 if char == ")" else 0
        quantifier = _QUANTIFIER.match(pattern, i)
        repeats = quantifier is not None and _repeats(quantifier)
        if repeats and group_repeats:
            return True
        inner[-1] = inner[-1] or repeats or group_repeats
        if quantifier is not None:
            i = quantifier.end()
            i += 1 if pattern[i : i + 1] in ("?", "+") else 0  # lazy or possessive suffix
        elif char != ")":
            i += 1
    return False
