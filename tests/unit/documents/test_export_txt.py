import re

from quizflow.documents.export_model import (
    ExportBank,
    ExportChoice,
    ExportQuestion,
    ExportScenario,
)
from quizflow.documents.exporters import txt
from quizflow.documents.exporters.txt import export_txt

SINGLE = ExportQuestion(
    number=1,
    prompt_text="Which café is open?\nIt must serve 中文 menus.",
    choices=(
        ExportChoice("A", "The one in Zürich", False, "Closed on Mondays."),
        ExportChoice("B", "The one in Köln ✓ →", True, "Right: it opens at 8."),
        ExportChoice("C", "Neither", False),
    ),
    explanation_text="Köln opens daily.\nZürich does not.",
)
MULTI = ExportQuestion(
    number=2,
    prompt_text="Pick every German letter.",
    choices=(
        ExportChoice("A", "ß", True),
        ExportChoice("B", "ñ", False),
        ExportChoice("C", "ü", True),
    ),
    explanation_text="ñ is Spanish.",
    multi_select=True,
)
FREE = ExportQuestion(
    number=3,
    prompt_text="Describe the procedure in your own words.",
    explanation_text="Any answer naming both steps is fine.",
    is_multiple_choice=False,
)
SCENARIO = ExportScenario(
    title="Café 日本語",
    context_text="You run a café.\nCustomers speak many languages.",
    questions=(SINGLE, MULTI, FREE),
    version=3,
)
SECRETS = (
    "Answer:",
    "Explanation:",
    "Feedback:",
    "Köln opens daily",
    "Closed on Mondays",
    "Right: it opens at 8",
    "ñ is Spanish",
    "Any answer naming",
)


def render(document: ExportScenario | ExportBank, *, with_answers: bool) -> str:
    return "".join(export_txt(document, with_answers=with_answers))


def parse(text: str) -> list[dict[str, object]]:
    """A human-style reader of the layout: numbered questions, lettered choices, key lines."""
    questions: list[dict[str, object]] = []
    field = ""
    for line in text.splitlines():
        if m := re.match(r"^(\d+)\. (.*)$", line):
            questions.append({"prompt": [m[2]], "choices": {}, "answer": (), "why": []})
            field = "prompt"
        elif not questions:
            continue
        elif m := re.match(r"^([A-Z])\) (.*)$", line):
            questions[-1]["choices"][m[1]] = m[2]  # type: ignore[index]
            field = "choice"
        elif m := re.match(r"^Answer: (.*)$", line):
            questions[-1]["answer"] = tuple(m[1].split(", "))
        elif m := re.match(r"^Explanation: (.*)$", line):
            questions[-1]["why"] = [m[1]]
            field = "why"
        elif line.startswith("   ") and field in {"prompt", "why"}:
            questions[-1][field].append(line.strip())  # type: ignore[attr-defined]
    return questions


def test_with_answers_reads_back_as_the_same_questions_choices_and_key() -> None:
    parsed = parse(render(SCENARIO, with_answers=True))

    assert len(parsed) == 3
    for question, read in zip(SCENARIO.questions, parsed, strict=True):
        assert "\n".join(read["prompt"]) == question.prompt_text  # type: ignore[arg-type]
        assert read["choices"] == {c.label: c.text for c in question.choices}
        assert read["answer"] == question.correct_labels
        assert "\n".join(read["why"]) == question.explanation_text  # type: ignore[arg-type]


def test_with_answers_shows_the_key_explanations_and_feedback_in_the_documented_layout() -> None:
    text = render(SCENARIO, with_answers=True)

    assert text.startswith("Café 日本語\n===========\nVersion 3\n\nYou run a café.\n")
    assert (
        "1. Which café is open?\n"
        "   It must serve 中文 menus.\n"
        "A) The one in Zürich\n"
        "   Feedback: Closed on Mondays.\n"
        "B) The one in Köln ✓ →\n"
        "   Feedback: Right: it opens at 8.\n"
        "C) Neither\n"
        "Answer: B\n"
        "Explanation: Köln opens daily.\n"
        "             Zürich does not.\n"
    ) in text
    assert "Answer: A, C\nExplanation: ñ is Spanish.\n" in text


def test_without_answers_nothing_tells_which_choice_is_correct() -> None:
    text = render(SCENARIO, with_answers=False)

    for secret in SECRETS:
        assert secret not in text
    assert text.count("✓") == 1  # choice B's own text, no marker
    assert "B) The one in Köln ✓ →\n" in text
    assert "C) Neither" in text


def test_without_answers_the_learner_is_told_how_to_answer() -> None:
    text = render(SCENARIO, with_answers=False)

    assert "2. Pick every German letter.\n   (Select all that apply.)\nA) ß\n" in text
    assert "3. Describe the procedure in your own words.\n   (Answer in your own words.)\n" in text


def test_a_free_text_question_has_no_choices_and_no_answer_line() -> None:
    text = render(ExportScenario("Essay", "", (FREE,)), with_answers=True)

    assert text.endswith(
        "\n3. Describe the procedure in your own words.\n"
        "Explanation: Any answer naming both steps is fine.\n"
    )
    assert "Answer:" not in text
    assert not re.search(r"^[A-Z]\) ", text, re.MULTILINE)


def test_questions_and_choices_keep_the_order_they_are_given_in() -> None:
    shuffled = ExportScenario(
        "Order",
        "",
        tuple(
            ExportQuestion(
                n, f"Question {n}", (ExportChoice("C", "c", False), ExportChoice("A", "a", True))
            )
            for n in (1, 2, 3, 4, 5)
        ),
    )

    text = render(shuffled, with_answers=False)

    numbers = [int(m) for m in re.findall(r"^(\d+)\. ", text, re.MULTILINE)]
    assert numbers == [1, 2, 3, 4, 5]
    assert text.count("C) c\nA) a\n") == 5


def test_a_bank_puts_each_scenario_under_its_title_numbered_from_one() -> None:
    bank = ExportBank("All", (SCENARIO, ExportScenario("Second", "", (SINGLE,), None)))

    text = render(bank, with_answers=True)

    assert text.startswith("All\n===\n\nCafé 日本語\n-----------\nVersion 3\n")
    assert "\nSecond\n------\n\n1. Which café is open?" in text
    assert [len(q["choices"]) for q in parse(text)] == [3, 3, 0, 3]  # type: ignore[arg-type]


def test_a_large_scenario_comes_in_several_chunks_that_join_to_the_whole(monkeypatch) -> None:
    many = ExportScenario(
        "Many", "", tuple(ExportQuestion(n, f"Q {n}", SINGLE.choices) for n in range(1, 301))
    )

    chunks = list(export_txt(many, with_answers=True))

    assert len(chunks) > 1
    assert all(len(chunk) < txt.CHUNK_CHARS + 200 for chunk in chunks)
    assert len(parse("".join(chunks))) == 300
