"""Images an author uploads for questions: kept by their content, recognised by their bytes.

The bytes say what an image is, never the client's content type or file name: PNG, JPEG, GIF
and WebP, each by its signature. The key is the one the sanitiser lets through
(`objects/ab/<sha256>.<ext>`). The upload is recorded as a document of its uploader holding
that key: that is who may see it before a question shows it, and what keeps `quizflow storage
gc` from sweeping it (it keeps every key a document refers to).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.documents.importers.limits import check_upload_size
from quizflow.errors import UnsupportedMediaTypeError
from quizflow.services import access, objects
from quizflow.settings import Settings
from quizflow.storage.base import BlobStore, content_key

#: What each kind of image the studio takes is called in a key, and served as.
IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}


@dataclass(frozen=True, slots=True)
class StoredImage:
    key: str
    media_type: str


def image_extension(data: bytes) -> str | None:
    """The extension of an image by its signature (magic bytes), or None if not one we take."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if len(data) >= 12 and data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "webp"
    return None


def upload_image(
    *,
    sessions: sessionmaker[Session],
    store: BlobStore,
    settings: Settings,
    actor: Principal,
    filename: str,
    data: bytes,
) -> StoredImage:
    """Store an image and record it as the actor's; the same bytes are stored (and recorded
    for one author) once. Raises ForbiddenError for learners, DocumentTooLargeError over the
    documents' size limit, UnsupportedMediaTypeError for anything but PNG, JPEG, GIF, WebP."""
    access.require_author(actor, "upload images")
    check_upload_size(data, filename=filename, max_bytes=settings.max_upload_bytes)
    extension = image_extension(data)
    if extension is None:
        raise UnsupportedMediaTypeError(
            f"{filename} is not a PNG, JPEG, GIF or WebP image (judged by its content)"
        )
    media_type = IMAGE_TYPES[extension]
    key = content_key(data, extension=extension)
    digest = hashlib.sha256(data).hexdigest()
    with objects.staging(sessions=sessions, store=store) as staged:
        url = staged.put(key, data, media_type)
        with staged.recording(sessions) as session:
            access.require_account(session, actor)
            known = session.scalar(
                select(orm.Document.id).where(
                    orm.Document.owner_id == actor.user_id,
                    orm.Document.object_keys.contains([key]),
                )
            )
            if known is None:
                session.add(
                    orm.Document(
                        owner_id=actor.user_id,
                        filename=(filename or f"image.{extension}")[:255],
                        media_type=media_type,
                        size_bytes=len(data),
                        sha256=digest,
                        content_text="",
                        content_html="",
                        original_url=url,
                        object_keys=[key],
                    )
                )
    return StoredImage(key=key, media_type=media_type)
