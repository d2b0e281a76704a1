"""The xAPI outbox: statements queued with the change they report, claimed by delivery workers.

Queueing is one INSERT in the caller's transaction (an answer that rolls back queues nothing,
and nothing but that insert stands between a learner and their answer). Claiming takes a lease:
rows are picked with FOR UPDATE SKIP LOCKED, so two workers never take the same row, and their
next_attempt_at is moved past the lease in the same short transaction, so a worker that dies
mid-delivery only delays its rows until the lease ends. The HTTP request runs with no
transaction open.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, Text, bindparam, cast, delete, func, select, update
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.types import Uuid

from quizflow.db import models as orm

OUTBOX: Table = orm.XapiOutbox.__table__  # type: ignore[assignment]

#: Queue the statements bound as `xapi_ids` / `xapi_statements` (JSON texts). A statement
#: already queued (same id) is left as it is. Usable as a CTE of a larger statement.
QUEUE = (
    pg_insert(OUTBOX)
    .from_select(
        ["id", "statement"],
        select(
            func.unnest(bindparam("xapi_ids", type_=ARRAY(Uuid))),
            cast(func.unnest(bindparam("xapi_statements", type_=ARRAY(Text))), JSONB),
        ),
    )
    .on_conflict_do_nothing(index_elements=["id"])
)


def queue_parameters(statements: Sequence[dict[str, Any]]) -> dict[str, object]:
    """The bind parameters of `QUEUE` for these statements (none: an insert of nothing)."""
    return {
        "xapi_ids": [uuid.UUID(s["id"]) for s in statements],
        "xapi_statements": [json.dumps(s, separators=(",", ":")) for s in statements],
    }


def queue(connection: Connection, statements: Sequence[dict[str, Any]]) -> None:
    """Queue statements in the connection's transaction."""
    if statements:
        connection.execute(QUEUE, queue_parameters(statements))


@dataclass(frozen=True, slots=True)
class Claimed:
    id: uuid.UUID
    statement: dict[str, Any]
    attempts: int


def claim(sessions: sessionmaker[Session], *, limit: int, lease: timedelta) -> list[Claimed]:
    """Take up to `limit` statements that are due, oldest first, for `lease`."""
    due = (
        select(OUTBOX.c.id)
        .where(OUTBOX.c.delivered_at.is_(None), OUTBOX.c.next_attempt_at <= func.now())
        .order_by(OUTBOX.c.next_attempt_at, OUTBOX.c.created_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    taken = (
        update(OUTBOX)
        .where(OUTBOX.c.id.in_(due))
        .values(next_attempt_at=func.now() + lease, attempts=OUTBOX.c.attempts + 1)
        .returning(OUTBOX.c.id, OUTBOX.c.statement, OUTBOX.c.attempts, OUTBOX.c.created_at)
    )
    with sessions.begin() as session:
        rows = sorted(session.connection().execute(taken), key=lambda row: row.created_at)
    return [Claimed(row.id, row.statement, row.attempts) for row in rows]


def mark_delivered(sessions: sessionmaker[Session], ids: Sequence[uuid.UUID]) -> None:
    """Record that the LRS holds these statements."""
    if not ids:
        return
    with sessions.begin() as session:
        session.connection().execute(
            update(OUTBOX)
            .where(OUTBOX.c.id.in_(list(ids)))
            .values(delivered_at=func.now(), last_error=None)
        )


def mark_failed(
    sessions: sessionmaker[Session], retry_at: dict[uuid.UUID, datetime], error: str
) -> None:
    """Put statements back in the queue, each due again at its own time."""
    if not retry_at:
        return
    with sessions.begin() as session:
        connection = session.connection()
        for statement_id, when in retry_at.items():
            connection.execute(
                update(OUTBOX)
                .where(OUTBOX.c.id == statement_id)
                .values(next_attempt_at=when, last_error=error[:2000])
            )


def prune(sessions: sessionmaker[Session], *, delivered_before: timedelta) -> int:
    """Delete statements the LRS has held for longer than `delivered_before`; returns how many.
    Undelivered statements are never deleted."""
    with sessions.begin() as session:
        result = session.connection().execute(
            delete(OUTBOX).where(
                OUTBOX.c.delivered_at.is_not(None),
                OUTBOX.c.delivered_at < func.now() - delivered_before,
            )
        )
    return int(result.rowcount)


@dataclass(frozen=True, slots=True)
class OutboxStatus:
    queued: int
    waiting_retry: int
    delivered: int
    oldest_queued_at: datetime | None
    last_error: str | None


def status(sessions: sessionmaker[Session]) -> OutboxStatus:
    """How many statements wait, wait after a failure, and were delivered."""
    pending = OUTBOX.c.delivered_at.is_(None)
    query = select(
        func.count().filter(pending),
        func.count().filter(pending, OUTBOX.c.attempts > 0),
        func.count().filter(OUTBOX.c.delivered_at.is_not(None)),
        func.min(OUTBOX.c.created_at).filter(pending),
    )
    last_error = (
        select(OUTBOX.c.last_error)
        .where(pending, OUTBOX.c.last_error.is_not(None))
        .order_by(OUTBOX.c.next_attempt_at.desc())
        .limit(1)
    )
    with sessions() as session:
        queued, retrying, delivered, oldest = session.execute(query).one()
        error = session.execute(last_error).scalar_one_or_none()
    return OutboxStatus(queued, retrying, delivered, oldest, error)
