"""Computed analytics kept in PostgreSQL (analytics_snapshots), so large versions answer at once.

Counting a version of a few thousand attempts takes PostgreSQL milliseconds; one holding
hundreds of thousands of answers takes it 0.5–1.5 s (docs/analytics.md, B5). So every result
is kept with the *data token* it counted, and a request reads the token (one indexed
statement) before anything else:
- the kept result counted the same data: it is the answer;
- nothing is kept yet, or the version is small (under `LIVE_ATTEMPTS` attempts): it is
  counted now, kept, and answered;
- otherwise the kept result is the answer, marked `refreshing`, and the request asks for a
  recount (`refresh_wanted_at`), which the analytics worker does off the request path
  (services/analytics_worker.py). Moodle keeps its quiz statistics the same way and says when
  they were calculated; here the answer says so too (`counted_at`), and that a newer count
  is on its way.

The store is the database, not the process, so every API process and Lambda shares it.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, Literal, TypeVar

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import delete, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from quizflow.db import models as orm

UseCase = Literal["items_all", "items_first", "paths"]
T = TypeVar("T")

#: Below this many attempts on the version, a changed result is counted on the request: it
#: takes PostgreSQL well under 100 ms there, and the author sees every answer at once.
LIVE_ATTEMPTS = 2_000
#: What a kept body leaves out: the request's own facts, set on every answer.
REQUEST_FIELDS = frozenset({"counted_at", "refreshing"})

# What a result depends on: the version's attempts (their number and latest change: every
# start, answer and abandon moves user_progress.updated_at) and the filtered class's membership.
_DATA_TOKEN = text(
    """SELECT count(*) AS attempts, max(p.updated_at) AS changed,
        (SELECT count(*) FROM class_members m WHERE m.class_id = :class_id) AS members,
        (SELECT max(m.joined_at) FROM class_members m WHERE m.class_id = :class_id) AS joined
    FROM user_progress p WHERE p.version_id = :version_id"""
)


@dataclass(frozen=True, slots=True)
class Kept(Generic[T]):
    """A result, when it was counted, and whether a newer count is on its way."""

    value: T
    counted_at: datetime
    refreshing: bool


@dataclass(frozen=True, slots=True)
class Wanted:
    """A kept result a request asked to recount (claimed by one worker)."""

    id: uuid.UUID
    version_id: uuid.UUID
    class_id: uuid.UUID | None
    use_case: UseCase


@dataclass(frozen=True, slots=True)
class _Token:
    attempts: int
    text: str


def _token(session: Session, version_id: uuid.UUID, class_id: uuid.UUID | None) -> _Token:
    row = session.execute(_DATA_TOKEN, {"version_id": version_id, "class_id": class_id}).one()
    return _Token(int(row.attempts), "|".join(str(part) for part in row))


def _scope(class_id: uuid.UUID | None) -> str:
    return "all" if class_id is None else str(class_id)


def kept_or_counted(
    session: Session,
    *,
    use_case: UseCase,
    version_id: uuid.UUID,
    class_id: uuid.UUID | None,
    count: Callable[[], T],
    adapter: TypeAdapter[T],
    live_attempts: int = LIVE_ATTEMPTS,
) -> Kept[T]:
    """The result for the request, by the rules in this module's docstring. Commits."""
    token = _token(session, version_id, class_id)  # before counting: never newer than the count
    snap = orm.AnalyticsSnapshot
    found = session.execute(
        select(snap.id, snap.data_token, snap.body, snap.computed_at, snap.refresh_wanted_at).where(
            snap.version_id == version_id,
            snap.use_case == use_case,
            snap.scope == _scope(class_id),
        )
    ).one_or_none()
    value = _readable(adapter, found.body) if found is not None else None
    if found is not None and value is not None and found.data_token == token.text:
        return Kept(value, found.computed_at, refreshing=False)
    if found is not None and value is not None and token.attempts >= live_attempts:
        if found.refresh_wanted_at is None:
            _want_refresh(session, found.id)
        session.commit()
        return Kept(value, found.computed_at, refreshing=True)
    kept = _count_and_keep(session, use_case, version_id, class_id, token, count, adapter)
    session.commit()
    return kept


def _readable(adapter: TypeAdapter[T], body: object) -> T | None:
    """The kept body as a result, or None when it no longer reads as one (kept by an older
    release whose result had another shape): then it is counted again, never an error."""
    try:
        return adapter.validate_python(body)
    except ValidationError:
        return None


def _want_refresh(session: Session, snapshot_id: uuid.UUID) -> None:
    # SKIP LOCKED: a worker recounting this very row holds it; the request must not wait for
    # that (and the recount it wants is under way).
    session.execute(
        text(
            """UPDATE analytics_snapshots SET refresh_wanted_at = now()
            WHERE id = (SELECT id FROM analytics_snapshots
                        WHERE id = :id AND refresh_wanted_at IS NULL FOR UPDATE SKIP LOCKED)"""
        ),
        {"id": snapshot_id},
    )


def _count_and_keep(
    session: Session,
    use_case: UseCase,
    version_id: uuid.UUID,
    class_id: uuid.UUID | None,
    token: _Token,
    count: Callable[[], T],
    adapter: TypeAdapter[T],
) -> Kept[T]:
    started = time.perf_counter()
    value = count()
    elapsed_ms = round((time.perf_counter() - started) * 1000)
    counted_at = datetime.now(UTC)
    body = adapter.dump_python(value, mode="json", exclude=set(REQUEST_FIELDS))
    fresh = {
        "data_token": token.text,
        "body": body,
        "computed_at": counted_at,
        "compute_ms": elapsed_ms,
        "refresh_wanted_at": None,
    }
    session.execute(
        insert(orm.AnalyticsSnapshot)
        .values(
            version_id=version_id,
            class_id=class_id,
            use_case=use_case,
            scope=_scope(class_id),
            **fresh,
        )
        .on_conflict_do_update(
            index_elements=["version_id", "use_case", "scope"],
            set_=fresh,
        )
    )
    return Kept(value, counted_at, refreshing=False)


def claim_wanted(session: Session) -> Wanted | None:
    """The longest-wanted recount no other worker holds, locked until the session ends."""
    snap = orm.AnalyticsSnapshot
    row = session.execute(
        select(snap.id, snap.version_id, snap.class_id, snap.use_case)
        .where(snap.refresh_wanted_at.is_not(None))
        .order_by(snap.refresh_wanted_at)
        .limit(1)
        .with_for_update(skip_locked=True)
    ).one_or_none()
    if row is None:
        return None
    return Wanted(row.id, row.version_id, row.class_id, row.use_case)


def recount(
    session: Session, wanted: Wanted, count: Callable[[], T], adapter: TypeAdapter[T]
) -> Kept[T]:
    """Count a claimed result afresh and keep it (the caller commits)."""
    token = _token(session, wanted.version_id, wanted.class_id)
    return _count_and_keep(
        session, wanted.use_case, wanted.version_id, wanted.class_id, token, count, adapter
    )


def forget_all(session: Session) -> None:
    """Drop every kept result (benchmarks measure counting; the caller commits)."""
    session.execute(delete(orm.AnalyticsSnapshot))
