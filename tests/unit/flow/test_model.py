import pytest

from quizflow.errors import InvalidAnswerError
from quizflow.flow.model import Choice, Flow, Link, Question, Response, check_response, grade


def mcq(qid: str = "q1", correct: str = "B", labels: str = "ABC", points: int = 2) -> Question:
    choices = tuple(Choice(f"{qid}-{x}", x, x in correct) for x in labels)
    return Question(qid, True, len(correct) > 1, points, choices)


FREE = Question("free", False, False, 1)


def test_question_labels_are_upper_cased() -> None:
    question = Question("q", True, True, 1, (Choice("1", "a", True), Choice("2", "b", False)))
    assert question.labels == {"A", "B"}
    assert question.correct_labels == {"A"}


def test_response_labels_are_upper_cased() -> None:
    assert Response(frozenset({"a", "C"})).labels == {"A", "C"}


def test_single_answer_is_correct_only_for_a_correct_choice() -> None:
    assert grade(mcq(), Response(frozenset({"B"}))).is_correct is True
    assert grade(mcq(), Response(frozenset({"B"}))).score == 2
    assert grade(mcq(), Response(frozenset({"A"}))).is_correct is False
    assert grade(mcq(), Response(frozenset({"A"}))).score == 0


def test_single_answer_with_several_labels_is_never_correct() -> None:
    two_right = Question("q", True, False, 1, (Choice("1", "A", True), Choice("2", "B", True)))
    assert grade(two_right, Response(frozenset({"A"}))).is_correct is True
    assert grade(two_right, Response(frozenset({"A", "B"}))).is_correct is False


def test_multi_select_is_all_or_nothing() -> None:
    question = mcq(correct="AC")
    assert grade(question, Response(frozenset({"A", "C"}))).score == 2
    assert grade(question, Response(frozenset({"A"}))).is_correct is False
    assert grade(question, Response(frozenset({"A", "B", "C"}))).score == 0


def test_free_text_is_not_auto_graded() -> None:
    outcome = grade(FREE, Response(text="anything"))
    assert outcome.is_correct is None
    assert outcome.score == 0


def test_check_response_names_the_foreign_choice_and_the_options() -> None:
    with pytest.raises(InvalidAnswerError) as caught:
        check_response(mcq(), Response(frozenset({"E"})))
    assert caught.value.message == (
        "choice 'E' is not an option of this question; options are A, B, C"
    )


@pytest.mark.parametrize(
    ("question", "response", "fragment"),
    [
        (mcq(), Response(), "choose exactly one option"),
        (mcq(), Response(frozenset({"A", "B"})), "got A, B"),
        (mcq(correct="AB"), Response(), "at least one"),
        (mcq(), Response(frozenset({"E", "F"})), "choices 'E', 'F' are not options"),
        (mcq(), Response(frozenset({"A"}), text="hi"), "expects a choice"),
        (FREE, Response(frozenset({"A"})), "not a choice"),
        (FREE, Response(), "empty"),
        (FREE, Response(text="   "), "empty"),
    ],
)
def test_check_response_rejects_answers_that_do_not_fit(
    question: Question, response: Response, fragment: str
) -> None:
    with pytest.raises(InvalidAnswerError, match=fragment):
        check_response(question, response)


@pytest.mark.parametrize(
    ("question", "response"),
    [
        (mcq(), Response(frozenset({"b"}))),
        (mcq(correct="AB"), Response(frozenset({"A", "C"}))),
        (FREE, Response(text="an answer")),
    ],
)
def test_check_response_accepts_answers_that_fit(question: Question, response: Response) -> None:
    check_response(question, response)


def test_links_from_orders_by_priority_then_position_with_defaults_last() -> None:
    links = (
        Link("d", "q1", None, "  DEFAULT ", -5),
        Link("late", "q1", "q2", "correct", 2),
        Link("first", "q1", "q2", "incorrect", 1),
        Link("tie", "q1", "q2", "score > 1", 2),
        Link("other", "q2", None, "default", 0),
    )
    flow = Flow("q1", (mcq("q1"), mcq("q2")), links)
    assert [link.id for link in flow.links_from("q1")] == ["first", "late", "tie", "d"]
    assert flow.links_from("nowhere") == ()


def test_a_condition_merely_containing_default_is_not_a_default_link() -> None:
    assert not Link("l", "q", None, "defaults", 0).is_default
    assert Link("l", "q", None, "Default", 0).is_default


def test_flow_refuses_duplicate_question_ids() -> None:
    with pytest.raises(ValueError, match="same id"):
        Flow("q1", (mcq("q1"), mcq("q1")))


def test_flows_with_the_same_content_are_equal_and_hashable() -> None:
    one = Flow("q1", (mcq("q1"),), (Link("l", "q1", None, "default", 0),))
    two = Flow("q1", (mcq("q1"),), (Link("l", "q1", None, "default", 0),))
    assert one == two
    assert hash(one) == hash(two)
