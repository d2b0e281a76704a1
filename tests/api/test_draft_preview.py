"""An author plays their draft in the studio: where each answer leads, and nothing is stored."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from quizflow.db import models as orm
from tests.api.conftest import Caller


@pytest.fixture
def draft(client: TestClient, people: dict[str, Caller]) -> dict[str, Any]:
    """Q1 (2 points) → Q3 when `score >= 2`, else → Q2 (remedial) → Q3 (written) → end."""
    h = people["owner"].headers
    sid = client.post("/scenarios", json={"title": "Evacuation"}, headers=h).json()["id"]

    def add(body: dict[str, Any]) -> dict[str, Any]:
        added = client.post(f"/scenarios/{sid}/questions", json=body, headers=h)
        assert added.status_code == 201, added.text
        return added.json()  # type: ignore[no-any-return]

    two = [
        {"body": "Stairs", "is_correct": True, "feedback": "<p>Yes, never the lift.</p>"},
        {"body": "Lift", "feedback": "<p>Lifts stop in a fire.</p>"},
    ]
    q1 = add({"prompt_html": "<p>How do you leave?</p>", "points": 2, "choices": two})
    q2 = add({"prompt_html": "<p>Why not the lift?</p>", "choices": two})
    q3 = add({"prompt_html": "<p>Where do you meet?</p>", "is_multiple_choice": False})
    branch = client.post(
        f"/scenarios/{sid}/links",
        json={"from_question_id": q1["id"], "to_question_id": q3["id"], "condition": "score >= 2"},
        headers=h,
    )
    assert branch.status_code == 201, branch.text
    return {"sid": sid, "q1": q1, "q2": q2, "q3": q3}


def _choice(question: dict[str, Any], label: str) -> str:
    return next(c["id"] for c in question["choices"] if c["label"] == label)  # type: ignore[no-any-return]


def _rows(sessions: sessionmaker[Session]) -> tuple[int, int]:
    with sessions() as session:
        answers = session.scalar(select(func.count()).select_from(orm.Answer))
        attempts = session.scalar(select(func.count()).select_from(orm.UserProgress))
        return int(answers or 0), int(attempts or 0)


def test_a_preview_plays_both_branches_and_stores_nothing(
    client: TestClient,
    people: dict[str, Caller],
    sessions: sessionmaker[Session],
    draft: dict[str, Any],
) -> None:
    h = people["owner"].headers
    q1, q2, q3 = draft["q1"], draft["q2"], draft["q3"]
    url = f"/scenarios/{draft['sid']}/preview"
    before = _rows(sessions)

    start = client.post(url, json={"answers": []}, headers=h).json()
    right = client.post(
        url,
        json={"answers": [{"question_id": q1["id"], "choice_ids": [_choice(q1, "A")]}]},
        headers=h,
    ).json()
    wrong = client.post(
        url,
        json={"answers": [{"question_id": q1["id"], "choice_ids": [_choice(q1, "B")]}]},
        headers=h,
    ).json()
    finished = client.post(
        url,
        json={
            "answers": [
                {"question_id": q1["id"], "choice_ids": [_choice(q1, "B")]},
                {"question_id": q2["id"], "choice_ids": [_choice(q2, "A")]},
                {"question_id": q3["id"], "text": "The car park"},
            ]
        },
        headers=h,
    ).json()

    assert start["question"]["id"] == q1["id"] and start["question"]["number"] == 1
    assert "is_correct" not in str(start["question"]) and start["path"] == [q1["id"]]
    assert right["question"]["id"] == q3["id"]
    assert right["results"] == [
        {
            "question_id": q1["id"],
            "is_correct": True,
            "points_awarded": 2,
            "feedback": [
                {"choice_id": _choice(q1, "A"), "feedback": "<p>Yes, never the lift.</p>"}
            ],
            "explanation": None,
            "next_question_id": q3["id"],
        }
    ]
    assert (right["score"], right["max_score"], right["finished"]) == (2, 2, False)
    assert wrong["question"]["id"] == q2["id"] and wrong["score"] == 0
    assert wrong["results"][0]["feedback"][0]["feedback"] == "<p>Lifts stop in a fire.</p>"
    assert finished["question"] is None and finished["finished"] is True
    assert finished["path"] == [q1["id"], q2["id"], q3["id"]]
    assert [r["is_correct"] for r in finished["results"]] == [False, True, None]
    assert (finished["score"], finished["max_score"]) == (1, 3)
    assert _rows(sessions) == before


def test_a_preview_can_start_at_any_question(
    client: TestClient, people: dict[str, Caller], draft: dict[str, Any]
) -> None:
    started = client.post(
        f"/scenarios/{draft['sid']}/preview",
        json={"start_question_id": draft["q2"]["id"], "answers": []},
        headers=people["owner"].headers,
    )

    assert started.status_code == 200, started.text
    assert started.json()["question"]["id"] == draft["q2"]["id"]
    assert started.json()["question"]["number"] == 2


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"question": "q2", "label": "A"}, "but the current question was"),
        ({"question": "q1", "label": None}, "choose exactly one option (A, B); got none"),
        ({"question": "q1", "label": "other"}, "is not an option of this question"),
        ({"question": "q1", "text": "stairs"}, "expects a choice, not a written answer"),
    ],
)
def test_an_answer_that_does_not_fit_answers_422_as_playing_does(
    client: TestClient,
    people: dict[str, Caller],
    draft: dict[str, Any],
    answer: dict[str, Any],
    message: str,
) -> None:
    question = draft[answer["question"]]
    sent: dict[str, Any] = {"question_id": question["id"]}
    if answer.get("label") == "other":
        sent["choice_ids"] = [_choice(draft["q2"], "A")]
    elif answer.get("label"):
        sent["choice_ids"] = [_choice(question, answer["label"])]
    if "text" in answer:
        sent["text"] = answer["text"]

    refused = client.post(
        f"/scenarios/{draft['sid']}/preview",
        json={"answers": [sent]},
        headers=people["owner"].headers,
    )

    assert refused.status_code == 422
    assert refused.json()["code"] == "invalid_answer"
    assert message in refused.json()["detail"]


@pytest.mark.parametrize(("caller", "status"), [("other_author", 404), ("learner", 403)])
def test_only_the_drafts_authors_may_preview_it(
    client: TestClient, people: dict[str, Caller], draft: dict[str, Any], caller: str, status: int
) -> None:
    refused = client.post(
        f"/scenarios/{draft['sid']}/preview", json={"answers": []}, headers=people[caller].headers
    )

    assert refused.status_code == status
