"""Documents: upload and normalise, store by size, read back, and turn into questions.

Objects (the original, images, large content) are put first, outside any transaction, and the
row that refers to them is recorded after in one short transaction (see services.objects for
how that stays consistent with failures and garbage collection).
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.documents.importers.limits import check_upload_size
from quizflow.documents.model import NormalizedDocument
from quizflow.errors import NotFoundError
from quizflow.services import access, objects
from quizflow.services.images import IMAGE_TYPES
from quizflow.settings import Settings
from quizflow.storage.base import BlobStore, content_key

Progress = Callable[[str], None]


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


@dataclass(frozen=True, slots=True)
class StoredParts:
    """Where a document's parts were put, for the row that records them."""

    filename: str
    media_type: str
    size_bytes: int
    sha256: str
    html: str
    text: str
    original_url: str
    storage_url: str | None
    object_keys: list[str]


def put_parts(
    staged: objects.Staged,
    *,
    settings: Settings,
    filename: str,
    data: bytes,
    document: NormalizedDocument,
    media_type: str | None,
    progress: Progress | None = None,
) -> StoredParts:
    """Put the original, its images and (when large) its content; no database is touched."""
    check_upload_size(data, filename=filename, max_bytes=settings.max_upload_bytes)
    report = progress or (lambda _: None)
    extension = filename.rsplit(".", 1)[-1].lower()[:10] if "." in filename else "bin"
    report("storing the original")
    kind = _media_type(filename, media_type)
    original = staged.put(content_key(data, extension=extension), data, kind)
    for image in document.images:
        staged.put(image.key, image.data, image.media_type)
    html, text = document.html, document.text
    storage_url = None
    if len(html.encode()) + len(text.encode()) >= settings.inline_content_max_bytes:
        report("storing the content in object storage")
        payload = json.dumps({"html": html, "text": text}, ensure_ascii=False).encode()
        storage_url = staged.put(
            content_key(payload, extension="json", namespace="content"), payload, "application/json"
        )
    return StoredParts(
        filename=filename[:255],
        media_type=kind,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        html=html,
        text=text,
        original_url=original,
        storage_url=storage_url,
        object_keys=list(staged.keys),
    )


def record_document(session: Session, actor: Principal, parts: StoredParts) -> DocumentView:
    """Add the row of a document whose parts are stored, inside the caller's transaction."""
    access.require_account(session, actor)
    inline = parts.storage_url is None
    row = orm.Document(
        owner_id=actor.user_id,
        filename=parts.filename,
        media_type=parts.media_type,
        size_bytes=parts.size_bytes,
        sha256=parts.sha256,
        content_text=parts.text if inline else None,
        content_html=parts.html if inline else None,
        storage_url=parts.storage_url,
        original_url=parts.original_url,
        object_keys=parts.object_keys,
    )
    session.add(row)
    session.flush()
    session.refresh(row)
    return _view(row)


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
    """Keep an imported document: original and images as objects, content inline or stored.

    Nothing is kept when any step fails: no row, and no object this upload created.
    """
    access.require_author(actor, "upload documents")
    with objects.staging(sessions=sessions, store=store) as staged:
        parts = put_parts(
            staged,
            settings=settings,
            filename=filename,
            data=data,
            document=document,
            media_type=media_type,
            progress=progress,
        )
        with staged.recording(sessions) as session:
            return record_document(session, actor, parts)


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
    """The actor's documents, newest first (not the images uploaded for questions, which are
    recorded as documents too: see services/images.py)."""
    access.require_author(actor, "list documents")
    with sessions() as session:
        rows = session.scalars(
            select(orm.Document)
            .where(
                orm.Document.owner_id == actor.user_id,
                orm.Document.media_type.not_in(list(IMAGE_TYPES.values())),
            )
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
    with sessions.begin() as session:
        # Waits for uploads recording their rows and holds new ones off until the sweep is
        # done; an upload whose objects were swept before its row was recorded puts them back.
        objects.hold_for_deleting(session)
        keep = objects.referenced_keys(session)
        examined = 0
        deleted: list[str] = []
        for key in list(store.iter_keys()):
            examined += 1
            if key not in keep:
                deleted.append(key)
                if not dry_run:
                    store.delete(store.url_for(key))
        return GcReport(examined, len(keep), deleted)
