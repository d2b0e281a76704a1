"""`text matches` runs in linear time (RE2), and what RE2 cannot run is refused when written."""

import time

import pytest

from quizflow.errors import ConditionSyntaxError
from quizflow.flow.conditions import TextMatches, evaluate, parse_condition
from quizflow.flow.model import Response

# The longest answer the API accepts (api/schemas/play.py).
LONGEST_ANSWER = 20_000

CATASTROPHIC = [
    "(a|aa)+$",  # 0.34 s at 30 characters with Python's re, x2.7 with every 2 more
    "(a+)+$",
    "(a*)*$",
    "(.*a){20}",
    "([a-zA-Z]+)*$",
    "(a|a)*$",
    r"(\w+\s?)*$",
    "(x+x+)+y",
    "^(a?){25}a{25}$",
    "(.*a){180}",  # near the program-size limit: the slowest accepted shape measured
]


def matches(pattern: str, text: str) -> bool:
    condition = parse_condition(f'text matches "{pattern}"')
    return evaluate(condition, response=Response(text=text), is_correct=None, score=0)


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_catastrophic_patterns_are_accepted_and_run_fast_on_the_longest_answers(
    pattern: str,
) -> None:
    # Answers that make a backtracking engine try every split of the a's before failing.
    for text in ("a" * LONGEST_ANSWER + "!", "ab " * (LONGEST_ANSWER // 3) + "!"):
        started = time.perf_counter()
        matches(pattern, text)
        assert time.perf_counter() - started < 2.0, f"{pattern} took too long"


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("(a|aa)+$", "xaaaa", True),
        ("(a|aa)+$", "aaaa!", False),
        ("(a+)+b", "AAAB", True),  # case-insensitive, as before
        (r"^\d+ apples?$", "12 apples", True),
        (r"colou?r\b", "What colour is it", True),
        ("é", "CAFÉ", True),  # case folding beyond ASCII
        ("needle", "\ud800 needle", True),  # a lone surrogate is neither an error nor a match
    ],
)
def test_matches_keeps_its_meaning(pattern: str, text: str, expected: bool) -> None:
    assert matches(pattern, text) is expected


def refusal(pattern: str) -> ConditionSyntaxError:
    with pytest.raises(ConditionSyntaxError) as caught:
        parse_condition(f'text matches "{pattern}"')
    return caught.value


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        ("(?=a)b", "lookahead and lookbehind are not supported"),
        ("(?<!a)b", "lookahead and lookbehind are not supported"),
        (r"(a)\1", "backreferences are not supported"),
        ("(?P<x>a)(?P=x)", "backreferences are not supported"),
        (r"end\Z", r"write \z for the end of the text"),
        ("a++", "possessive quantifiers are not supported"),
        ("(?>ab)", "atomic groups are not supported"),
        ("(unclosed", "missing )"),
        ("a{1001}", "are at most 1000"),
    ],
)
def test_what_re2_cannot_compile_is_a_condition_syntax_error_saying_why(
    pattern: str, why: str
) -> None:
    error = refusal(pattern)
    assert error.code == "condition_syntax"
    assert "linear-time engine (RE2)" in error.message
    assert why in error.message
    assert error.column == 14  # where the pattern's string starts


def test_a_pattern_that_expands_to_a_huge_program_is_refused() -> None:
    # 9,905 instructions: a second per 20,000-character answer even in linear time.
    error = refusal("(.?){900}z")
    assert "at most 2,000 are allowed" in error.message
    assert parse_condition('text matches "(.?){100}z"') == TextMatches("(.?){100}z")
