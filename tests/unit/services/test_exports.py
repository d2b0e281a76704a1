"""The export builders: the services' content and attempts as the exporters' plain data."""

import uuid
from datetime import UTC, datetime

from quizflow.documents.export_model import (
    AttemptItem,
    ExportChoice,
    ExportQuestion,
    ReportChoice,
)
from quizflow.services.answers import AnswerResult, ChosenView
from quizflow.services.attempts import AttemptState, QuestionView
from quizflow.services.content import ChoiceContent, QuestionContent, ScenarioContent
from quizflow.services.exports import attempt_for_export, scenario_for_export


def test_scenario_for_export_numbers_questions_and_turns_html_into_text() -> None:
    question_id = uuid.uuid4()
    content = ScenarioContent(
        scenario_id=uuid.uuid4(),
        owner_id=uuid.uuid4(),
        version_id=uuid.uuid4(),
        version_number=2,
        title="Café",
        context_html="<p>Context</p>",
        context_text="Context",
        first_question_id=question_id,
        questions=(
            QuestionContent(
                id=question_id,
                position=0,
                prompt_html="<p>Pick <b>one</b></p>",
                prompt_text="Pick one",
                is_multiple_choice=True,
                multi_select=False,
                explanation="<p>Because <em>B</em>.</p>",
                points=2,
                origin_id=None,
                choices=(
                    ChoiceContent(uuid.uuid4(), "A", "<p>Zürich</p>", False, None, 0),
                    ChoiceContent(uuid.uuid4(), "B", "<p>中文 &amp; ✓</p>", True, "<p>Yes!</p>", 1),
                ),
                links=(),
            ),
        ),
    )

    scenario = scenario_for_export(content)

    assert scenario.title == "Café"
    assert scenario.version == 2
    assert scenario.questions == (
        ExportQuestion(
            number=1,
            prompt_text="Pick one",
            choices=(
                ExportChoice("A", "Zürich", False, None),
                ExportChoice("B", "中文 & ✓", True, "Yes!"),
            ),
            explanation_text="Because B.",
            is_multiple_choice=True,
            multi_select=False,
            points=2,
        ),
    )


def test_attempt_for_export_follows_the_history_and_ends_the_path_at_the_current_question() -> None:
    ids = [uuid.uuid4() for _ in range(3)]
    choice = ChoiceContent(uuid.uuid4(), "A", "<p>Yes <b>ü</b></p>", True, None, 0)
    questions = tuple(
        QuestionContent(
            id=ids[n],
            position=n,
            prompt_html=f"<p>Q{n}</p>",
            prompt_text=f"Prompt {n}",
            is_multiple_choice=n != 1,
            multi_select=False,
            explanation="<p>Because.</p>" if n == 0 else None,
            points=3,
            origin_id=None,
            choices=(choice,) if n != 1 else (),
            links=(),
        )
        for n in range(3)
    )
    content = ScenarioContent(
        uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), 4, "Title", "", "", ids[0], questions
    )
    now = datetime(2025, 3, 1, tzinfo=UTC)

    def answer(question: int, **kwargs: object) -> AnswerResult:
        base: dict[str, object] = dict(
            answer_id=uuid.uuid4(), attempt_id=uuid.uuid4(), question_id=ids[question],
            question_number=question + 1,
            is_correct=None, score_awarded=0, total_score=0, chosen=(), correct_labels=(),
            text=None, explanation=questions[question].explanation, next_question=None,
            completed=False, created_at=now,
        )  # fmt: skip
        return AnswerResult(**{**base, **kwargs})  # type: ignore[arg-type]

    history = [
        answer(
            0,
            is_correct=True,
            score_awarded=3,
            chosen=(ChosenView("A", "<p>Yes <b>ü</b></p>", True, None),),
            correct_labels=("A",),
        ),
        answer(1, text="my words"),
    ]
    current = QuestionView(ids[2], 3, 3, "", "Prompt 2", True, False, 3, ())
    state = AttemptState(
        uuid.uuid4(), uuid.uuid4(), 4, "Title", "", "", 2, "in_progress", 3, now, now, None, current
    )

    report = attempt_for_export(state=state, content=content, history=history, learner="zoe")

    assert report.path == (1, 2, 3)
    assert report.max_score == 3  # the written answer is not graded
    assert (report.score, report.version, report.attempt, report.status) == (3, 4, 2, "in_progress")
    assert report.items[0] == AttemptItem(
        1, "Prompt 0", (ReportChoice("A", "Yes ü"),), None, True, 3, ("A",), "Because."
    )
    assert report.items[1] == AttemptItem(2, "Prompt 1", (), "my words", None, 0, (), None)
