"""A learner's rights over their data: download all of it, and be deleted (docs/privacy.md).

Deleting keeps analytics true: the learner's attempts and answers move, in the same
transaction, to a fresh anonymous placeholder account that nobody can sign in as, so counts,
item statistics and paths are unchanged. Everything else (memberships, shares, grants, web
sessions, the password) goes with the account. The LRS is told through the outbox: every
statement the learner made that it may hold gets a `voided` statement; one not yet delivered
is simply taken out of the outbox.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.errors import ConflictError, NotFoundError
from quizflow.services import access, answers, attempts, exports, xapi_outbox
from quizflow.services.content import versions
from quizflow.services.exports import FileStream
from quizflow.services.xapi_delivery import xapi_source
from quizflow.services.xapi_statements import (
    ABANDONED,
    ANSWERED,
    ATTEMPTED,
    COMPLETED,
    XapiSource,
    statement_id,
)
from quizflow.settings import Settings

VOIDED = "http://adlnet.gov/expapi/verbs/voided"
#: The placeholder accounts' addresses: `.invalid` can never be delivered to (RFC 2606).
PLACEHOLDER_DOMAIN = "deleted.invalid"


def _user(session: Session, user_id: uuid.UUID) -> orm.User:
    user = session.get(orm.User, user_id)
    if user is None:
        raise NotFoundError(f"user {user_id} does not exist")
    return user


def _statement_ids(session: Session, user_id: uuid.UUID) -> list[uuid.UUID]:
    """The ids of every statement the learner's answers and attempts make (see xapi_statements)."""
    ids = [
        statement_id(answer_id, ANSWERED)
        for answer_id in session.scalars(
            select(orm.Answer.id).where(orm.Answer.user_id == user_id).order_by(orm.Answer.id)
        )
    ]
    for attempt_id, status in session.execute(
        select(orm.UserProgress.id, orm.UserProgress.status)
        .where(orm.UserProgress.user_id == user_id)
        .order_by(orm.UserProgress.id)
    ):
        ids.append(statement_id(attempt_id, ATTEMPTED))
        if status is orm.ProgressStatus.COMPLETED:
            ids.append(statement_id(attempt_id, COMPLETED))
        elif status is orm.ProgressStatus.ABANDONED:
            ids.append(statement_id(attempt_id, ABANDONED))
    return ids


def export_data(
    *, sessions: sessionmaker[Session], actor: Principal, user_id: uuid.UUID | None = None
) -> dict[str, Any]:
    """Everything quizflow holds about a user (the actor, or anyone for an admin), as JSON data."""
    target = user_id or actor.user_id
    if target != actor.user_id:
        access.require_admin(actor, "export another user's data")
    with sessions() as session:
        user = _user(session, target)
        classes = session.execute(
            select(orm.Class.id, orm.Class.title, orm.ClassMember.joined_at)
            .join(orm.ClassMember, orm.ClassMember.class_id == orm.Class.id)
            .where(orm.ClassMember.user_id == target)
            .order_by(orm.Class.title)
        ).all()
        shares = session.scalars(
            select(orm.ScenarioShare).where(orm.ScenarioShare.user_id == target)
        ).all()
        documents = session.scalars(
            select(orm.Document).where(orm.Document.owner_id == target).order_by(orm.Document.id)
        ).all()
        attempt_ids = list(
            session.scalars(
                select(orm.UserProgress.id)
                .where(orm.UserProgress.user_id == target)
                .order_by(orm.UserProgress.started_at, orm.UserProgress.id)
            )
        )
        statement_ids = _statement_ids(session, target)
    owner = Principal(user_id=target, role=user.role.value, email=user.email)
    return {
        "account": {
            "id": str(user.id),
            "email": user.email,
            "display_name": user.display_name,
            "role": user.role.value,
            "created_at": user.created_at.isoformat(),
        },
        "classes": [
            {
                "id": str(class_id),
                "title": title,
                "joined_at": joined_at.isoformat(),
            }
            for class_id, title, joined_at in classes
        ],
        "scenario_shares": [{"scenario_id": str(share.scenario_id)} for share in shares],
        "attempts": [_attempt_data(sessions, owner, attempt_id) for attempt_id in attempt_ids],
        "documents": [
            {
                "id": str(doc.id),
                "filename": doc.filename,
                "media_type": doc.media_type,
                "size_bytes": doc.size_bytes,
                "created_at": doc.created_at.isoformat(),
            }
            for doc in documents
        ],
        "xapi_statement_ids": [str(i) for i in statement_ids],
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _attempt_data(
    sessions: sessionmaker[Session], owner: Principal, attempt_id: uuid.UUID
) -> dict[str, Any]:
    state = attempts.get_attempt(sessions=sessions, actor=owner, attempt_id=attempt_id)
    history = answers.attempt_history(sessions=sessions, actor=owner, attempt_id=attempt_id)
    return {
        "id": str(state.id),
        "scenario_id": str(state.scenario_id),
        "scenario_title": state.title,
        "version": state.version,
        "attempt": state.attempt,
        "status": state.status,
        "score": state.score,
        "started_at": state.started_at.isoformat(),
        "completed_at": _iso(state.completed_at),
        "answers": [
            {
                "id": str(answer.answer_id),
                "question_id": str(answer.question_id),
                "question_number": answer.question_number,
                "chosen": [{"label": c.label, "body": c.body} for c in answer.chosen],
                "text": answer.text,
                "is_correct": answer.is_correct,
                "score": answer.score_awarded,
                "answered_at": answer.created_at.isoformat(),
            }
            for answer in history
        ],
    }


def attempts_pdf(
    *, sessions: sessionmaker[Session], settings: Settings, actor: Principal
) -> FileStream:
    """Every attempt of the actor, oldest first, as one PDF of attempt reports."""
    from quizflow.documents.exporters import attempt_reports_pdf

    with sessions() as session:
        access.require_account(session, actor)
        rows = session.scalars(
            select(orm.UserProgress)
            .where(orm.UserProgress.user_id == actor.user_id)
            .order_by(orm.UserProgress.started_at, orm.UserProgress.id)
        ).all()
        contents = {row.id: versions.get(session, row.version_id) for row in rows}
        user = session.get(orm.User, actor.user_id)
        learner = user.email if user else "unknown learner"
    reports = [
        exports.attempt_for_export(
            state=attempts.get_attempt(sessions=sessions, actor=actor, attempt_id=row.id),
            content=contents[row.id],
            history=answers.attempt_history(sessions=sessions, actor=actor, attempt_id=row.id),
            learner=learner,
        )
        for row in rows
    ]
    return FileStream(
        "quizflow-attempts.pdf",
        "application/pdf",
        attempt_reports_pdf(reports, title="Your attempts", font_dir=settings.pdf_font_dir),
    )


def voiding_statement(source: XapiSource, voided_id: uuid.UUID) -> dict[str, Any]:
    """The statement voiding `voided_id`, its id stable so it is queued at most once."""
    return {
        "id": str(statement_id(voided_id, VOIDED)),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": source.base, "name": "quizflow"},
        },
        "verb": {"id": VOIDED, "display": {"en-US": "voided"}},
        "object": {"objectType": "StatementRef", "id": str(voided_id)},
    }


def _refuse_owner(session: Session, user: orm.User) -> None:
    owned = {
        "scenarios": select(func.count()).where(orm.Scenario.owner_id == user.id),
        "classes": select(func.count()).where(orm.Class.owner_id == user.id),
        "documents": select(func.count()).where(orm.Document.owner_id == user.id),
        "published versions": select(func.count()).where(
            orm.ScenarioVersion.published_by_id == user.id
        ),
    }
    held = [f"{n} {what}" for what, query in owned.items() if (n := session.scalar(query) or 0)]
    if held:
        raise ConflictError(
            f"{user.email} owns {', '.join(held)}: hand them to someone else before deleting"
        )


def delete_learner(
    *,
    sessions: sessionmaker[Session],
    settings: Settings,
    actor: Principal,
    user_id: uuid.UUID,
) -> uuid.UUID:
    """Delete an account, keeping its attempts under a new anonymous placeholder (returned).

    Admins only; raises NotFoundError, ForbiddenError, or ConflictError for an account that
    owns scenarios, classes or documents, or that is the actor's own.
    """
    access.require_admin(actor, "delete users")
    if user_id == actor.user_id:
        raise ConflictError("you cannot delete your own account")
    source = xapi_source(settings)
    with sessions.begin() as session:
        user = session.get(orm.User, user_id, with_for_update=True)
        if user is None:
            raise NotFoundError(f"user {user_id} does not exist")
        _refuse_owner(session, user)
        statement_ids = _statement_ids(session, user_id)
        placeholder_id = uuid.uuid4()
        session.add(
            orm.User(
                id=placeholder_id,
                email=f"{placeholder_id}@{PLACEHOLDER_DOMAIN}",
                display_name="Deleted learner",
                role=orm.UserRole.LEARNER,
            )
        )
        session.flush()
        for table in (orm.UserProgress, orm.Answer):
            session.execute(
                update(table).where(table.user_id == user_id).values(user_id=placeholder_id)
            )
        _void(session, source, statement_ids)
        session.execute(delete(orm.AccountLink).where(orm.AccountLink.email == user.email))
        # Memberships, shares, grants, web sessions and the password go by ON DELETE CASCADE.
        session.execute(delete(orm.User).where(orm.User.id == user_id))
    return placeholder_id


def _void(session: Session, source: XapiSource | None, ids: Sequence[uuid.UUID]) -> None:
    if not ids:
        return
    outbox = xapi_outbox.OUTBOX
    # Never sent: taken out of the outbox, and the LRS never hears of them. One a worker has
    # tried (it may be in flight now, or its answer was lost) may have arrived: void it too.
    never_sent = set(
        session.scalars(
            delete(outbox)
            .where(outbox.c.id.in_(ids), outbox.c.delivered_at.is_(None), outbox.c.attempts == 0)
            .returning(outbox.c.id)
        )
    )
    session.execute(delete(outbox).where(outbox.c.id.in_(ids), outbox.c.delivered_at.is_(None)))
    if source is None:
        return  # no LRS configured: nothing is sent, and nothing can be voided
    # The rest: delivered, tried, or already pruned (only delivered rows are). One never
    # queued at all (the LRS configured later) gets a voiding statement for an id the LRS does
    # not hold, which an LRS accepts.
    sent = [i for i in ids if i not in never_sent]
    xapi_outbox.queue(session.connection(), [voiding_statement(source, i) for i in sent])
