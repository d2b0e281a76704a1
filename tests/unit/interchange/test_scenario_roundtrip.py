"""quizflow → format → quizflow on generated scenarios: what each format can hold comes back
as the questions an import would create (checked and sanitised as they would be saved)."""

from __future__ import annotations

import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

from quizflow.documents.sanitize import html_to_text, sanitize_html
from quizflow.flow.conditions import (
    AnswerHas,
    AnswerIs,
    AnswerIsNot,
    AnswerSetIs,
    Correctness,
    format_condition,
)
from quizflow.interchange.formats import read_bank, write_bank
from quizflow.interchange.model import letter
from quizflow.services.content import ChoiceContent, LinkContent, QuestionContent, ScenarioContent
from quizflow.services.interchange import plan_import
from quizflow.services.interchange_export import scenario_to_bank
from tests.unit.interchange.strategies import INLINE, TITLE, WORDS

# What the studio stores: sanitised HTML with some text in it.
HTML = st.tuples(WORDS, INLINE).map(lambda t: sanitize_html(f"<p>{t[0]} {t[1]}</p>"))


def _id() -> uuid.UUID:
    return uuid.uuid4()


@st.composite
def scenarios(draw: st.DrawFn, branching: bool) -> ScenarioContent:
    ids = [_id() for _ in range(draw(st.integers(1, 5)))]
    questions = []
    for index, qid in enumerate(ids):
        kind = draw(st.sampled_from(["single", "multi", "text"]))
        choices: list[ChoiceContent] = []
        if kind != "text":
            count = draw(st.integers(2, 5))
            right = draw(
                st.sets(
                    st.integers(0, count - 1), min_size=1, max_size=1 if kind == "single" else count
                )
            )
            choices = [
                ChoiceContent(_id(), letter(i), draw(HTML), i in right, draw(st.none() | HTML), i)
                for i in range(count)
            ]
        following = ids[index + 1] if index + 1 < len(ids) else None
        links = [LinkContent(_id(), qid, following, "default", 0)] if following else []
        if branching and kind != "text" and draw(st.booleans()):
            labels = [c.label for c in choices]
            atoms = [st.sampled_from(labels).map(AnswerIs), st.builds(Correctness, st.booleans())]
            if kind == "single":
                atoms.append(st.sampled_from(labels).map(AnswerIsNot))
            else:
                atoms.append(st.sampled_from(labels).map(AnswerHas))
                some = st.lists(st.sampled_from(labels), min_size=2, unique=True).map(frozenset)
                atoms.append(some.map(AnswerSetIs))
            target = draw(st.sampled_from([*ids[index + 1 :], None]))
            condition = format_condition(draw(st.one_of(atoms)))
            links = [LinkContent(_id(), qid, target, condition, 0)]
            links.append(
                LinkContent(
                    _id(), qid, draw(st.sampled_from([*ids[index + 1 :], None])), "default", 1
                )
            )
        prompt = draw(HTML)
        questions.append(
            QuestionContent(
                id=qid, position=index, prompt_html=prompt, prompt_text=html_to_text(prompt),
                is_multiple_choice=kind != "text", multi_select=kind == "multi",
                explanation=draw(st.none() | HTML), points=draw(st.integers(0, 20)),
                origin_id=None, choices=tuple(choices), links=tuple(links),
            )
        )  # fmt: skip
    return ScenarioContent(
        scenario_id=_id(), owner_id=_id(), version_id=None, version_number=None,
        title=draw(TITLE), context_html="", context_text="", first_question_id=ids[0],
        questions=tuple(questions),
    )  # fmt: skip


def _shape(content: ScenarioContent, *, feedback: bool, points: bool) -> list[tuple[object, ...]]:
    return [
        (
            q.prompt_html,
            q.is_multiple_choice,
            q.multi_select,
            q.explanation if feedback else None,
            q.points if points else 1,
            tuple(
                (c.label, c.body, c.is_correct, c.feedback if feedback else None) for c in q.choices
            ),
        )
        for q in content.questions
    ]


def _back(content: ScenarioContent, file_format: str) -> list[tuple[object, ...]]:
    bank = scenario_to_bank(content)
    from quizflow.interchange.model import Bank

    written = write_bank(Bank((bank,)), file_format)  # type: ignore[arg-type]
    plan = plan_import(read_bank(written.data, filename="x", file_format=file_format), file_format)  # type: ignore[arg-type]
    [scenario] = plan.scenarios
    return [
        (
            q.checked.prompt_html,
            q.checked.is_multiple_choice,
            q.checked.multi_select,
            q.checked.explanation,
            q.checked.points,
            tuple((c.label, c.body, c.is_correct, c.feedback) for c in q.checked.choices),
        )
        for q in scenario.questions
    ]


@settings(max_examples=60, deadline=None)
@given(scenarios(branching=False))
def test_gift_keeps_questions_choices_answers_and_feedback(content: ScenarioContent) -> None:
    assert _back(content, "gift") == _shape(content, feedback=True, points=False)


@settings(max_examples=60, deadline=None)
@given(scenarios(branching=False))
def test_moodle_xml_keeps_points_too(content: ScenarioContent) -> None:
    assert _back(content, "moodle-xml") == _shape(content, feedback=True, points=True)


@settings(max_examples=60, deadline=None)
@given(scenarios(branching=True))
def test_qti_keeps_points_and_the_links(content: ScenarioContent) -> None:
    assert _back(content, "qti3") == _shape(content, feedback=True, points=True)
    bank = scenario_to_bank(content)
    from quizflow.interchange.model import Bank

    read = read_bank(write_bank(Bank((bank,)), "qti3").data, filename="x.zip")
    assert [q.rules for q in read.questions] == [q.rules for q in bank.questions]


@settings(max_examples=60, deadline=None)
@given(scenarios(branching=False))
def test_aiken_keeps_the_text_of_single_answer_questions(content: ScenarioContent) -> None:
    singles = [
        q
        for q in content.questions
        if q.is_multiple_choice and not q.multi_select and len(q.prompt_text.strip()) >= 2
    ]
    bank = scenario_to_bank(content)
    from quizflow.interchange.model import Bank

    read = read_bank(write_bank(Bank((bank,)), "aiken").data, filename="x.txt", file_format="aiken")
    assert [
        (
            html_to_text(q.prompt_html),
            [(html_to_text(c.body_html), c.is_correct) for c in q.choices],
        )
        for q in read.questions
    ] == [
        (
            " ".join(q.prompt_text.split()),
            [(" ".join(html_to_text(c.body).split()), c.is_correct) for c in q.choices],
        )
        for q in singles
    ]
