"""The database itself enforces the rules the schema promises (constraints, ON DELETE).

Deletes are issued as SQL statements, as the services issue them, so the rules under test are
the database's own and not the ORM's.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quizflow.db import models as orm
from tests.factories import make_question, make_scenario, make_user, make_version


def progress(user: orm.User, scenario: orm.Scenario, attempt: int, status: str) -> orm.UserProgress:
    version = scenario.latest_version
    assert version is not None, "publish the scenario first (make_version)"
    return orm.UserProgress(
        user_id=user.id,
        scenario_id=scenario.id,
        version_id=version.id,
        attempt=attempt,
        status=orm.ProgressStatus(status),
        completed_at=datetime.now(UTC) if status == "completed" else None,
    )


def published(session: Session) -> orm.Scenario:
    scenario = make_scenario(session)
    scenario.latest_version = make_version(session, scenario)
    session.flush()
    return scenario


def test_a_learner_can_have_only_one_attempt_in_progress_per_scenario(session: Session) -> None:
    learner = make_user(session)
    scenario = published(session)
    session.add(progress(learner, scenario, 1, "in_progress"))
    session.flush()

    session.add(progress(learner, scenario, 2, "in_progress"))
    with pytest.raises(IntegrityError, match="user_progress_one_in_progress_key"):
        session.flush()


def test_finished_attempts_do_not_block_a_new_one(session: Session) -> None:
    learner = make_user(session)
    scenario = published(session)
    session.add_all(
        [
            progress(learner, scenario, 1, "completed"),
            progress(learner, scenario, 2, "abandoned"),
            progress(learner, scenario, 3, "in_progress"),
        ]
    )
    session.flush()
    count = session.scalars(select(orm.UserProgress).where(orm.UserProgress.user_id == learner.id))
    assert len(count.all()) == 3


def test_completed_attempt_must_have_a_completion_time(session: Session) -> None:
    learner = make_user(session)
    scenario = published(session)
    row = progress(learner, scenario, 1, "in_progress")
    row.status = orm.ProgressStatus.COMPLETED
    session.add(row)
    with pytest.raises(IntegrityError, match="user_progress_completed_at_when_completed"):
        session.flush()


def test_choice_labels_are_unique_within_a_question(session: Session) -> None:
    question = make_question(session, make_scenario(session), labels="AB")
    session.add(orm.Choice(question_id=question.id, label="A", body="again", position=5))
    with pytest.raises(IntegrityError, match="choices_question_id_label_key"):
        session.flush()


@pytest.mark.parametrize(
    ("text", "url"),
    [(None, None), ("inline", "s3://bucket/key")],
    ids=["neither", "both"],
)
def test_a_document_has_exactly_one_of_inline_content_or_a_storage_url(
    session: Session, text: str | None, url: str | None
) -> None:
    owner = make_user(session, role="author")
    session.add(
        orm.Document(
            owner_id=owner.id,
            filename="q.docx",
            media_type="application/octet-stream",
            size_bytes=10,
            sha256="a" * 64,
            content_text=text,
            storage_url=url,
        )
    )
    with pytest.raises(IntegrityError, match="documents_content_inline_xor_stored"):
        session.flush()


def test_deleting_a_scenario_removes_its_questions_choices_and_links(session: Session) -> None:
    scenario = make_scenario(session)
    first = make_question(session, scenario, position=0)
    second = make_question(session, scenario, position=1)
    scenario.first_question_id = first.id
    session.add(orm.QuestionLink(from_question_id=first.id, to_question_id=second.id))
    session.add(orm.QuestionLink(from_question_id=second.id, to_question_id=first.id))
    session.flush()

    session.execute(delete(orm.Scenario).where(orm.Scenario.id == scenario.id))

    assert session.scalars(select(orm.Question)).all() == []
    assert session.scalars(select(orm.Choice)).all() == []
    assert session.scalars(select(orm.QuestionLink)).all() == []


def test_deleting_a_question_removes_the_links_into_it(session: Session) -> None:
    scenario = make_scenario(session)
    first = make_question(session, scenario, position=0)
    second = make_question(session, scenario, position=1)
    session.add(orm.QuestionLink(from_question_id=first.id, to_question_id=second.id))
    session.flush()

    session.execute(delete(orm.Question).where(orm.Question.id == second.id))

    assert session.scalars(select(orm.QuestionLink)).all() == []
    assert session.get(orm.Question, first.id) is not None


def test_a_scenario_that_learners_played_cannot_be_hard_deleted(session: Session) -> None:
    scenario = published(session)
    session.add(progress(make_user(session), scenario, 1, "in_progress"))
    session.flush()

    with pytest.raises(IntegrityError, match="user_progress_scenario_id_fkey"):
        session.execute(delete(orm.Scenario).where(orm.Scenario.id == scenario.id))
