"""Objects in storage and the rows that refer to them, kept consistent without long transactions.

A use case that keeps objects puts them first, holding no database connection (an upload can
take seconds; learners need the connections meanwhile), then records its rows in one short
transaction. Keys are content-addressed, so the same bytes are stored once.

Deleting is the dangerous side: an object nobody refers to yet may be one that an upload in
flight is about to record. Every deleter (a failed use case undoing its own objects, the
garbage collector) holds an advisory lock exclusively while it checks references and deletes;
every recording transaction holds it shared. So a deleter either sees the new row and keeps
the object, or it finished deleting before the row was committed; in that case the upload puts
the object again after its commit (`Staged.repair`). What only a crash can leave behind is an
unreferenced object, which `quizflow storage gc` sweeps.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator

from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from quizflow.db import models as orm
from quizflow.errors import QuizflowError
from quizflow.storage.base import BlobStore

_OBJECTS_LOCK = 0x71667F01


def hold_for_recording(session: Session) -> None:
    """In a transaction that records references to objects: keep deleters out until it ends."""
    session.execute(text("SELECT pg_advisory_xact_lock_shared(:k)"), {"k": _OBJECTS_LOCK})


def hold_for_deleting(session: Session) -> None:
    """In a transaction that deletes unreferenced objects: wait for recorders, keep them out."""
    session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _OBJECTS_LOCK})


def referenced_keys(session: Session, keys: Iterable[str] | None = None) -> set[str]:
    """The object keys some document refers to (of `keys`, or all of them)."""
    query = select(func.unnest(orm.Document.object_keys))
    if keys is not None:
        wanted = list(keys)
        if not wanted:
            return set()
        query = query.where(orm.Document.object_keys.overlap(wanted))
    return set(session.scalars(query))


class Staged:
    """The objects one use case put, to record, repair or remove as its transaction goes."""

    def __init__(self, store: BlobStore) -> None:
        self.store = store
        #: Every key put, in order: what the rows must refer to.
        self.keys: list[str] = []
        self._created: list[str] = []
        self._data: dict[str, tuple[bytes, str]] = {}

    def put(self, key: str, data: bytes, content_type: str) -> str:
        """Store an object (outside any transaction); return its URL."""
        existed = self.store.exists(key)
        url = self.store.put(key, data, content_type=content_type)
        if key not in self._data:
            self.keys.append(key)
            self._data[key] = (data, content_type)
            if not existed:
                self._created.append(key)
        return url

    @contextlib.contextmanager
    def recording(self, sessions: sessionmaker[Session]) -> Iterator[Session]:
        """The one short transaction that records rows referring to these objects."""
        with sessions.begin() as session:
            hold_for_recording(session)
            yield session

    def repair(self) -> None:
        """After the commit: put back any object a deleter removed before the row existed.

        The use case has happened by now, so a store failing here is not its failure: what
        cannot be put back is reported by the read that misses it.
        """
        with contextlib.suppress(QuizflowError):
            for key in self.keys:
                if not self.store.exists(key):
                    data, content_type = self._data[key]
                    self.store.put(key, data, content_type=content_type)

    def discard(self, sessions: sessionmaker[Session]) -> None:
        """After a failure: delete the objects this use case created that nothing refers to.

        When the database cannot be asked, the objects stay for `quizflow storage gc`.
        """
        if not self._created:
            return
        with contextlib.suppress(QuizflowError, SQLAlchemyError), sessions.begin() as session:
            hold_for_deleting(session)
            for key in sorted(set(self._created) - referenced_keys(session, self._created)):
                self.store.delete(self.store.url_for(key))


@contextlib.contextmanager
def staging(*, sessions: sessionmaker[Session], store: BlobStore) -> Iterator[Staged]:
    """Objects put inside this block are removed again if the block fails, repaired if not."""
    staged = Staged(store)
    try:
        yield staged
    except BaseException:
        staged.discard(sessions)
        raise
    staged.repair()
