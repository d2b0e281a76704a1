import pytest

from quizflow.errors import ConditionSyntaxError
from quizflow.flow.conditions import (
    And,
    AnswerHas,
    AnswerIn,
    AnswerIs,
    AnswerIsNot,
    AnswerSetIs,
    Condition,
    Correctness,
    Default,
    Not,
    Or,
    ScoreCompare,
    TextContains,
    TextMatches,
    evaluate,
    format_condition,
    labels_in,
    parse_condition,
    uses_choices,
    uses_text,
)
from quizflow.flow.model import Response

A, B, C = AnswerIs("A"), AnswerIs("B"), AnswerIs("C")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("default", Default()),
        ("answer == A", AnswerIs("A")),
        ("answer != b", AnswerIsNot("B")),
        ("answer in [A, c]", AnswerIn(frozenset({"A", "C"}))),
        ("answer == [c, a]", AnswerSetIs(frozenset({"A", "C"}))),
        ("answer has d", AnswerHas("D")),
        ("correct", Correctness(expected=True)),
        ("incorrect", Correctness(expected=False)),
        ("score >= 3", ScoreCompare(">=", 3)),
        ("score < 10", ScoreCompare("<", 10)),
        ("score <= 0", ScoreCompare("<=", 0)),
        ("score > 2", ScoreCompare(">", 2)),
        ("score == 4", ScoreCompare("==", 4)),
        ("score != 4", ScoreCompare("!=", 4)),
        ('text contains "Word"', TextContains("Word")),
        (r'text matches "^\d+ apples?$"', TextMatches(r"^\d+ apples?$")),
        ("not correct", Not(Correctness(expected=True))),
        ("answer == A1", AnswerIs("A1")),
    ],
)
def test_every_form_parses_to_its_node(text: str, expected: Condition) -> None:
    assert parse_condition(text) == expected


def test_keywords_and_labels_are_case_insensitive() -> None:
    assert parse_condition("ANSWER In [a, B] AnD NoT Correct") == parse_condition(
        "answer in [A, b] and not correct"
    )
    assert parse_condition("  Default\t") == Default()


def test_whitespace_is_optional_around_symbols() -> None:
    assert parse_condition("answer==[a,c]") == AnswerSetIs(frozenset({"A", "C"}))
    assert parse_condition("not(correct)") == Not(Correctness(expected=True))


def test_labels_may_look_like_keywords() -> None:
    assert parse_condition("answer == or") == AnswerIs("OR")
    assert parse_condition("answer in [IN, NOT]") == AnswerIn(frozenset({"IN", "NOT"}))


def test_not_binds_tighter_than_and_which_binds_tighter_than_or() -> None:
    assert parse_condition("not answer == A and answer == B or answer == C") == Or(
        And(Not(A), B), C
    )
    assert parse_condition("answer == A or answer == B and answer == C") == Or(A, And(B, C))


def test_parentheses_override_precedence() -> None:
    assert parse_condition("(answer == A or answer == B) and answer == C") == And(Or(A, B), C)
    assert parse_condition("not (answer == A or answer == B)") == Not(Or(A, B))


def test_and_and_or_group_to_the_left() -> None:
    assert parse_condition("answer == A and answer == B and answer == C") == And(And(A, B), C)


def test_string_escapes_are_decoded_and_unknown_escapes_kept_for_regexes() -> None:
    assert parse_condition(r'text contains "say \"hi\"\n\\"') == TextContains('say "hi"\n\\')
    assert parse_condition(r'text matches "\d\w"') == TextMatches(r"\d\w")


def syntax_error(text: str) -> ConditionSyntaxError:
    with pytest.raises(ConditionSyntaxError) as caught:
        parse_condition(text)
    return caught.value


def test_a_missing_label_reports_the_column_after_the_end_and_what_was_expected() -> None:
    error = syntax_error("answer == ")
    assert error.column == 11
    assert error.expected == ["a choice label", "'['"]
    assert error.message == "condition \"answer == \": expected a choice label or '[' at column 11"
    assert error.code == "condition_syntax"
    assert error.status == 422


@pytest.mark.parametrize(
    ("text", "column", "word"),
    [
        ("", 1, "'answer'"),
        ("answer # A", 8, "'in'"),
        ("answer == A B", 13, "the end of the condition"),
        ("score >= x", 10, "a whole number"),
        ("answer in []", 12, "a choice label"),
        ("notcorrect", 1, "'not'"),
        ("default and correct", 9, "the end of the condition"),
        ("not default", 5, "'answer'"),
        ('text contains "open', 15, 'a "quoted string"'),
        ("score => 3", 7, "a comparison (<, <=, >, >=, ==, !=)"),
    ],
)
def test_syntax_errors_give_the_column_and_readable_expectations(
    text: str, column: int, word: str
) -> None:
    error = syntax_error(text)
    assert error.column == column
    assert word in error.expected
    assert f"at column {column}" in error.message
    assert not any(name.isupper() or name.startswith("_") for name in error.expected)


def test_lists_of_three_or_more_expectations_read_as_a_sentence() -> None:
    assert "'and', 'or', or the end of the condition" in syntax_error("correct correct").message


def test_an_overlong_regex_is_a_syntax_error() -> None:
    assert "at most 200" in syntax_error(f'text matches "{"a" * 201}"').message


def test_an_overlong_condition_is_a_syntax_error() -> None:
    assert syntax_error("correct or " * 200 + "correct").column == 2001


@pytest.mark.parametrize(
    ("condition", "canonical"),
    [
        ("ANSWER in [c,a,b]", "answer in [A, B, C]"),
        ("answer == [b, a]", "answer == [A, B]"),
        ("(answer == a)", "answer == A"),
        (
            "((correct or incorrect)) and not (score > 1)",
            "(correct or incorrect) and not score > 1",
        ),
        ("correct or (incorrect or score == 1)", "correct or (incorrect or score == 1)"),
        ("(correct or incorrect) or score == 1", "correct or incorrect or score == 1"),
        ("not (not correct)", "not not correct"),
        ('text contains "a \\"b\\" \\\\ c"', 'text contains "a \\"b\\" \\\\ c"'),
        (" Default ", "default"),
    ],
)
def test_format_prints_the_canonical_form_with_minimal_parentheses(
    condition: str, canonical: str
) -> None:
    assert format_condition(parse_condition(condition)) == canonical
    assert parse_condition(canonical) == parse_condition(condition)


CHOSE_A = Response(frozenset({"A"}))
CHOSE_AC = Response(frozenset({"A", "C"}))
WROTE = Response(text="The Mitochondria is the powerhouse")


@pytest.mark.parametrize(
    ("condition", "response", "expected"),
    [
        ("answer == A", CHOSE_A, True),
        ("answer == A", CHOSE_AC, False),
        ("answer != B", CHOSE_A, True),
        ("answer != A", CHOSE_A, False),
        ("answer in [B, C]", CHOSE_AC, True),
        ("answer in [B, D]", CHOSE_AC, False),
        ("answer == [C, A]", CHOSE_AC, True),
        ("answer == [A]", CHOSE_AC, False),
        ("answer has C", CHOSE_AC, True),
        ("answer has B", CHOSE_AC, False),
        ('text contains "MITOCHONDRIA"', WROTE, True),
        ('text contains "nucleus"', WROTE, False),
        ('text matches "power(house|plant)$"', WROTE, True),
        ('text matches "^power"', WROTE, False),
        ("not correct and answer == A", CHOSE_A, True),
    ],
)
def test_evaluate_follows_the_documented_meaning(
    condition: str, response: Response, expected: bool
) -> None:
    assert evaluate(parse_condition(condition), response=response, is_correct=False, score=0) is (
        expected
    )


@pytest.mark.parametrize(
    "condition", ["answer == A", "answer != A", "answer in [A]", "answer == [A]", "answer has A"]
)
def test_choice_tests_are_false_for_a_written_answer(condition: str) -> None:
    assert not evaluate(parse_condition(condition), response=WROTE, is_correct=None, score=0)


@pytest.mark.parametrize("condition", ['text contains ""', 'text matches ".*"'])
def test_text_tests_are_false_without_text(condition: str) -> None:
    assert not evaluate(parse_condition(condition), response=CHOSE_A, is_correct=True, score=0)


def test_correct_and_incorrect_are_both_false_when_the_answer_is_not_graded() -> None:
    for condition in ("correct", "incorrect"):
        assert not evaluate(parse_condition(condition), response=WROTE, is_correct=None, score=0)
    assert evaluate(parse_condition("correct"), response=CHOSE_A, is_correct=True, score=0)
    assert evaluate(parse_condition("incorrect"), response=CHOSE_A, is_correct=False, score=0)


@pytest.mark.parametrize(("score", "expected"), [(2, False), (3, True), (4, True)])
def test_score_compares_the_running_score(score: int, expected: bool) -> None:
    condition = parse_condition("score >= 3")
    assert evaluate(condition, response=CHOSE_A, is_correct=True, score=score) is expected


def test_a_long_answer_is_evaluated_in_full() -> None:
    late = Response(text="x" * 19_990 + "needle")
    for condition in ('text contains "needle"', 'text matches "needle$"'):
        assert evaluate(parse_condition(condition), response=late, is_correct=None, score=0)


def test_a_hand_built_invalid_regex_evaluates_to_false_instead_of_raising() -> None:
    assert not evaluate(TextMatches("(oops"), response=WROTE, is_correct=None, score=0)


def test_labels_in_collects_every_label_upper_cased() -> None:
    condition = parse_condition("answer == a or (answer in [b, c] and not answer has d)")
    assert labels_in(condition) == {"A", "B", "C", "D"}
    assert labels_in(parse_condition("correct")) == frozenset()


def test_uses_text_and_uses_choices_look_inside_compound_conditions() -> None:
    mixed = parse_condition('not (score > 1 or text contains "x")')
    assert uses_text(mixed)
    assert not uses_choices(mixed)
    assert uses_choices(parse_condition("score > 1 and incorrect"))
    assert not uses_text(parse_condition("default"))
