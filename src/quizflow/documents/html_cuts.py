"""Cutting what was recognised out of sanitised HTML: a matched prefix or suffix of the
visible text (a number, a label, a ✓) is cut from the HTML itself, keeping every tag, so
`<strong>A)</strong> Paris` becomes `Paris` and `<strong>A) Paris</strong>` becomes
`<strong>Paris</strong>`; and which formatting covers a fragment (a correct-answer mark).

The HTML is tokenised by one regex without backtracking; every function walks the tokens.
"""

from __future__ import annotations

import functools
import html as html_lib
import itertools
import re
from dataclasses import dataclass

from quizflow.documents.extract_patterns import MARKS

_HTML_TOKEN = re.compile(r"<[^<>]*>|&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|[^<&]+|[<&]")
_BOLD_TAG = re.compile(r"<(/?)(?:strong|b)(?:\s[^>]*)?>", re.IGNORECASE)
_EMPTY_ELEMENT = re.compile(
    r"<(strong|b|em|i|u|s|sub|sup|mark|span|a|code)(?:\s[^>]*)?></\1>", re.IGNORECASE
)
_TAG_NAME = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9]*)")
_VOID = frozenset({"br", "img", "hr", "wbr"})
_LEADING_SPACE = re.compile(r"^(?:\s|<br\s*/?>)+", re.IGNORECASE)
_TRAILING_SPACE = re.compile(r"(?:\s|<br\s*/?>)+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Fragment:
    text: str
    #: Offset in the HTML of each character of `text`.
    starts: tuple[int, ...]
    tags: tuple[tuple[int, int], ...]


def _is_tag(token: str) -> bool:
    return len(token) > 1 and token[0] == "<" and token[-1] == ">"


@functools.lru_cache(maxsize=1024)
def _fragment(markup: str) -> _Fragment:
    if "<" not in markup and "&" not in markup:
        return _Fragment(markup, tuple(range(len(markup))), ())
    chars: list[str] = []
    starts: list[int] = []
    tags: list[tuple[int, int]] = []
    for match in _HTML_TOKEN.finditer(markup):
        token = match.group()
        if _is_tag(token):
            tags.append(match.span())
        elif token[0] == "&" and token[-1] == ";":
            decoded = html_lib.unescape(token)
            chars.append(decoded)
            starts.extend([match.start()] * len(decoded))
        else:
            chars.append(token)
            starts.extend(range(match.start(), match.end()))
    return _Fragment("".join(chars), tuple(starts), tuple(tags))


def has_content(markup: str) -> bool:
    """Whether an HTML fragment shows anything: text or an image."""
    return bool(_fragment(markup).text.strip()) or "<img" in markup


def visible_text(markup: str) -> str:
    """The characters of an HTML fragment a reader sees, entities decoded, spaces kept."""
    return _fragment(markup).text


def tidy(markup: str) -> str:
    """Without the empty inline elements and the edge spaces and line breaks a cut leaves."""
    previous = None
    while previous != markup:
        previous = markup
        markup = _EMPTY_ELEMENT.sub("", markup)
    return _TRAILING_SPACE.sub("", _LEADING_SPACE.sub("", markup))


def cut_before(markup: str, index: int) -> str:
    """The HTML without its first `index` visible characters (their tags stay)."""
    fragment = _fragment(markup)
    position = fragment.starts[index] if index < len(fragment.starts) else len(markup)
    kept = "".join(markup[start:end] for start, end in fragment.tags if start < position)
    return tidy(kept + markup[position:])


def cut_after(markup: str, index: int) -> str:
    """The HTML without its visible characters from `index` on (their tags stay)."""
    fragment = _fragment(markup)
    if index >= len(fragment.starts):
        return tidy(markup)
    position = fragment.starts[index]
    kept = "".join(markup[start:end] for start, end in fragment.tags if start >= position)
    return tidy(markup[:position] + kept)


def strip_prefix(markup: str, pattern: re.Pattern[str]) -> tuple[str, re.Match[str] | None]:
    """The HTML without the visible prefix `pattern` matches, and the match (None: unchanged)."""
    match = pattern.match(visible_text(markup))
    if match is None:
        return markup, None
    return cut_before(markup, match.end()), match


def strip_trailing_mark(markup: str) -> tuple[str, bool]:
    """The HTML without a trailing ✓ or `*`, and whether there was one."""
    text = visible_text(markup).rstrip()
    end = len(text)
    while end and text[end - 1] in MARKS:
        end -= 1
    if end == len(text):
        return markup, False
    return cut_after(markup, len(text[:end].rstrip())), True


def is_all_bold(markup: str) -> bool:
    """Whether every visible non-space character sits inside <strong> or <b>."""
    depth = 0
    seen = False
    for match in _HTML_TOKEN.finditer(markup):
        token = match.group()
        if _is_tag(token):
            bold = _BOLD_TAG.fullmatch(token)
            if bold is not None:
                depth = max(depth - 1, 0) if bold.group(1) else depth + 1
            continue
        if html_lib.unescape(token).strip():
            if depth == 0:
                return False
            seen = True
    return seen


#: Formatting that marks a correct choice, strongest signal first: highlight or colour,
#: underline, bold.
EMPHASES = ("mark", "u", "strong")
_EMPHASIS_TAG = re.compile(r"<(/?)(strong|b|u|mark)(?:\s[^>]*)?>", re.IGNORECASE)


def emphasis(markup: str, end: int | None = None) -> frozenset[str]:
    """The EMPHASES that cover every visible non-space character of the HTML (of its first
    `end` visible characters when given); empty when there is no such character."""
    depth = dict.fromkeys(EMPHASES, 0)
    covering = set(EMPHASES)
    seen = False
    position = 0
    for match in _HTML_TOKEN.finditer(markup):
        if end is not None and position >= end:
            break
        token = match.group()
        if _is_tag(token):
            tag = _EMPHASIS_TAG.fullmatch(token)
            if tag is not None:
                name = "strong" if tag.group(2).lower() in ("b", "strong") else tag.group(2).lower()
                depth[name] = max(depth[name] - 1, 0) if tag.group(1) else depth[name] + 1
            continue
        text = html_lib.unescape(token) if token[0] == "&" else token
        if end is not None:
            text = text[: end - position]
        position += len(text)
        if text.strip():
            seen = True
            covering.intersection_update(name for name, count in depth.items() if count)
    return frozenset(covering) if seen else frozenset()


def without_emphasis(markup: str, kind: str) -> str:
    """The HTML without one kind of EMPHASES (when it only marked the correct choice)."""
    if kind == "strong":
        return without_bold(markup)
    return tidy(re.sub(rf"</?{kind}(?:\s[^>]*)?>", "", markup, flags=re.IGNORECASE))


def without_bold(markup: str) -> str:
    """The HTML with its bold tags removed (when bold only marked the correct choice)."""
    return tidy(_BOLD_TAG.sub("", markup))


def split_at(markup: str, positions: list[int]) -> list[str]:
    """The HTML cut at these visible-text positions (ascending), each part keeping the tags
    that enclose it."""
    fragment = _fragment(markup)

    def offset(index: int) -> int:
        return fragment.starts[index] if index < len(fragment.starts) else len(markup)

    bounds = [0, *positions, len(fragment.text)]
    parts = []
    for start, end in itertools.pairwise(bounds):
        low, high = (offset(start) if start else 0), offset(end)
        opened = "".join(markup[a:b] for a, b in fragment.tags if a < low and _keeps(markup[a:b]))
        closed = "".join(markup[a:b] for a, b in fragment.tags if a >= high and _keeps(markup[a:b]))
        parts.append(tidy(opened + markup[low:high] + closed))
    return parts


def _keeps(tag: str) -> bool:
    name = _TAG_NAME.match(tag)
    return name is not None and name.group(2).lower() not in _VOID


def split_lines(markup: str) -> list[str]:
    """The lines of an HTML fragment, split at <br> and newlines; tags open across a break
    are closed before it and reopened after, so each line is well-formed on its own."""
    lines: list[str] = []
    current: list[str] = []
    open_tags: list[tuple[str, str]] = []

    def flush() -> None:
        closers = "".join(f"</{name}>" for name, _ in reversed(open_tags))
        lines.append(tidy("".join(current) + closers))
        current[:] = [tag for _, tag in open_tags]

    for match in _HTML_TOKEN.finditer(markup):
        token = match.group()
        tag = _TAG_NAME.match(token) if _is_tag(token) else None
        if tag is None:
            pieces = token.split("\n")
            current.append(pieces[0])
            for piece in pieces[1:]:
                flush()
                current.append(piece)
            continue
        name = tag.group(2).lower()
        if name == "br":
            flush()
        elif name in _VOID or token.endswith("/>"):
            current.append(token)
        elif tag.group(1):
            if any(open_name == name for open_name, _ in open_tags):
                while open_tags and open_tags.pop()[0] != name:
                    pass
                current.append(token)
        else:
            open_tags.append((name, token))
            current.append(token)
    lines.append(tidy("".join(current)))
    return lines
