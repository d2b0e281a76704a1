"""What quiz documents look like, and cutting what was recognised out of sanitised HTML.

The patterns are matched against the visible text of a block's HTML; a matched prefix or
suffix (a number, a label, a ✓) is then cut from the HTML itself, keeping every tag, so
`<strong>A)</strong> Paris` becomes `Paris` and `<strong>A) Paris</strong>` becomes
`<strong>Paris</strong>`.
"""

from __future__ import annotations

import re
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
#: One entry of an answer-key grid: "1C", "2-A", "3. b", "4) D", after separators.
_GRID_ENTRY = re.compile(r"[\s,;|]*(\d{1,4})[ \t]{0,3}[.):\-–]?[ \t]{0,3}([A-Ha-h])(?![A-Za-z])")
_GRID_NUMBER = re.compile(r"^\s*(\d{1,4})\s*[.)]?\s*$")
#: A lone choice letter, a cell of an answer-key grid's letter row.
GRID_LETTER = re.compile(r"^\s*([A-Ha-h])\s*$")
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


def grid_entries(text: str) -> list[tuple[int, str]]:
    """The entries of "1C 2A 3-B" (an answer-key line or cell), [] unless the whole text is
    such entries. Each match starts where the last ended: linear, no backtracking."""
    entries: list[tuple[int, str]] = []
    position = 0
    while (match := _GRID_ENTRY.match(text, position)) is not None:
        entries.append((int(match.group(1)), match.group(2).upper()))
        position = match.end()
    return entries if not text[position:].strip(" \t,;|.") else []


def grid_number(text: str) -> int | None:
    """The question number of a cell of an answer-key grid's number row ("12", "12.")."""
    match = _GRID_NUMBER.match(text)
    return int(match.group(1)) if match else None


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


def prompt_leaks(text: str) -> str | None:
    """What a free-text prompt shows that belongs to choices or their answer (learners would
    see it): a labelled choice line, a ✓ mark, an answer word; None when it shows none."""
    lines = text.split("\n")
    if any(CHOICE.match(line) for line in lines[1:]) or len(inline_choice_starts(text)) >= 2:
        return "what looks like choices"
    if any(mark in text for mark in MARKS[1:]):  # not "*", common in prompts ("5 * 3")
        return "an answer mark (✓)"
    if _INLINE_ANSWER.search(text) or any(ANSWER.match(line) for line in lines):
        return 'an answer ("Answer: …")'
    return None


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
