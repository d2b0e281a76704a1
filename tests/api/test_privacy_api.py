"""GET /me/data, GET /me/attempts.pdf and DELETE /users/{id} over HTTP, on real PostgreSQL."""

from __future__ import annotations

import io
import uuid

from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from quizflow.db import models as orm
from quizflow.services import answers, attempts
from tests.api.conftest import Caller


def answer_first(
    sessions: sessionmaker[Session], caller: Caller, scenario: uuid.UUID
) -> answers.AnswerResult:
    state, _ = attempts.start_attempt(
        sessions=sessions, actor=caller.principal, scenario_id=scenario
    )
    assert state.current_question is not None
    return answers.submit_answer(
        sessions=sessions,
        actor=caller.principal,
        attempt_id=state.id,
        question_id=state.current_question.id,
        labels=["A"],
    )


def test_my_data_is_a_json_attachment_with_my_answers_only(
    client: TestClient,
    sessions: sessionmaker[Session],
    people: dict[str, Caller],
    scenario: uuid.UUID,
) -> None:
    mine = answer_first(sessions, people["learner"], scenario)
    theirs = answer_first(sessions, people["other_learner"], scenario)

    response = client.get("/me/data", headers=people["learner"].headers)

    assert response.status_code == 200
    assert 'filename="quizflow-data.json"' in response.headers["content-disposition"]
    data = response.json()
    assert data["account"]["id"] == str(people["learner"].principal.user_id)
    assert [a["id"] for a in data["attempts"][0]["answers"]] == [str(mine.answer_id)]
    assert str(theirs.answer_id) not in response.text
    assert str(people["other_learner"].principal.user_id) not in response.text


def test_my_attempts_pdf_holds_the_scenario_title(
    client: TestClient,
    sessions: sessionmaker[Session],
    people: dict[str, Caller],
    scenario: uuid.UUID,
) -> None:
    answer_first(sessions, people["learner"], scenario)

    response = client.get("/me/attempts.pdf", headers=people["learner"].headers)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert "Branching" in "\n".join(page.extract_text() for page in reader.pages)


def test_an_admin_deletes_a_learner_who_then_has_no_account_but_whose_answers_stay(
    client: TestClient,
    sessions: sessionmaker[Session],
    people: dict[str, Caller],
    scenario: uuid.UUID,
) -> None:
    learner = people["learner"]
    mine = answer_first(sessions, learner, scenario)
    url = f"/users/{learner.principal.user_id}"

    assert client.delete(url, headers=people["other_learner"].headers).status_code == 403
    assert client.delete(url, headers=people["owner"].headers).status_code == 403
    assert client.delete(url, headers=people["admin"].headers).status_code == 204

    again = client.delete(url, headers=people["admin"].headers)
    assert again.status_code == 404
    assert again.headers["content-type"] == "application/problem+json"
    assert client.get("/me/data", headers=learner.headers).status_code == 401
    with sessions() as session:
        kept = session.get_one(orm.Answer, mine.answer_id)
        assert kept.user_id != learner.principal.user_id
        assert (
            session.scalar(select(func.count()).where(orm.User.id == learner.principal.user_id))
            == 0
        )


def test_deleting_an_author_who_owns_scenarios_is_a_409_problem(
    client: TestClient, people: dict[str, Caller], scenario: uuid.UUID
) -> None:
    response = client.delete(
        f"/users/{people['owner'].principal.user_id}", headers=people["admin"].headers
    )
    assert response.status_code == 409
    assert "owns 1 scenarios" in response.json()["detail"]
