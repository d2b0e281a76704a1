import pytest

from quizflow.errors import InvalidAnswerError, InvalidFlowError
from quizflow.flow import conditions
from quizflow.flow.model import Choice, Flow, Link, Question, Response
from quizflow.flow.resolver import replay, resolve_link, resolve_next


def mcq(qid: str, correct: str = "A", points: int = 1) -> Question:
    return Question(
        qid, True, False, points, tuple(Choice(qid + x, x, x == correct) for x in "ABC")
    )


def chose(label: str) -> Response:
    return Response(frozenset({label}))


def flow_of(*links: Link, questions: str = "q1 q2 q3 q4") -> Flow:
    return Flow("q1", tuple(mcq(qid) for qid in questions.split()), links)


def next_after(flow: Flow, label: str, *, is_correct: bool = False, score: int = 0) -> str | None:
    return resolve_next(flow, "q1", response=chose(label), is_correct=is_correct, score=score)


def test_links_are_tried_in_priority_order_and_the_first_match_wins() -> None:
    flow = flow_of(
        Link("late", "q1", "q3", "answer in [A, B]", 5),
        Link("early", "q1", "q2", "answer == A", 1),
    )
    assert next_after(flow, "A") == "q2"
    assert next_after(flow, "B") == "q3"


def test_equal_priorities_are_tried_in_link_order() -> None:
    flow = flow_of(
        Link("one", "q1", "q2", "answer == A", 0), Link("two", "q1", "q3", "answer == A", 0)
    )
    assert next_after(flow, "A") == "q2"


def test_default_link_is_tried_only_when_nothing_else_matches() -> None:
    flow = flow_of(
        Link("fallback", "q1", "q4", "default", -100),
        Link("a", "q1", "q2", "answer == A", 10),
    )
    assert next_after(flow, "A") == "q2"
    assert next_after(flow, "C") == "q4"


def test_no_matching_link_ends_the_scenario() -> None:
    assert next_after(flow_of(Link("a", "q1", "q2", "answer == A", 0)), "B") is None


def test_a_question_without_links_ends_the_scenario() -> None:
    assert next_after(flow_of(), "A") is None


def test_a_link_to_nowhere_ends_the_scenario() -> None:
    flow = flow_of(Link("end", "q1", None, "answer == A", 0), Link("d", "q1", "q2", "default", 0))
    assert next_after(flow, "A") is None


def test_score_conditions_see_the_score_given() -> None:
    flow = flow_of(Link("hi", "q1", "q2", "score >= 3", 0), Link("d", "q1", "q3", "default", 0))
    assert next_after(flow, "A", score=3) == "q2"
    assert next_after(flow, "A", score=2) == "q3"


def test_resolution_does_not_parse_a_condition_twice() -> None:
    conditions.parse_condition.cache_clear()
    flow = flow_of(Link("l", "q1", "q2", "answer == B or answer == C", 0))
    for _ in range(3):
        next_after(flow, "A")
    assert conditions.parse_condition.cache_info().misses == 1


def test_a_broken_condition_is_reported_as_an_invalid_flow() -> None:
    with pytest.raises(InvalidFlowError, match="link l from question q1 has a broken condition"):
        next_after(flow_of(Link("l", "q1", "q2", "answer ==", 0)), "A")


def test_a_link_leading_out_of_the_flow_is_refused() -> None:
    with pytest.raises(InvalidFlowError, match="not part of this scenario"):
        next_after(flow_of(Link("l", "q1", "elsewhere", "default", 0)), "A")


def test_a_question_outside_the_flow_is_an_invalid_answer() -> None:
    with pytest.raises(InvalidAnswerError):
        resolve_next(flow_of(), "q9", response=chose("A"), is_correct=True, score=0)


RETRY = flow_of(
    Link("retry", "q1", "q1", "incorrect", 0),
    Link("onward", "q1", "q2", "correct", 1),
    Link("done", "q2", None, "default", 0),
    questions="q1 q2",
)


def test_a_retry_loop_repeats_the_question_until_it_is_answered_correctly() -> None:
    assert next_after(RETRY, "B") == "q1"
    assert next_after(RETRY, "A", is_correct=True) == "q2"


def test_replay_follows_the_answers_and_sums_the_score() -> None:
    answers = [("q1", chose("B")), ("q1", chose("C")), ("q1", chose("A"))]
    assert replay(RETRY, answers) == ("q2", 1)
    assert replay(RETRY, [*answers, ("q2", chose("A"))]) == (None, 2)


def test_replay_of_nothing_is_at_the_first_question() -> None:
    assert replay(RETRY, []) == ("q1", 0)


def test_replay_refuses_an_answer_for_a_question_that_is_not_current() -> None:
    with pytest.raises(InvalidAnswerError, match="answer 2 is for question q2, but the current"):
        replay(RETRY, [("q1", chose("B")), ("q2", chose("A"))])


def test_replay_refuses_answers_after_the_end() -> None:
    answers = [("q1", chose("A")), ("q2", chose("A")), ("q2", chose("A"))]
    with pytest.raises(InvalidAnswerError, match=r"answer 3 .* the scenario had ended"):
        replay(RETRY, answers)


def test_replay_refuses_an_answer_that_does_not_fit_its_question() -> None:
    with pytest.raises(InvalidAnswerError, match="answer 1: choice 'Z' is not an option"):
        replay(RETRY, [("q1", chose("Z"))])


def test_resolve_link_names_the_link_that_decided_and_its_condition() -> None:
    flow = flow_of(
        Link("right", "q1", "q2", "correct", 1),
        Link("ending", "q1", None, "answer == C", 2),
        Link("other", "q1", "q3", "default", 0),
    )
    taken = resolve_link(flow, "q1", response=chose("A"), is_correct=True, score=1)
    assert taken is not None and (taken.id, taken.condition) == ("right", "correct")
    ending = resolve_link(flow, "q1", response=chose("C"), is_correct=False, score=0)
    assert ending is not None and ending.id == "ending" and ending.to_question_id is None
    fallback = resolve_link(flow, "q1", response=chose("B"), is_correct=False, score=0)
    assert fallback is not None and fallback.id == "other"


def test_resolve_link_is_none_when_no_link_matches_and_the_scenario_ends() -> None:
    flow = flow_of(Link("only", "q1", "q2", "answer == A", 0))
    assert resolve_link(flow, "q1", response=chose("B"), is_correct=False, score=0) is None
    assert next_after(flow, "B") is None
