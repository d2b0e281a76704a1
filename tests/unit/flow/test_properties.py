"""Properties of the engine over random conditions and random flows."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
    Expr,
    Not,
    Or,
    ScoreCompare,
    TextContains,
    TextMatches,
    evaluate,
    format_condition,
    parse_condition,
)
from quizflow.flow.model import Choice, Flow, Link, Question, Response, grade
from quizflow.flow.resolver import replay, resolve_next
from quizflow.flow.validation import validate_flow

LABELS = "ABCD"

labels = st.from_regex(r"[A-Z0-9]{1,3}", fullmatch=True)
small_labels = st.sampled_from(LABELS)
patterns = st.one_of(
    st.sampled_from([r"^\d+$", "colou?r", "(yes|no)", r"\bcat\b", "[a-z]{2,}", "(ab)+c", "x*"]),
    st.text(max_size=12).map(re.escape),
)


def leaves(label: st.SearchStrategy[str]) -> st.SearchStrategy[Expr]:
    label_sets = st.frozensets(label, min_size=1, max_size=3)
    return st.one_of(
        st.builds(AnswerIs, label),
        st.builds(AnswerIsNot, label),
        st.builds(AnswerIn, label_sets),
        st.builds(AnswerSetIs, label_sets),
        st.builds(AnswerHas, label),
        st.builds(Correctness, st.booleans()),
        st.builds(ScoreCompare, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]),
                  st.integers(0, 10**9)),
        st.builds(TextContains, st.text(max_size=12)),
        st.builds(TextMatches, patterns),
    )  # fmt: skip


def conditions(label: st.SearchStrategy[str] = labels) -> st.SearchStrategy[Condition]:
    expressions = st.recursive(
        leaves(label),
        lambda inner: st.one_of(
            st.builds(And, inner, inner), st.builds(Or, inner, inner), st.builds(Not, inner)
        ),
        max_leaves=8,
    )
    return st.one_of(st.just(Default()), expressions)


responses = st.one_of(
    st.builds(Response, st.frozensets(st.text(max_size=3), max_size=4)),
    st.builds(Response, st.just(frozenset()), st.text(max_size=30)),
    st.builds(Response, st.frozensets(small_labels, max_size=4), st.none() | st.text(max_size=5)),
)


@given(conditions())
def test_formatting_then_parsing_gives_back_the_same_condition(condition: Condition) -> None:
    assert parse_condition(format_condition(condition)) == condition


@given(conditions(), responses, st.sampled_from([True, False, None]), st.integers())
def test_evaluation_never_raises_and_returns_a_bool(
    condition: Condition, response: Response, is_correct: bool | None, score: int
) -> None:
    result = evaluate(condition, response=response, is_correct=is_correct, score=score)
    assert isinstance(result, bool)


@given(conditions(), responses, st.sampled_from([True, False, None]), st.integers(-5, 5))
def test_not_negates_every_condition(
    condition: Condition, response: Response, is_correct: bool | None, score: int
) -> None:
    if isinstance(condition, Default):
        return
    plain = evaluate(condition, response=response, is_correct=is_correct, score=score)
    negated = evaluate(Not(condition), response=response, is_correct=is_correct, score=score)
    assert negated is not plain


@st.composite
def flows(draw: st.DrawFn) -> Flow:
    count = draw(st.integers(1, 5))
    ids = [f"q{i}" for i in range(count)]
    questions = []
    for qid in ids:
        is_mcq = draw(st.booleans())
        size = draw(st.integers(2, 4)) if is_mcq else 0
        correct = draw(st.lists(st.booleans(), min_size=size, max_size=size))
        choices = tuple(Choice(f"{qid}{x}", x, ok) for x, ok in zip(LABELS, correct, strict=False))
        multi = is_mcq and draw(st.booleans())
        questions.append(Question(qid, is_mcq, multi, draw(st.integers(0, 3)), choices))
    link_list = draw(
        st.lists(
            st.builds(
                lambda source, target, condition, priority: (source, target, condition, priority),
                st.sampled_from(ids),
                st.none() | st.sampled_from(ids),
                conditions(small_labels).map(format_condition),
                st.integers(0, 3),
            ),
            max_size=10,
        )
    )
    links = tuple(Link(f"l{i}", *fields) for i, fields in enumerate(link_list))
    return Flow(draw(st.sampled_from(ids)), tuple(questions), links)


@given(flows(), st.data())
def test_resolve_next_returns_a_question_of_the_flow_or_the_end(
    flow: Flow, data: st.DataObject
) -> None:
    question = data.draw(st.sampled_from(flow.questions))
    response = data.draw(responses)
    outcome = grade(question, response)
    score = data.draw(st.integers(0, 20))
    target = resolve_next(
        flow, question.id, response=response, is_correct=outcome.is_correct, score=score
    )
    assert target is None or target in flow.by_id


def valid_response(question: Question, data: st.DataObject) -> Response:
    if not question.is_multiple_choice:
        return Response(text=data.draw(st.text(min_size=1, max_size=10).filter(str.strip)))
    options = sorted(question.labels)
    if question.multi_select:
        return Response(frozenset(data.draw(st.sets(st.sampled_from(options), min_size=1))))
    return Response(frozenset({data.draw(st.sampled_from(options))}))


@given(flows(), st.data())
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_replaying_a_walk_reaches_where_the_walk_ended(flow: Flow, data: st.DataObject) -> None:
    current, score, answers = flow.first_question_id, 0, []
    for _ in range(data.draw(st.integers(0, 6))):
        if current is None:
            break
        question = flow.question(current)
        response = valid_response(question, data)
        outcome = grade(question, response)
        score += outcome.score
        answers.append((current, response))
        current = resolve_next(
            flow, current, response=response, is_correct=outcome.is_correct, score=score
        )
    assert replay(flow, answers) == (current, score)


@given(flows())
def test_validation_never_raises_and_names_known_questions(flow: Flow) -> None:
    for issue in validate_flow(flow):
        assert issue.question_id is None or issue.question_id in flow.by_id
        assert issue.message.endswith(".")


@given(flows(), st.data())
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_a_question_without_a_coverage_warning_has_a_link_for_every_answer(
    flow: Flow, data: st.DataObject
) -> None:
    warned = {i.question_id for i in validate_flow(flow) if i.code == "uncovered_answers"}
    question = data.draw(st.sampled_from(flow.questions))
    links = flow.links_from(question.id)
    if question.id in warned or not links or not question.is_multiple_choice:
        return
    response = valid_response(question, data)
    outcome = grade(question, response)
    score = outcome.score + data.draw(st.integers(0, 30))
    assert any(
        evaluate(parse_condition(link.condition), response=response,
                 is_correct=outcome.is_correct, score=score)
        for link in links
    )  # fmt: skip
