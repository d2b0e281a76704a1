"""The xAPI statements quizflow builds, as an LRS reads them (pure: no database, no LRS)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from quizflow.services.content import (
    ChoiceContent,
    LinkContent,
    QuestionContent,
    ScenarioContent,
)
from quizflow.services.xapi_statements import (
    ANSWERED,
    COMPLETED,
    XapiSource,
    answered,
    attempt_event,
    statement_id,
)

SOURCE = XapiSource("https://qf.example/")
AT = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)


def question(*, points: int = 2, choice: bool = True) -> QuestionContent:
    qid = uuid.uuid4()
    choices = (
        tuple(
            ChoiceContent(uuid.uuid4(), label, f"option {label}", label in "AC", None, n)
            for n, label in enumerate("ABC")
        )
        if choice
        else ()
    )
    return QuestionContent(qid, 0, "<p>Q</p>", "Q", choice, choice, None, points, None, choices, ())


def scenario(*questions: QuestionContent) -> ScenarioContent:
    return ScenarioContent(
        uuid.uuid4(),
        uuid.uuid4(),
        uuid.uuid4(),
        3,
        "Lab safety",
        "",
        "",
        questions[0].id,
        questions,
    )


def answer_statement(q: QuestionContent, **overrides: object) -> dict:  # type: ignore[type-arg]
    options: dict[str, object] = {
        "answer_id": uuid.uuid4(),
        "user_id": uuid.uuid4(),
        "attempt_id": uuid.uuid4(),
        "labels": ["A", "C"],
        "text": None,
        "is_correct": True,
        "score": 2,
        "link": None,
        "at": AT,
    }
    return answered(SOURCE, scenario(q), q, **(options | overrides))  # type: ignore[arg-type]


def test_statement_ids_are_stable_per_subject_and_verb() -> None:
    subject = uuid.uuid4()
    assert statement_id(subject, ANSWERED) == statement_id(subject, ANSWERED)
    assert statement_id(subject, ANSWERED) != statement_id(subject, COMPLETED)
    assert statement_id(subject, ANSWERED).version == 5


def test_a_multi_select_answer_is_a_choice_interaction_with_the_response_in_xapi_format() -> None:
    q = question()
    statement = answer_statement(q)
    definition = statement["object"]["definition"]
    assert statement["object"]["id"] == f"https://qf.example/xapi/questions/{q.id}"
    assert definition["interactionType"] == "choice"
    assert [c["id"] for c in definition["choices"]] == ["A", "B", "C"]
    assert definition["correctResponsesPattern"] == ["A[,]C"]
    assert statement["result"]["response"] == "A[,]C"
    assert statement["result"]["score"] == {"raw": 2, "min": 0, "max": 2, "scaled": 1.0}
    assert statement["timestamp"] == "2026-12-03T10:00:00+00:00"


def test_a_free_text_answer_is_fill_in_with_no_success_and_no_correct_pattern() -> None:
    q = question(choice=False)
    statement = answer_statement(q, labels=[], text="Because", is_correct=None, score=0)
    assert statement["object"]["definition"]["interactionType"] == "fill-in"
    assert "correctResponsesPattern" not in statement["object"]["definition"]
    assert "success" not in statement["result"]
    assert statement["result"]["response"] == "Because"


def test_the_link_taken_is_in_the_result_extension() -> None:
    q = question()
    target = uuid.uuid4()
    link = LinkContent(uuid.uuid4(), q.id, target, "score >= 2", 0)
    extension = answer_statement(q, link=link)["result"]["extensions"][SOURCE.link_extension]
    assert extension == {
        "link_id": str(link.id),
        "condition": "score >= 2",
        "next_question": f"https://qf.example/xapi/questions/{target}",
    }
    ended = answer_statement(q)["result"]["extensions"][SOURCE.link_extension]
    assert ended == {"link_id": None, "condition": None, "next_question": None}


def test_a_score_outside_zero_to_max_is_sent_raw_only() -> None:
    q = question(points=0)
    assert answer_statement(q, score=0)["result"]["score"] == {"raw": 0}
    assert answer_statement(question(), score=-1)["result"]["score"] == {"raw": -1}


def test_completion_scores_against_every_questions_points_in_the_attempt_registration() -> None:
    q1, q2 = question(points=2), question(points=3)
    content = scenario(q1, q2)
    attempt, user = uuid.uuid4(), uuid.uuid4()
    statement = attempt_event(
        SOURCE, content, COMPLETED, attempt_id=attempt, user_id=user, score=4, at=AT
    )
    assert statement["id"] == str(statement_id(attempt, COMPLETED))
    assert statement["result"] == {
        "completion": True,
        "score": {"raw": 4, "min": 0, "max": 5, "scaled": 0.8},
    }
    assert statement["context"]["registration"] == str(attempt)
    assert statement["actor"] == {
        "objectType": "Agent",
        "account": {"homePage": "https://qf.example", "name": str(user)},
    }
    grouping = statement["context"]["contextActivities"]["grouping"]
    assert grouping[0]["id"] == f"https://qf.example/xapi/scenarios/{content.scenario_id}"
    assert statement["object"]["id"].endswith("/versions/3")
