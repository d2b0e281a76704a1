from quizflow.flow.model import Choice, Flow, Link, Question
from quizflow.flow.validation import FlowIssue, has_errors, validate_flow


def mcq(qid: str, correct: str = "A", labels: str = "ABC", multi: bool = False) -> Question:
    choices = tuple(Choice(qid + x, x, x in correct) for x in labels)
    return Question(qid, True, multi, 1, choices)


def free(qid: str) -> Question:
    return Question(qid, False, False, 1)


def link(source: str, target: str | None, condition: str = "default", priority: int = 0) -> Link:
    return Link(f"{source}->{target}:{condition}", source, target, condition, priority)


def codes(issues: list[FlowIssue]) -> list[str]:
    return [issue.code for issue in issues]


def only(issues: list[FlowIssue], code: str) -> FlowIssue:
    found = [issue for issue in issues if issue.code == code]
    assert len(found) == 1, issues
    return found[0]


def test_a_branching_flow_with_a_retry_loop_has_no_issues() -> None:
    flow = Flow(
        "intro",
        (mcq("intro"), mcq("retry", correct="B"), mcq("pick", correct="AC", multi=True),
         free("essay"), mcq("last")),
        (
            link("intro", "retry", "answer == A"),
            link("intro", "pick", "answer in [b, c]"),
            link("retry", "retry", "incorrect"),
            link("retry", "pick", "correct"),
            link("pick", "essay", "answer == [A, C] or score >= 3", 0),
            link("pick", "last", "default"),
            link("essay", "last", 'text contains "because"'),
            link("essay", None, "default"),
            link("last", None, "score >= 2"),
            link("last", None, "score < 2"),
        ),
    )  # fmt: skip
    assert validate_flow(flow) == []


def test_a_flow_without_a_first_question_is_an_error() -> None:
    issue = only(validate_flow(Flow(None, (mcq("q1"),))), "no_first_question")
    assert issue.severity == "error"
    assert "no first question" in issue.message


def test_a_first_question_outside_the_flow_is_an_error() -> None:
    assert "no_first_question" in codes(validate_flow(Flow("ghost", (mcq("q1"),))))


def test_a_question_no_path_leads_to_is_a_warning() -> None:
    flow = Flow("q1", (mcq("q1"), mcq("q2")), (link("q1", None),))
    issue = only(validate_flow(flow, names={"q2": "Q2"}), "unreachable_question")
    assert (issue.severity, issue.question_id) == ("warning", "q2")
    assert "question Q2" in issue.message


def test_a_link_to_a_question_of_another_scenario_is_an_error() -> None:
    flow = Flow("q1", (mcq("q1"),), (link("q1", "elsewhere"),))
    issue = only(validate_flow(flow), "link_leaves_scenario")
    assert (issue.severity, issue.link_id) == ("error", "q1->elsewhere:default")


def test_a_link_to_a_scenario_question_outside_the_flow_is_allowed() -> None:
    flow = Flow("q1", (mcq("q1"),), (link("q1", "q2"),))
    assert "link_leaves_scenario" not in codes(validate_flow(flow, frozenset({"q1", "q2"})))


def test_a_condition_with_a_syntax_error_is_reported_with_its_column() -> None:
    flow = Flow("q1", (mcq("q1"),), (link("q1", None, "answer == "), link("q1", None)))
    issue = only(validate_flow(flow), "bad_condition")
    assert issue.severity == "error"
    assert "at column 11" in issue.message


def test_a_condition_naming_a_label_the_question_lacks_is_an_error() -> None:
    flow = Flow("q1", (mcq("q1"),), (link("q1", None, "answer in [A, E]"), link("q1", None)))
    issue = only(validate_flow(flow, names={"q1": "Q1"}), "unknown_label")
    assert "names choice E, but the choices of question Q1 are A, B, C" in issue.message


def test_a_choice_condition_on_a_free_text_question_is_an_error() -> None:
    flow = Flow("q1", (free("q1"),), (link("q1", None, "correct"), link("q1", None)))
    issue = only(validate_flow(flow), "choice_condition_on_free_text")
    assert issue.severity == "error"
    assert "`correct`" in issue.message


def test_a_text_condition_on_a_choice_question_is_a_warning() -> None:
    flow = Flow("q1", (mcq("q1"),), (link("q1", None, 'text contains "x"'), link("q1", None)))
    assert only(validate_flow(flow), "text_condition_on_choice_question").severity == "warning"


def test_answers_no_link_covers_are_named_in_a_warning() -> None:
    flow = Flow("q1", (mcq("q1"),), (link("q1", None, "answer in [A, C]"),))
    issue = only(validate_flow(flow, names={"q1": "Q1"}), "uncovered_answers")
    assert issue.severity == "warning"
    assert issue.message.startswith("Question Q1 has no link for the answer B and no default")


def test_multi_select_coverage_names_an_uncovered_combination() -> None:
    question = mcq("q1", correct="AB", multi=True)
    flow = Flow(
        "q1", (question,), (link("q1", None, "answer has A or answer == [B] or answer == C"),)
    )
    assert "the answer [B, C]" in only(validate_flow(flow), "uncovered_answers").message


def test_coverage_considers_every_possible_score() -> None:
    split = Flow(
        "q1", (mcq("q1"),), (link("q1", None, "score >= 3"), link("q1", None, "score < 3"))
    )
    assert validate_flow(split) == []
    gap = Flow("q1", (mcq("q1"),), (link("q1", None, "score > 3"), link("q1", None, "score < 3")))
    assert "with a score of 3" in only(validate_flow(gap), "uncovered_answers").message


def test_a_correct_answer_counts_its_own_points_in_the_score() -> None:
    links = (link("q1", None, "correct and score >= 1"), link("q1", None, "incorrect"))
    assert validate_flow(Flow("q1", (mcq("q1"),), links)) == []


def test_free_text_with_links_but_no_default_is_a_coverage_warning() -> None:
    flow = Flow("q1", (free("q1"),), (link("q1", None, 'text contains "yes"'),))
    assert "add a default link" in only(validate_flow(flow), "uncovered_answers").message


def test_a_multi_select_with_more_than_ten_choices_needs_a_default_link() -> None:
    question = mcq("q1", correct="A", labels="ABCDEFGHIJK", multi=True)
    flow = Flow("q1", (question,), (link("q1", None, "answer has A or not answer has A"),))
    assert "too many to check" in only(validate_flow(flow), "uncovered_answers").message
    with_default = Flow("q1", (question,), (link("q1", None, "correct"), link("q1", None)))
    assert validate_flow(with_default) == []


def test_a_loop_with_no_way_out_is_an_error() -> None:
    flow = Flow(
        "q1",
        (mcq("q1"), mcq("q2"), mcq("q3")),
        (link("q1", "q2"), link("q2", "q3", "correct"), link("q2", "q3", "incorrect"),
         link("q3", "q2")),
    )  # fmt: skip
    issue = only(validate_flow(flow, names={"q2": "Q2", "q3": "Q3"}), "cycle_without_exit")
    assert (issue.severity, issue.question_id) == ("error", "q2")
    assert "question Q2, question Q3" in issue.message


def test_a_question_that_only_leads_back_to_itself_is_an_error() -> None:
    flow = Flow("q1", (mcq("q1"),), (link("q1", "q1"),))
    assert "only leads back to itself" in only(validate_flow(flow), "cycle_without_exit").message


def test_a_loop_that_uncovered_answers_can_leave_is_not_a_cycle_error() -> None:
    flow = Flow("q1", (mcq("q1"),), (link("q1", "q1", "answer == B"),))
    assert codes(validate_flow(flow)) == ["uncovered_answers"]


def test_two_default_links_on_one_question_are_an_error() -> None:
    flow = Flow("q1", (mcq("q1"), mcq("q2")), (link("q1", "q2"), link("q1", None, "DEFAULT")))
    issue = only(validate_flow(flow), "duplicate_default")
    assert (issue.severity, issue.link_id) == ("error", "q1->None:DEFAULT")


def test_a_multiple_choice_question_without_choices_is_an_error() -> None:
    flow = Flow("q1", (Question("q1", True, False, 1),))
    assert only(validate_flow(flow), "no_choices").severity == "error"


def test_has_errors_ignores_warnings() -> None:
    warning = FlowIssue("warning", "unreachable_question", "…", "q2")
    assert not has_errors([warning])
    assert has_errors([warning, FlowIssue("error", "no_first_question", "…")])


def test_coverage_considers_negative_scores_when_points_can_be_negative() -> None:
    penalty = Question("q1", True, False, -1, (Choice("a", "A", True), Choice("b", "B", False)))
    flow = Flow("q1", (penalty,), (link("q1", None, "score >= 0"),))
    assert "with a score of -1" in only(validate_flow(flow), "uncovered_answers").message
    assert validate_flow(Flow("q1", (mcq("q1"),), (link("q1", None, "score >= 0"),))) == []
