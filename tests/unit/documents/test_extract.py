"""The question extractor over documents built block by block, as the importers produce them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from html import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizflow.documents.extract import ExtractedQuestion, Extraction, extract_questions
from quizflow.documents.model import Block, NormalizedDocument
from quizflow.services.questions import ChoiceInput, QuestionInput, check_question

# -- building documents ----------------------------------------------------------------------


def para(text: str, html: str | None = None, *, bold: bool = False) -> Block:
    return Block("paragraph", text, escape(text) if html is None else html, "", all_bold=bold)


def heading(text: str, level: int = 2) -> Block:
    return Block("heading", text, escape(text), "", level=level)


def item(
    text: str,
    label: str | None = None,
    *,
    level: int = 0,
    bulleted: bool = False,
    bold: bool = False,
    html: str | None = None,
) -> Block:
    return Block(
        "list_item",
        text,
        escape(text) if html is None else html,
        "",
        level=level,
        list_kind="bulleted" if bulleted else "numbered",
        list_label=None if bulleted else label,
        all_bold=bold,
    )


def row(*cells: str) -> Block:
    return Block("table_row", " ".join(cells), escape(" ".join(cells)), "", cells=cells)


def extract(*blocks: Block, title: str | None = None) -> Extraction:
    """Extraction of the blocks, whose sources are "block 1", "block 2"…"""
    numbered = tuple(replace(block, source=f"block {n}") for n, block in enumerate(blocks, 1))
    return extract_questions(NormalizedDocument(title, numbered))


def labels(question: ExtractedQuestion) -> list[str]:
    return [choice.label for choice in question.choices]


def correct(question: ExtractedQuestion) -> list[str]:
    return [choice.label for choice in question.choices if choice.is_correct]


def bodies(question: ExtractedQuestion) -> list[str]:
    return [choice.body_text for choice in question.choices]


def messages(extraction: Extraction) -> list[str]:
    return [warning.message for warning in extraction.warnings]


CAPITAL = (para("A) Paris"), para("B) London"), para("Answer: A"))

# -- where questions start -------------------------------------------------------------------


def test_typed_numbers_with_dot_or_parenthesis_start_questions() -> None:
    result = extract(para("1. First?"), *CAPITAL, para("2) Second?"), *CAPITAL)
    assert [(q.number, q.prompt_text) for q in result.questions] == [(1, "First?"), (2, "Second?")]
    assert [q.source for q in result.questions] == ["block 1", "block 5"]


def test_q_and_question_prefixes_start_questions() -> None:
    result = extract(
        para("Q1: One?"), *CAPITAL, para("Q2. Two?"), *CAPITAL, para("Question 3: Three?"), *CAPITAL
    )
    assert [(q.number, q.prompt_text) for q in result.questions] == [
        (1, "One?"),
        (2, "Two?"),
        (3, "Three?"),
    ]


def test_word_numbered_list_items_are_questions_and_their_lettered_sublists_choices() -> None:
    result = extract(
        item("Capital of France", "1."),
        item("Paris", "a.", level=1),
        item("Rome", "b.", level=1),
        item("Capital of Italy", "2."),
        item("Paris", "a.", level=1),
        item("Rome", "b.", level=1),
        para("Answer: b"),
    )
    assert [q.prompt_text for q in result.questions] == ["Capital of France", "Capital of Italy"]
    assert [labels(q) for q in result.questions] == [["A", "B"], ["A", "B"]]
    assert correct(result.questions[1]) == ["B"]


def test_question_heading_starts_a_question_whose_prompt_follows() -> None:
    result = extract(heading("Question 3"), para("Which city?"), *CAPITAL)
    (question,) = result.questions
    assert (question.number, question.prompt_text, question.source) == (3, "Which city?", "block 1")


def test_any_heading_followed_by_choices_is_a_question_numbered_in_order() -> None:
    result = extract(
        heading("Quiz", 1),
        heading("Where is the Louvre?"),
        *CAPITAL,
        heading("Where is Big Ben?"),
        para("A) Paris"),
        para("B) London"),
    )
    assert result.title == "Quiz"
    assert [(q.number, q.prompt_text) for q in result.questions] == [
        (1, "Where is the Louvre?"),
        (2, "Where is Big Ben?"),
    ]


def test_prompt_spans_every_paragraph_until_the_first_choice() -> None:
    result = extract(para("1. Read this."), para("Then answer: which?"), *CAPITAL)
    (question,) = result.questions
    assert question.prompt_html == "<p>Read this.</p><p>Then answer: which?</p>"
    assert question.prompt_text == "Read this.\nThen answer: which?"


def test_a_list_inside_the_prompt_stays_there_when_choices_follow() -> None:
    result = extract(
        para("1. Given:"),
        item("x = 1", bulleted=True),
        item("y = 2", bulleted=True),
        para("What is x + y?"),
        para("A) 3"),
        para("B) 4"),
        para("Answer: A"),
    )
    (question,) = result.questions
    assert (
        question.prompt_html
        == "<p>Given:</p><ul><li>x = 1</li><li>y = 2</li></ul><p>What is x + y?</p>"
    )
    assert bodies(question) == ["3", "4"]


def test_roman_numeral_statements_before_the_a_choice_stay_in_the_prompt() -> None:
    result = extract(
        para("1. Which are true?"),
        para("I. Paris is in France."),
        para("II. Rome is in Spain."),
        para("A) I only"),
        para("B) I and II"),
        para("Answer: A"),
    )
    (question,) = result.questions
    assert question.prompt_text == "Which are true?\nI. Paris is in France.\nII. Rome is in Spain."
    assert labels(question) == ["A", "B"]


def test_a_heading_above_a_numbered_question_list_is_not_itself_a_question() -> None:
    result = extract(
        heading("Quiz", 1),
        heading("Questions"),
        item("Capital of France?", "1."),
        item("Paris", "a)", level=1),
        item("Rome", "b)", level=1),
    )
    assert [q.prompt_text for q in result.questions] == ["Capital of France?"]
    assert result.context_text == "Questions"


def test_an_unnumbered_question_after_lettered_choices_starts_a_new_question() -> None:
    result = extract(
        item("Capital of France?", "1."),
        item("Paris", "a)", level=1),
        item("Rome", "b)", level=1),
        para("Answer: a"),
        para("How sure are you?"),
        item("Very", "(A)"),
        item("Not at all", "(B)"),
    )
    assert [(q.number, q.prompt_text) for q in result.questions] == [
        (1, "Capital of France?"),
        (2, "How sure are you?"),
    ]
    assert bodies(result.questions[1]) == ["Very", "Not at all"]


def test_lines_joined_by_shift_enter_are_read_one_by_one_keeping_their_formatting() -> None:
    result = extract(
        para(
            "1. Pick? A) Paris B) London Answer: B",
            "1. Pick?<br><em>A) Paris<br>B) London</em><br>Answer: B",
        )
    )
    (question,) = result.questions
    assert question.prompt_html == "<p>Pick?</p>"
    assert [c.body_html for c in question.choices] == ["<em>Paris</em>", "<em>London</em>"]
    assert [c.source for c in question.choices] == ["block 1", "block 1"]
    assert correct(question) == ["B"]


def test_a_line_break_inside_a_prompt_without_structure_stays_in_the_prompt() -> None:
    result = extract(
        para("Q1: Roses are red violets are blue", "Q1: Roses are red<br>violets are blue")
    )
    assert result.questions[0].prompt_html == "<p>Roses are red<br>violets are blue</p>"


def test_choices_written_on_the_prompt_line_after_a_question_mark_are_split() -> None:
    result = extract(para("1. Which city? (a) Paris (b) London Answer: b"))
    (question,) = result.questions
    assert (question.prompt_text, bodies(question)) == ("Which city?", ["Paris", "London"])
    assert correct(question) == ["B"]


def test_an_enumeration_inside_a_prompt_sentence_is_not_split_into_choices() -> None:
    result = extract(para("Q1. Compare (a) the wall and (b) the membrane."))
    (question,) = result.questions
    assert question.is_multiple_choice is False
    assert question.prompt_text == "Compare (a) the wall and (b) the membrane."


def test_a_prompt_line_starting_like_a_choice_stays_in_the_prompt() -> None:
    result = extract(
        para("1. Who said it?"), para("A. Lincoln said it."), para("A) x"), para("B) y")
    )
    (question,) = result.questions
    assert question.prompt_text == "Who said it?\nA. Lincoln said it."
    assert bodies(question) == ["x", "y"]


# -- choices ---------------------------------------------------------------------------------


def test_choice_label_styles_are_recognised_and_upper_cased() -> None:
    result = extract(
        para("1. Pick?"), para("a) one"), para("B. two"), para("(c) three"), para("D: four")
    )
    (question,) = result.questions
    assert labels(question) == ["A", "B", "C", "D"]
    assert bodies(question) == ["one", "two", "three", "four"]


def test_a_bulleted_list_after_the_prompt_is_choices_labelled_in_order() -> None:
    result = extract(
        para("1. Pick?"),
        item("Paris", bulleted=True),
        item("London", bulleted=True),
        item("Rome", bulleted=True),
        para("Answer: C"),
    )
    (question,) = result.questions
    assert labels(question) == ["A", "B", "C"]
    assert bodies(question) == ["Paris", "London", "Rome"]
    assert correct(question) == ["C"]


def test_typed_dash_bullets_are_choices() -> None:
    result = extract(para("1. Pick?"), para("- Paris *"), para("• London"))
    (question,) = result.questions
    assert (bodies(question), correct(question)) == (["Paris", "London"], ["A"])


def test_deeper_list_items_continue_the_choice_above() -> None:
    result = extract(
        item("Water?", "1."),
        item("H2O", "a)", level=1),
        item("CO2", "b)", level=1),
        item("a gas", "(i)", level=2),
        para("Answer: A"),
    )
    (question,) = result.questions
    assert labels(question) == ["A", "B"]
    assert question.choices[1].body_html == "CO2<br>a gas"


def test_a_numbered_choice_list_is_lettered_and_an_answer_may_give_its_number() -> None:
    result = extract(
        heading("Question 1"),
        para("Pick?"),
        item("Paris", "1."),
        item("London", "2."),
        para("Answer: 2"),
        heading("Question 2"),
        para("Again?"),
        item("Paris", "1."),
        item("London", "2."),
        para("Answer: A"),
    )
    assert [labels(q) for q in result.questions] == [["A", "B"], ["A", "B"]]
    assert [correct(q) for q in result.questions] == [["B"], ["A"]]


def test_typed_numbered_choices_under_a_question_heading_are_choices_not_questions() -> None:
    result = extract(
        heading("Question 1"),
        para("Pick?"),
        para("1) Paris"),
        para("2) London"),
        para("Answer: 1"),
        heading("Question 2"),
        para("Free?"),
    )
    assert [q.number for q in result.questions] == [1, 2]
    assert bodies(result.questions[0]) == ["Paris", "London"]
    assert correct(result.questions[0]) == ["A"]


def test_a_feedback_line_right_after_a_choice_is_that_choice_feedback() -> None:
    result = extract(
        para("1. Pick?"),
        para("A) Paris"),
        para(
            "Feedback: <em>Right</em>, it is the capital.",
            "Feedback: <em>Right</em>, it is the capital.",
        ),
        para("B) London"),
        para("Feedback: No."),
        para("Answer: A"),
    )
    (question,) = result.questions
    assert [c.feedback for c in question.choices] == ["<em>Right</em>, it is the capital.", "No."]
    assert not result.warnings


def test_label_and_mark_prefixes_are_cut_from_the_html_too() -> None:
    result = extract(
        para("1. Pick?"),
        para("A) Paris", "<strong>A)</strong> <em>Paris</em>"),
        para("B) London ✓", "<u>B) London</u> ✓"),
        para("C) a<b", "C) a&lt;b"),
    )
    (question,) = result.questions
    assert [c.body_html for c in question.choices] == ["<em>Paris</em>", "<u>London</u>", "a&lt;b"]
    assert bodies(question) == ["Paris", "London", "a<b"]
    assert correct(question) == ["B"]


# -- correct answers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Answer: B", ["B"]),
        ("Correct: b", ["B"]),
        ("Correct answer: A, C", ["A", "C"]),
        ("Answers: A and C", ["A", "C"]),
        ("Answer - (c)", ["C"]),
        ("Answer: B. London", ["B"]),
    ],
)
def test_an_answer_line_names_the_correct_choices(line: str, expected: list[str]) -> None:
    result = extract(
        para("1. Pick?"), para("A) Paris"), para("B) London"), para("C) Lyon"), para(line)
    )
    (question,) = result.questions
    assert correct(question) == expected
    assert question.multi_select is (len(expected) > 1)
    assert not result.warnings


def test_an_answer_written_out_as_the_choice_text_finds_the_choice() -> None:
    result = extract(
        para("1. True or false?"), para("a) True"), para("b) False"), para("Answer: false")
    )
    assert correct(result.questions[0]) == ["B"]


def test_a_bold_choice_is_correct_and_loses_its_bold() -> None:
    result = extract(
        para("1. Pick?"),
        para("A) Paris", "<strong>A) Paris</strong>", bold=True),
        para("B) London", "B) <b>London</b>"),
        para("C) Rome"),
    )
    (question,) = result.questions
    assert correct(question) == ["A", "B"]
    assert [c.body_html for c in question.choices] == ["Paris", "London", "Rome"]
    assert question.multi_select is True


def test_choices_that_are_all_bold_are_styled_not_marked() -> None:
    result = extract(
        para("1. Pick?"),
        para("A) Paris", "<strong>A) Paris</strong>", bold=True),
        para("B) London", "<strong>B) London</strong>", bold=True),
        para("Answer: B"),
    )
    (question,) = result.questions
    assert correct(question) == ["B"]
    assert question.choices[0].body_html == "<strong>Paris</strong>"


@pytest.mark.parametrize(
    "marked", ["C) Rome ✓", "✔ C) Rome", "C) ☑ Rome", "*C) Rome", "C) Rome *", "C) *Rome"]
)
def test_a_check_mark_or_asterisk_marks_the_correct_choice_and_is_stripped(marked: str) -> None:
    result = extract(para("1. Pick?"), para("A) Paris"), para("B) Lyon"), para(marked))
    (question,) = result.questions
    assert correct(question) == ["C"]
    assert question.choices[2].body_html == "Rome"


def test_marks_on_bulleted_choices_count_too() -> None:
    result = extract(
        para("1. Pick?"), item("Paris ✓", bulleted=True), item("London", bulleted=True)
    )
    (question,) = result.questions
    assert (correct(question), bodies(question)) == (["A"], ["Paris", "London"])


def test_an_answer_key_list_at_the_end_gives_the_answers() -> None:
    result = extract(
        para("1. One?"),
        para("A) x"),
        para("B) y"),
        para("2. Two?"),
        para("A) x"),
        para("B) y"),
        para("C) z"),
        para("3. Three?"),
        *(para(f"{letter}) {letter.lower()}") for letter in "ABCD"),
        heading("Answer key"),
        item("B", "1."),
        para("2) A, C"),
        para("3 - d"),
    )
    assert [correct(q) for q in result.questions] == [["B"], ["A", "C"], ["D"]]
    assert not result.warnings
    assert not result.orphans


def test_an_answer_key_table_gives_answers_and_explanations() -> None:
    result = extract(
        para("1. One?"),
        para("A) x"),
        para("B) y"),
        para("2. Two?"),
        para("A) x"),
        para("B) y"),
        para("Answers"),
        row("Question", "Answer", "Explanation"),
        row("1", "b", "Because y."),
        row("2", "A"),
    )
    assert [correct(q) for q in result.questions] == [["B"], ["A"]]
    assert [q.explanation for q in result.questions] == ["<p>Because y.</p>", None]
    assert not result.warnings


def test_answer_key_list_entries_may_add_an_explanation_unless_they_restate_the_choice() -> None:
    result = extract(
        para("1. One?"),
        para("A) x"),
        para("B) y"),
        para("2. Two?"),
        para("A) x"),
        para("B) y"),
        heading("Answer key"),
        para("1. B - because y is bigger"),
        para("2. A. x"),
    )
    assert [q.explanation for q in result.questions] == ["<p>because y is bigger</p>", None]
    assert [correct(q) for q in result.questions] == [["B"], ["A"]]


def test_an_answer_followed_by_a_parenthesis_is_not_read_as_more_labels() -> None:
    result = extract(
        para("1. Water?"), para("A) H₂O"), para("B) CO₂"), row("#", "Answer"), row("1", "a (H₂O)")
    )
    assert correct(result.questions[0]) == ["A"]
    assert not result.warnings


def test_a_table_with_question_and_answer_columns_is_a_key_without_a_heading() -> None:
    result = extract(para("1. One?"), para("A) x"), para("B) y"), row("Q", "Answer"), row("1", "A"))
    assert correct(result.questions[0]) == ["A"]
    assert not result.orphans


# -- explanations, context, free text --------------------------------------------------------


@pytest.mark.parametrize("word", ["Explanation", "Rationale", "Why"])
def test_explanation_lines_run_until_the_next_question(word: str) -> None:
    result = extract(
        para("1. Pick?"),
        *CAPITAL,
        para(f"{word}: Paris is the capital."),
        para("London is in England."),
        item("a detail", bulleted=True),
        para("2. Next?"),
        *CAPITAL,
    )
    first, second = result.questions
    assert first.explanation == (
        "<p>Paris is the capital.</p><p>London is in England.</p><ul><li>a detail</li></ul>"
    )
    assert second.explanation is None


def test_numbered_items_inside_an_explanation_do_not_start_questions() -> None:
    result = extract(
        para("3. Pick?"),
        *CAPITAL,
        para("Explanation: two reasons:"),
        para("1. one"),
        para("2. two"),
    )
    (question,) = result.questions
    assert question.explanation == "<p>two reasons:</p><p>1. one</p><p>2. two</p>"


def test_the_leading_heading_is_the_title_and_what_precedes_the_first_question_the_context() -> (
    None
):
    result = extract(
        heading("Capitals", 1),
        para("Answer every question.", "Answer <em>every</em> question."),
        item("Take your time", bulleted=True),
        para("1. Pick?"),
        *CAPITAL,
        title="capitals.docx",
    )
    assert result.title == "Capitals"
    assert (
        result.context_html
        == "<p>Answer <em>every</em> question.</p><ul><li>Take your time</li></ul>"
    )
    assert result.context_text == "Answer every question.\nTake your time"


def test_without_a_leading_heading_the_document_title_is_kept() -> None:
    assert extract(para("1. Pick?"), *CAPITAL, title="quiz.docx").title == "quiz.docx"


def test_numbered_instructions_in_the_introduction_stay_context() -> None:
    result = extract(
        heading("Quiz", 1),
        item("Read the case.", "1."),
        item("Choose one answer.", "2."),
        para("Q1: Pick?"),
        *CAPITAL,
    )
    assert [q.number for q in result.questions] == [1]
    assert result.context_text == "Read the case.\nChoose one answer."


def test_a_document_of_only_free_text_questions_reads_every_numbered_line_as_one() -> None:
    result = extract(
        heading("Essay", 1), para("1. Describe photosynthesis."), para("2. Explain osmosis.")
    )
    assert [(q.number, q.is_multiple_choice) for q in result.questions] == [(1, False), (2, False)]
    assert result.context_text == ""


def test_warns_when_numbered_lines_before_the_first_question_were_kept_as_context() -> None:
    result = extract(para("1. Describe photosynthesis."), para("2. Which city?"), *CAPITAL)
    assert [q.number for q in result.questions] == [2]
    assert [(w.message, w.source) for w in result.warnings] == [
        (
            "the first question found is number 2; the numbered lines before it were kept as "
            "the introduction",
            "block 2",
        )
    ]


def test_a_question_without_choices_is_free_text_with_its_answer_as_explanation() -> None:
    result = extract(para("1. Describe photosynthesis?"), para("Answer: light becomes sugar"))
    (question,) = result.questions
    assert (question.is_multiple_choice, question.multi_select, question.choices) == (
        False,
        False,
        (),
    )
    assert question.explanation == "<p>Answer: light becomes sugar</p>"
    assert not result.warnings


def test_a_list_in_a_prompt_that_goes_on_after_it_is_not_choices() -> None:
    result = extract(
        para("1. Consider:"),
        item("x", bulleted=True),
        item("y", bulleted=True),
        para("Explain why."),
    )
    (question,) = result.questions
    assert question.is_multiple_choice is False
    assert question.prompt_text == "Consider:\nx\ny\nExplain why."


# -- warnings and orphans --------------------------------------------------------------------


def test_warns_when_no_correct_answer_is_marked() -> None:
    result = extract(para("1. Pick?"), para("A) Paris"), para("B) London"))
    assert result.warnings[0].message == "question 1: no correct answer is marked"
    assert result.warnings[0].source == "block 1"
    assert result.questions[0].warnings == ("question 1: no correct answer is marked",)


def test_repeated_labels_are_relettered_by_position_and_only_the_marked_choice_is_correct() -> None:
    # pt-smartquiz-style typing slips: before, every choice typed "A" was marked correct.
    result = extract(para("1. Pick?"), para("A) Paris ✓"), para("A) London"), para("C) Rome"))
    assert [(w.message, w.source) for w in result.warnings] == [
        (
            "question 1: two choices are labelled A; the choices were lettered A–C by position",
            "block 3",
        )
    ]
    (question,) = result.questions
    assert [(c.label, c.is_correct) for c in question.choices] == [
        ("A", True), ("B", False), ("C", False)
    ]  # fmt: skip


def test_warns_when_an_answer_names_a_label_the_question_lacks() -> None:
    result = extract(para("1. Pick?"), para("A) Paris"), para("B) London"), para("Answer: D"))
    assert [(w.message, w.source) for w in result.warnings] == [
        ("question 1: no correct answer is marked", "block 1"),
        (
            "question 1: the answer names D, which the question does not have (its choices: A, B)",
            "block 4",
        ),
    ]


def test_warns_when_the_answer_key_names_a_label_the_question_lacks() -> None:
    result = extract(
        para("1. Pick?"), para("A) Paris"), para("B) London"), para("Answer key"), para("1. E")
    )
    assert (
        "question 1: the answer names E, which the question does not have (its choices: A, B)",
        "block 5",
    ) in [(w.message, w.source) for w in result.warnings]


def test_warns_about_an_answer_key_entry_for_a_question_that_does_not_exist() -> None:
    result = extract(para("1. Pick?"), *CAPITAL, heading("Answer key"), para("1. A"), para("7. B"))
    assert [(w.message, w.source) for w in result.warnings] == [
        ("the answer key gives an answer for question 7, which does not exist", "block 7")
    ]
    assert result.orphans == ("block 7",)


def test_warns_when_a_marked_answer_conflicts_with_the_key_and_uses_the_key() -> None:
    result = extract(
        para("1. Pick?"), para("A) Paris ✓"), para("B) London"), heading("Answer key"), para("1. B")
    )
    assert correct(result.questions[0]) == ["B"]
    assert [(w.message, w.source) for w in result.warnings] == [
        (
            "question 1: the question marks A but the answer key gives B; the answer key is used",
            "block 5",
        )
    ]


def test_warns_when_an_answer_line_conflicts_with_marked_choices() -> None:
    result = extract(para("1. Pick?"), para("*A) Paris"), para("B) London"), para("Answer: B"))
    assert correct(result.questions[0]) == ["B"]
    assert messages(result) == [
        "question 1: the choices are marked A but the answer line gives B; the answer line is used"
    ]


def test_warns_and_keeps_an_unreadable_answer_line_as_an_orphan() -> None:
    result = extract(
        para("1. Pick?"), para("A) Paris"), para("B) London"), para("Answer: all of them")
    )
    assert "question 1: could not read the answer 'all of them'" in messages(result)
    assert result.orphans == ("block 4",)


def test_text_after_the_choices_is_an_orphan_with_a_warning() -> None:
    result = extract(para("1. Pick?"), *CAPITAL, para("Good luck!"))
    assert [(w.message, w.source) for w in result.warnings] == [
        ("question 1: text after the choices was not used", "block 5")
    ]
    assert result.orphans == ("block 5",)


def test_a_section_heading_between_questions_is_an_orphan() -> None:
    result = extract(para("1. Pick?"), *CAPITAL, heading("Part two"), para("2. Pick?"), *CAPITAL)
    assert [q.number for q in result.questions] == [1, 2]
    assert result.orphans == ("block 5",)


def test_warns_about_a_single_choice_and_an_empty_prompt() -> None:
    result = extract(heading("Question 1"), para("A) Paris"), para("Answer: A"))
    assert messages(result) == [
        "question 1: the prompt is empty",
        "question 1: a multiple-choice question needs at least two choices",
    ]


def test_warns_about_a_feedback_line_far_from_any_choice() -> None:
    result = extract(para("1. Pick?"), para("Feedback: think"), *CAPITAL)
    assert messages(result) == [
        "question 1: a feedback line not right after a choice went to the explanation"
    ]
    assert result.questions[0].explanation == "<p>Feedback: think</p>"


def test_warns_about_two_questions_with_the_same_number() -> None:
    result = extract(para("1. Pick?"), *CAPITAL, para("1. Again?"), *CAPITAL)
    assert [(w.message, w.source) for w in result.warnings] == [
        ("question 1: another question is also numbered 1", "block 5")
    ]


# -- a whole document ------------------------------------------------------------------------


def test_a_mixed_real_looking_document() -> None:
    result = extract(
        heading("Geography check", 1),
        para("This quiz covers Europe.", "This quiz covers <strong>Europe</strong>."),
        para("1. What is the capital of France?"),
        para("A) Paris", "<strong>A)</strong> Paris"),
        para("B) Lyon", "<strong>B)</strong> Lyon"),
        para("Answer: A"),
        para("Explanation: Paris has been the capital since 987."),
        heading("Question 2"),
        para("Which of these are rivers?"),
        item("The Seine", "a)", level=1),
        item("The Alps", "b)", level=1),
        item("The Rhine", "c)", level=1),
        para("Q3. Pick the largest country.", "<strong>Q3.</strong> Pick the largest country."),
        item("Germany", bulleted=True),
        item("France", bulleted=True, bold=True, html="<strong>France</strong>"),
        item("Spain", bulleted=True),
        item("Name a country bordering Spain", "4."),
        heading("Which sea is Venice on?", 3),
        para("(A) The Adriatic"),
        para("Feedback: Yes, on its lagoon."),
        para("(B) The Baltic"),
        para("Feedback: That is far north."),
        heading("Answer key"),
        row("#", "Answer", "Explanation"),
        row("2", "A, C", "The Alps are mountains."),
        row("4", "Portugal"),
        row("5", "a"),
    )
    assert result.title == "Geography check"
    assert result.context_html == "<p>This quiz covers <strong>Europe</strong>.</p>"
    q1, q2, q3, q4, q5 = result.questions
    assert [q.number for q in result.questions] == [1, 2, 3, 4, 5]
    assert (bodies(q1), correct(q1)) == (["Paris", "Lyon"], ["A"])
    assert [c.body_html for c in q1.choices] == ["Paris", "Lyon"]
    assert q1.explanation == "<p>Paris has been the capital since 987.</p>"
    assert (q2.prompt_text, correct(q2), q2.multi_select) == (
        "Which of these are rivers?",
        ["A", "C"],
        True,
    )
    assert q2.explanation == "<p>The Alps are mountains.</p>"
    assert q3.prompt_html == "<p>Pick the largest country.</p>"
    assert (bodies(q3), correct(q3)) == (["Germany", "France", "Spain"], ["B"])
    assert q3.choices[1].body_html == "France"
    assert (q4.is_multiple_choice, q4.explanation) == (False, "<p>Answer: Portugal</p>")
    assert (q5.prompt_text, correct(q5)) == ("Which sea is Venice on?", ["A"])
    assert [c.feedback for c in q5.choices] == ["Yes, on its lagoon.", "That is far north."]
    assert not result.warnings
    assert not result.orphans
    for question in result.questions:
        checked = check_question(_as_input(question))
        assert checked.multi_select is question.multi_select


def _as_input(question: ExtractedQuestion) -> QuestionInput:
    return QuestionInput(
        prompt_html=question.prompt_html,
        choices=tuple(
            ChoiceInput(c.body_html, c.is_correct, c.label, c.feedback) for c in question.choices
        ),
        is_multiple_choice=question.is_multiple_choice,
        explanation=question.explanation,
    )


# -- properties ------------------------------------------------------------------------------

_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
_PHRASES = st.lists(_WORDS, min_size=1, max_size=6).map(" ".join)
_PUNCTUATED = st.builds(
    lambda phrase, mark: phrase + mark, _PHRASES, st.sampled_from(["", "?", ".", " & co", " <b>"])
)


@dataclass(frozen=True)
class _Generated:
    prompt: str
    choices: tuple[str, ...]
    correct: frozenset[int]
    feedback: tuple[str | None, ...]
    explanation: str | None
    bold_labels: bool


@st.composite
def _questions(draw: st.DrawFn) -> _Generated:
    choices = tuple(draw(st.lists(_PUNCTUATED, min_size=2, max_size=6)))
    count = len(choices)
    chosen = draw(st.sets(st.integers(0, count - 1), min_size=1))
    feedback = tuple(draw(st.lists(st.none() | _PUNCTUATED, min_size=count, max_size=count)))
    return _Generated(
        draw(_PUNCTUATED),
        choices,
        frozenset(chosen),
        feedback,
        draw(st.none() | _PUNCTUATED),
        draw(st.booleans()),
    )


def _render(questions: list[_Generated]) -> list[Block]:
    blocks: list[Block] = []
    for number, question in enumerate(questions, 1):
        blocks.append(para(f"{number}. {question.prompt}"))
        for index, (body, feedback) in enumerate(
            zip(question.choices, question.feedback, strict=True)
        ):
            letter = "ABCDEF"[index]
            label = f"<strong>{letter})</strong>" if question.bold_labels else f"{letter})"
            blocks.append(para(f"{letter}) {body}", f"{label} {escape(body)}"))
            if feedback is not None:
                blocks.append(para(f"Feedback: {feedback}"))
        answer = ", ".join("ABCDEF"[index] for index in sorted(question.correct))
        blocks.append(para(f"Answer: {answer}"))
        if question.explanation is not None:
            blocks.append(para(f"Explanation: {question.explanation}"))
    return blocks


@settings(max_examples=150, deadline=None)
@given(st.lists(_questions(), min_size=1, max_size=5))
def test_a_canonical_text_layout_round_trips(questions: list[_Generated]) -> None:
    result = extract(*_render(questions))
    assert not result.warnings
    assert not result.orphans
    assert len(result.questions) == len(questions)
    for number, (got, want) in enumerate(zip(result.questions, questions, strict=True), 1):
        assert got.number == number
        assert got.prompt_text == want.prompt
        assert bodies(got) == list(want.choices)
        assert [c.body_html for c in got.choices] == [escape(body) for body in want.choices]
        assert labels(got) == list("ABCDEF"[: len(want.choices)])
        assert correct(got) == ["ABCDEF"[index] for index in sorted(want.correct)]
        assert got.multi_select is (len(want.correct) > 1)
        assert [c.feedback for c in got.choices] == [
            None if text is None else escape(text) for text in want.feedback
        ]
        assert got.explanation == (
            None if want.explanation is None else f"<p>{escape(want.explanation)}</p>"
        )


_ANY_TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "1. Q?",
            "A) x",
            "Answer: B",
            "Answer key",
            "Q2:",
            "Explanation:",
            "Feedback: f",
            "*",
            "✓ b)",
        ]
    ),
)
_ANY_BLOCK = st.builds(
    Block,
    kind=st.sampled_from(["heading", "paragraph", "list_item", "table_row"]),
    text=_ANY_TEXT,
    html=st.one_of(
        _ANY_TEXT, st.sampled_from(["<strong>A)</strong>", "<b>", "&amp", "<", "<img src=x>"])
    ),
    source=st.sampled_from(["s1", "s2", "s3"]),
    level=st.integers(-1, 7),
    list_kind=st.sampled_from([None, "numbered", "bulleted"]),
    list_label=st.one_of(
        st.none(), st.sampled_from(["1.", "2)", "a.", "b)", "•", "iv.", "(3)", ""])
    ),
    all_bold=st.booleans(),
    cells=st.lists(_ANY_TEXT, max_size=3).map(tuple),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ANY_BLOCK, max_size=25), st.none() | st.text(max_size=5))
def test_extraction_never_raises_for_arbitrary_blocks(
    blocks: list[Block], title: str | None
) -> None:
    result = extract_questions(NormalizedDocument(title, tuple(blocks)))
    for question in result.questions:
        assert question.is_multiple_choice is bool(question.choices)
        assert question.multi_select is (sum(c.is_correct for c in question.choices) > 1)
        assert all(c.label == c.label.upper() for c in question.choices)
