"""What quiz documents look like, and cutting what was recognised out of sanitised HTML.

The patterns are matched against the visible text of a block's HTML; a matched prefix or
suffix (a number, a label, a ✓) is then cut from the HTML itself, keeping every tag, so
`<strong>A)</strong> Paris` becomes `Paris` and `<strong>A) Paris</strong>` becomes
`<strong>Paris</strong>`.
"""

from __future__ import annotations

import functools
import html as html_lib
import itertools
import re
from dataclasses import dataclass
from string import ascii_uppercase

from quizflow.documents.vocabulary import (
    ANSWER_WORDS,
    CLOSE_PARENS,
    COLONS,
    EXPLANATION_WORDS,
    FEEDBACK_WORDS,
    KEY_HEADINGS,
    OPEN_PARENS,
    PERIODS,
    QUESTION_WORDS,
    TRUE_FALSE,
    alternation,
    latin_letter,
    other_letters,
)

#: Characters authors put on a correct choice.
MARKS = "*✓✔☑✅"
_MARK = "[*✓✔☑✅]"
_DASH = "\\-–—"
_COLON = f"[{COLONS}]"
_PERIOD = f"[{PERIODS}]"
_CLOSE = f"[{CLOSE_PARENS}]"
_OPEN = f"[{OPEN_PARENS}]"
#: A choice letter: Latin, or of another alphabet (а б в г, α β γ δ).
_LETTER = f"[A-Za-z{other_letters()}]"

#: "Question 3:", "Câu 3.", "Вопрос 3", "第3题", "Q3:" — always a question, whatever surrounds it.
QUESTION_PREFIXED = re.compile(
    rf"^\s*(?:(?:{alternation(QUESTION_WORDS)})\s*(?P<n1>\d{{1,4}})(?!\w)\s*"
    rf"[.):{_DASH}{COLONS}{PERIODS}{CLOSE_PARENS}]?"
    rf"|q\s?(?P<n2>\d{{1,4}})\s*(?:[.):{_DASH}{COLONS}]|$)"
    rf"|第\s*(?P<n3>\d{{1,4}})\s*[题題]\s*[.{COLONS}{PERIODS}]?)\s*",
    re.IGNORECASE,
)
#: The Platonus (Kazakh LMS) import format: "<question>…" then "<variant>…" lines, the
#: correct variant first.
PLATONUS_QUESTION = re.compile(r"^\s*<question\d{0,3}>\s*", re.IGNORECASE)
PLATONUS_VARIANT = re.compile(r"^\s*<variant>\s*", re.IGNORECASE)
#: A comment line of the text2qti format ("% --- Essay ---"), never content.
COMMENT = re.compile(r"^\s*%\s")
#: "+ans" and the correct choice's number on the next line, before the question.
ANSWER_AHEAD = re.compile(r"^\s*\+\s?ans\s*$", re.IGNORECASE)
ANSWER_AHEAD_NUMBER = re.compile(r"^\s*\d{1,2}\s*$")
#: "3." or "3)" or "3．" — but not "3.5".
BARE_NUMBER = re.compile(rf"^\s*(\d{{1,4}})\s*[.):{PERIODS}{CLOSE_PARENS}](?!\d)\s*")
#: "21.2022 年…": a number glued to the text that follows, a question only where it is the
#: next number of a "20." sequence.
TIGHT_NUMBER = re.compile(rf"^\s*(\d{{1,4}})[.{PERIODS}](?=\d)")
#: "A)", "a.", "(A)", "A:", "（Ａ）", "б)", "B.Text", optionally after a mark ("✓ A) …").
CHOICE = re.compile(
    rf"^\s*(?P<mark>{_MARK}+\s*)?"
    rf"(?:{_OPEN}(?P<paren>{_LETTER}){_CLOSE}"
    # A full-width period or comma needs no space after it ("A．北京", "A、北京").
    rf"|(?P<bare>{_LETTER})(?:[):{CLOSE_PARENS}{COLONS}．、]|{_PERIOD}(?=\s|$))"
    # "B.Thiếu": no space after the period, but not "E.g." or "U.S.".
    rf"|(?P<tight>[A-H])\.(?![A-Za-z]\.)(?=[^\s.\d]))\s*"
)
#: "II. Rome is in Spain.": a numbered statement a question's choices refer to.
ROMAN_STATEMENT = re.compile(r"^\s*[IVX]{1,5}[.)]\s")
#: "… in the same paragraph. (True / False)": a True/False question written in its stem, the
#: correct word in bold. Bounded spaces: linear on any text.
INLINE_TRUE_FALSE = re.compile(
    rf"{_OPEN}[ \t]{{0,3}}({'|'.join(w for p in TRUE_FALSE.values() for w in p[0])})"
    rf"[ \t]{{0,3}}/[ \t]{{0,3}}({'|'.join(w for p in TRUE_FALSE.values() for w in p[1])})"
    rf"[ \t]{{0,3}}{_CLOSE}[ \t]{{0,3}}[.?!]?[ \t]{{0,3}}$",
    re.IGNORECASE,
)
#: The blank of a fill-in-the-blank stem: five underscores or more (docx2bb's rule).
BLANK = re.compile(r"_{5}")
#: "D, Answer" in a table cell beside cells labelled "A." "B." "C.".
CELL_COMMA_LABEL = re.compile(r"^\s*([A-H]),\s*(?=\S)")
#: A bullet typed in plain text, or an empty ballot box ("☐ Paris", "[ ] Paris").
TEXT_BULLET = re.compile(r"^\s*(?:[-•–▪◦·](?=\s)|[☐□❑◻○◯]|\[\s?\])\s*(?=\S)")
#: A ticked ballot box typed in plain text: a correct choice ("[*] Paris", "☒ Paris").
CHECKED_BULLET = re.compile(r"^\s*(?:\[[*xX✓]\]|[☑☒])\s*(?=\S)")
#: A mark that may also follow a choice's label ("a) !Paris": word2quiz, "a) * Paris").
LEADING_MARK = re.compile(rf"^\s*(?:{_MARK}+|!)\s*")
_ANSWER_WORDS = alternation(ANSWER_WORDS)
ANSWER = re.compile(
    rf"^\s*(?:{_ANSWER_WORDS})\s*[=:{_DASH}{COLONS}]\s*(?=\S)",
    re.IGNORECASE,
)
EXPLANATION = re.compile(
    rf"^\s*(?:{alternation(EXPLANATION_WORDS)})\s*[:{_DASH}{COLONS}]\s*", re.IGNORECASE
)
FEEDBACK = re.compile(rf"^\s*(?:{alternation(FEEDBACK_WORDS)})\s*[:{_DASH}{COLONS}]\s*", re.I)
KEY_HEADER = re.compile(
    rf"^\s*(?:{alternation(KEY_HEADINGS)})\s*[.{COLONS}]?\s*$",
    re.IGNORECASE,
)
#: "1. B", "2) A, C", "3 - d", "Q4: b", "1C" in an answer key.
KEY_ENTRY = re.compile(
    rf"^\s*(?:(?:question|q)\s*)?(\d{{1,4}})\s*(?:[.):={_DASH}{COLONS}{PERIODS}]+\s*|\s+|(?=[A-Ha-h](?!\w)))(?=\S)",
    re.IGNORECASE,
)
KEY_TABLE_NUMBER = re.compile(r"^\s*(?:(?:question|q)\s*)?(\d{1,4})\s*[.):]?\s*$", re.IGNORECASE)
KEY_TABLE_QUESTION = re.compile(
    rf"^\s*(?:q|#|no\.?|n°|number|nr\.?|stt|{alternation(QUESTION_WORDS)})\s*$", re.IGNORECASE
)
KEY_TABLE_ANSWER = re.compile(rf"^\s*(?:{_ANSWER_WORDS})\s*$", re.I)
LIST_LETTER = re.compile(r"^\s*\(?([A-Za-z]{1,3})\s*[.):]?\s*$")
LIST_NUMBER = re.compile(r"^\s*\(?(\d{1,4})\s*[.):]?\s*$")

#: Choices written on the prompt's line: "Which? (a) Paris (b) London Answer: a",
#: "A. Paris   B. London   C. Rome".
_INLINE_LABEL = re.compile(
    rf"(?:(?<=\s)|^)(?:{_OPEN}([A-Za-z]){_CLOSE}|([A-Za-z]){_CLOSE}|([A-Z])[.．])\s*"
)
_INLINE_ANSWER = re.compile(rf"(?<=\s)(?:{_ANSWER_WORDS})\s*[:={COLONS}]\s*\S", re.I)
_LABEL_TOKEN = re.compile(
    rf"(?:{_OPEN}({_LETTER}|\d{{1,2}}){_CLOSE}|({_LETTER}|\d{{1,2}})[){CLOSE_PARENS}]?)(?!\w)\.?"
)
#: "ABC" in "答案：ABC": several labels written together (ascending, so not a word).
_LABEL_RUN = re.compile(r"([A-H]{2,8})(?!\w)")
_LABEL_SEPARATOR = re.compile(
    r"\s*(?:,|;|/|&|\+|、|，|\band\b|\bor\b|\bи\b|\bet\b|\be\b|\by\b|\bund\b|\bvà\b)\s*|\s+",
    re.IGNORECASE,
)
_AFTER_LABELS = re.compile(rf"^[\s,;:.{_DASH}{COLONS}]*")


def question_number(match: re.Match[str]) -> int:
    """The number a QUESTION_PREFIXED match found."""
    return int(match.group("n1") or match.group("n2") or match.group("n3"))


def choice_letter(match: re.Match[str]) -> str:
    """The Latin upper-case letter a CHOICE match names ("b" → "B", "в" → "C")."""
    letter = match.group("paren") or match.group("bare") or match.group("tight")
    return latin_letter(letter) or letter.upper()


def inline_answer_start(text: str) -> int | None:
    """Where an answer written at the end of a line starts ("D. 42 答案：ABC"), when nothing
    but labels follows it."""
    match = _INLINE_ANSWER.search(text)
    if match is None:
        return None
    rest = text[match.end() - 1 :]
    labels, end = parse_labels(rest)
    return match.start() if labels and not rest[end:].strip(" .;") else None


def parse_labels(text: str) -> tuple[tuple[str, ...], int]:
    """The choice labels an answer starts with ("B", "a, c", "A and C"), upper-cased, and the
    index in `text` where they end."""
    labels: list[str] = []
    position = len(text) - len(text.lstrip())
    run = _LABEL_RUN.match(text, position)
    if run is not None and list(run.group(1)) == sorted(set(run.group(1))):
        return tuple(run.group(1)), run.end()
    while (token := _LABEL_TOKEN.match(text, position)) is not None:
        letter = token.group(1) or token.group(2)
        labels.append(latin_letter(letter) or letter.upper())
        position = token.end()
        separator = _LABEL_SEPARATOR.match(text, position)
        if separator is None or _LABEL_TOKEN.match(text, separator.end()) is None:
            break
        position = separator.end()
    return tuple(labels), position


def after_labels(text: str, position: int) -> int:
    """Where the words after an answer's labels start ("B - because…" → "because…")."""
    match = _AFTER_LABELS.match(text[position:])
    return position + (match.end() if match else 0)


def inline_choice_starts(text: str) -> list[int]:
    """Where choices written on one line start ("(a) x (b) y", labelled from A on, after a
    "?" or ":" or at the start), then the answer after them; [] when there are none."""
    positions: list[int] = []
    upper: bool | None = None
    first = ord("A")
    for match in _INLINE_LABEL.finditer(text):
        letter = match.group(1) or match.group(2) or match.group(3)
        before = text[: match.start()].strip()
        if upper is None:
            # "A" after the stem's "?" or ":", or any letter opening the line: the second
            # line of "A. …  B. …" / "C. …  D. …".
            if before and (letter.upper() != "A" or before[-1:] not in "?:"):
                continue
            upper, first = letter.isupper(), ord(letter.upper())
        if letter.isupper() == upper and ord(letter.upper()) - first == len(positions):
            positions.append(match.start())
    if len(positions) < 2:
        return []
    answer = _INLINE_ANSWER.search(text, positions[-1])
    return [*positions, answer.start()] if answer else positions


def list_letter(label: str | None) -> str | None:
    """The letter(s) of a displayed list label ("b)" → "B"), None for numbers and bullets."""
    match = LIST_LETTER.match(label or "")
    return match.group(1).upper() if match else None


def list_number(label: str | None) -> int | None:
    """The number of a displayed list label ("3." → 3)."""
    match = LIST_NUMBER.match(label or "")
    return int(match.group(1)) if match else None


def position_label(index: int) -> str:
    """A, B, C… for the choices that show no letter of their own."""
    return ascii_uppercase[index] if index < len(ascii_uppercase) else str(index + 1)


def comparable(text: str) -> str:
    """Text folded for comparing an answer written out with a choice's body."""
    return " ".join(text.casefold().split()).strip(" .;:!")


# -- HTML ------------------------------------------------------------------------------------

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
