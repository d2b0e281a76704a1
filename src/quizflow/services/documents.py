"""Documents: upload and normalise, store by size, read back, and turn into questions.

Ordering is what keeps storage and database consistent. Objects are written first
(content-addressed, so a repeated upload stores nothing new); the row that refers to them is
committed after. If the object store fails, no row is written. If the commit fails, the
objects this upload created are deleted again; a crash in between leaves only unreferenced
objects, which `quizflow storage gc` sweeps.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import mimetypes
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.documents.importers.limits import check_upload_size
from quizflow.documents.model import NormalizedDocument
from quizflow.errors import NotFoundError, QuizflowError
from quizflow.services import access
from quizflow.settings import Settings
from quizflow.storage.base import BlobStore, content_key

Progress = Callable[[str], None]

# Uploads hold this advisory lock shared from their first object to their commit; the garbage
# collector takes it exclusively, so it never mistakes an upload in flight for an orphan.
_OBJECTS_LOCK = 0x71667F01


@contextlib.contextmanager
def _upload_guard(sessions: sessionmaker[Session]) -> Iterator[None]:
    with sessions() as session:
        session.execute(text("SELECT pg_advisory_lock_shared(:k)"), {"k": _OBJECTS_LOCK})
        try:
            yield
        finally:
            session.execute(text("SELECT pg_advisory_unlock_shared(:k)"), {"k": _OBJECTS_LOCK})
            session.commit()


@dataclass(frozen=True, slots=True)
class DocumentView:
    id: uuid.UUID
    owner_id: uuid.UUID
    filename: str
    media_type: str
    size_bytes: int
    sha256: str
    storage: Literal["inline", "object"]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class DocumentContent:
    document: DocumentView
    html: str
    text: str
    #: For content kept in object storage: a time-limited download URL, when the store has one.
    download_url: str | None


def _view(row: orm.Document) -> DocumentView:
    return DocumentView(
        id=row.id,
        owner_id=row.owner_id,
        filename=row.filename,
        media_type=row.media_type,
        size_bytes=row.size_bytes,
        sha256=row.sha256.strip(),
        storage="object" if row.storage_url else "inline",
        created_at=row.created_at,
    )


def _media_type(filename: str, declared: str | None) -> str:
    if declared and declared != "application/octet-stream":
        return declared.split(";")[0].strip()[:255]
    guessed, _ = mimetypes.guess_type(filename)
    return guessed or "application/octet-stream"


class _Uploads:
    """Objects written by one upload, so that they can be removed if the upload fails."""

    def __init__(self, store: BlobStore) -> None:
        self.store = store
        self.created: list[str] = []
        self.keys: list[str] = []

    def put(self, key: str, data: bytes, content_type: str) -> str:
        existed = self.store.exists(key)
        url = self.store.put(key, data, content_type=content_type)
        self.keys.append(key)
        if not existed:
            self.created.append(url)
        return url

    def undo(self) -> None:
        for url in self.created:
            with contextlib.suppress(QuizflowError):  # else left for `quizflow storage gc`
                self.store.delete(url)


def store_document(
    *,
    sessions: sessionmaker[Session],
    store: BlobStore,
    settings: Settings,
    actor: Principal,
    filename: str,
    data: bytes,
    document: NormalizedDocument,
    media_type: str | None = None,
    progress: Progress | None = None,
) -> DocumentView:
    """Keep an imported document: original and images as objects, content inline or stored."""
    access.require_author(actor, "upload documents")
    check_upload_size(data, filename=filename, max_bytes=settings.max_upload_bytes)
    with _upload_guard(sessions):
        return _store(
            sessions, store, settings, actor, filename, data, document, media_type, progress
        )


def _store(
    sessions: sessionmaker[Session],
    store: BlobStore,
    settings: Settings,
    actor: Principal,
    filename: str,
    data: bytes,
    document: NormalizedDocument,
    media_type: str | None,
    progress: Progress | None,
) -> DocumentView:
    report = progress or (lambda _: None)
    sha = hashlib.sha256(data).hexdigest()
    extension = filename.rsplit(".", 1)[-1].lower()[:10] if "." in filename else "bin"
    uploads = _Uploads(store)
    report("storing the original")
    kind = _media_type(filename, media_type)
    original = uploads.put(content_key(data, extension=extension), data, kind)
    for image in document.images:
        uploads.put(image.key, image.data, image.media_type)
    html, text = document.html, document.text
    size = len(html.encode()) + len(text.encode())
    storage_url = None
    if size >= settings.inline_content_max_bytes:
        report("storing the content in object storage")
        payload = json.dumps({"html": html, "text": text}, ensure_ascii=False).encode()
        storage_url = uploads.put(
            content_key(payload, extension="json", namespace="content"), payload, "application/json"
        )
    try:
        with sessions.begin() as session:
            access.require_account(session, actor)
            row = orm.Document(
                owner_id=actor.user_id,
                filename=filename[:255],
                media_type=kind,
                size_bytes=len(data),
                sha256=sha,
                content_text=None if storage_url else text,
                content_html=None if storage_url else html,
                storage_url=storage_url,
                original_url=original,
                object_keys=uploads.keys,
            )
            session.add(row)
            session.flush()
            session.refresh(row)
            return _view(row)
    except BaseException:
        uploads.undo()
        raise


def _owned(session: Session, actor: Principal, document_id: uuid.UUID) -> orm.Document:
    row = session.get(orm.Document, document_id)
    if row is None or (row.owner_id != actor.user_id and not actor.is_admin):
        raise NotFoundError(f"document {document_id} does not exist")
    return row


def read_document(
    *,
    sessions: sessionmaker[Session],
    store: BlobStore,
    settings: Settings,
    actor: Principal,
    document_id: uuid.UUID,
) -> DocumentContent:
    """The document's normalised content, wherever it is kept."""
    with sessions() as session:
        row = _owned(session, actor, document_id)
        view = _view(row)
        storage_url = row.storage_url
        html, text = row.content_html or "", row.content_text or ""
    if storage_url is None:
        return DocumentContent(view, html, text, None)
    stored = json.loads(store.get(storage_url))
    url = store.presigned_url(storage_url, ttl_s=settings.presigned_url_ttl_s)
    return DocumentContent(view, stored["html"], stored["text"], url)


def list_documents(*, sessions: sessionmaker[Session], actor: Principal) -> list[DocumentView]:
    """The actor's documents, newest first."""
    access.require_author(actor, "list documents")
    with sessions() as session:
        rows = session.scalars(
            select(orm.Document)
            .where(orm.Document.owner_id == actor.user_id)
            .order_by(orm.Document.created_at.desc())
        )
        return [_view(r) for r in rows]


@dataclass(frozen=True, slots=True)
class GcReport:
    examined: int
    referenced: int
    deleted: list[str]


def collect_garbage(
    *, sessions: sessionmaker[Session], store: BlobStore, dry_run: bool = False
) -> GcReport:
    """Delete objects no document refers to (left by a crash between upload and commit)."""
    with sessions() as session:
        # Waits for uploads in flight; holds new ones off until the sweep is done.
        session.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _OBJECTS_LOCK})
        try:
            keep: set[str] = set()
            for row_keys in session.scalars(select(orm.Document.object_keys)):
                keep.update(row_keys or ())
            examined = 0
            deleted: list[str] = []
            for key in list(store.iter_keys()):
                examined += 1
                if key not in keep:
                    deleted.append(key)
                    if not dry_run:
                        store.delete(store.url_for(key))
            return GcReport(examined, len(keep), deleted)
        finally:
            session.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _OBJECTS_LOCK})
            session.commit()
