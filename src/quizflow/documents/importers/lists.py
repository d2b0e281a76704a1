"""Automatic list numbering as word processors display it: counters per list and level, and
number formats ("3", "c", "C", "iii", "III").

Word (numbering.xml), Google Docs (lists.nestingLevels) and HTML (<ol type start>) only store
the rule, never the "b)" the author sees; the importers compute it here, the same way for all.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip
_PLACEHOLDER = re.compile(r"%(\d)")


def to_roman(number: int) -> str:
    """Lower-case roman numeral; numbers below 1 fall back to decimal."""
    if number < 1:
        return str(number)
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def to_letters(number: int) -> str:
    """Lower-case letters as Word and Google Docs count them: a…z, then aa…zz, aaa…"""
    if number < 1:
        return str(number)
    repeat, index = divmod(number - 1, 26)
    return chr(ord("a") + index) * (repeat + 1)


def format_number(number: int, style: str) -> str:
    """`number` in a list style: decimal, decimalZero, lowerLetter, upperLetter, lowerRoman,
    upperRoman (Word's numFmt names; the importers map their own names onto these)."""
    if style == "lowerLetter":
        return to_letters(number)
    if style == "upperLetter":
        return to_letters(number).upper()
    if style == "lowerRoman":
        return to_roman(number)
    if style == "upperRoman":
        return to_roman(number).upper()
    if style == "decimalZero":
        return f"{number:02d}"
    if style == "none":
        return ""
    return str(number)


def expand_label(template: str, *, first_level: int, number_at: Callable[[int], str]) -> str:
    """A label template ("%1.", "(%2)", "%0.%1.") with each %N replaced by `number_at(level)`;
    `first_level` is what %N counts from (1 in Word, 0 in Google Docs)."""
    return _PLACEHOLDER.sub(lambda m: number_at(int(m.group(1)) - first_level), template).strip()


class ListCounters:
    """The current number of each level of each list, advanced item by item.

    An item at a level advances that level and restarts every deeper level, so choices
    "a), b)" start again under each new question.
    """

    def __init__(self) -> None:
        self._counts: dict[str, dict[int, int]] = {}

    def advance(self, list_id: str, level: int, *, start: int = 1) -> None:
        counts = self._counts.setdefault(list_id, {})
        counts[level] = counts[level] + 1 if level in counts else start
        for deeper in [known for known in counts if known > level]:
            del counts[deeper]

    def current(self, list_id: str, level: int, *, start: int = 1) -> int:
        """The number of `level` now (its start when that level has had no item yet)."""
        return self._counts.get(list_id, {}).get(level, start)
