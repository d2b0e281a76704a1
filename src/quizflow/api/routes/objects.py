"""Objects: images authors upload for questions, served to whoever may see a question with one."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, File, Path, UploadFile, status
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from quizflow.api.deps import ActorDep, SessionsDep, SettingsDep, StoreDep, UploadSlotsDep
from quizflow.api.routes import problems
from quizflow.api.schemas.objects import ObjectRead
from quizflow.errors import DocumentTooLargeError
from quizflow.services import access, images, object_access

router = APIRouter(prefix="/objects", tags=["objects"])

_PREFIX = Path(pattern=r"^[0-9a-f]{2}$", description="The first two hex digits of the SHA-256")
_NAME = Path(
    pattern=r"^[0-9a-f]{64}\.[a-z0-9]{1,16}$", description="`<sha256>.<ext>` of the object"
)
_IMAGES = ["image/png", "image/jpeg", "image/gif", "image/webp", "application/octet-stream"]


@router.post("", status_code=status.HTTP_201_CREATED, responses=problems(403, 413, 415))
async def upload_image(
    file: Annotated[UploadFile, File(description="A PNG, JPEG, GIF or WebP image")],
    actor: ActorDep,
    sessions: SessionsDep,
    settings: SettingsDep,
    store: StoreDep,
    slots: UploadSlotsDep,
) -> ObjectRead:
    """Upload an image for a question or a context (authors; judged by its bytes, not its
    declared type). The same bytes always get the same key."""
    access.require_author(actor, "upload images")  # who asks comes before what they sent
    data = await file.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise DocumentTooLargeError(
            f"the upload is larger than the limit of {settings.max_upload_bytes} bytes"
        )
    stored = await slots.run(
        partial(
            images.upload_image,
            sessions=sessions,
            store=store,
            settings=settings,
            actor=actor,
            filename=file.filename or "image",
            data=data,
        )
    )
    return ObjectRead(key=stored.key, url=f"/api/{stored.key}")


@router.get(
    "/{prefix}/{name}",
    response_class=Response,
    responses={
        200: {
            "description": "The image's bytes (local storage)",
            "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in _IMAGES},
        },
        302: {"description": "Object storage: a presigned URL that serves it for a few minutes"},
        **problems(404, 503),
    },
)
async def read_object(
    prefix: Annotated[str, _PREFIX],
    name: Annotated[str, _NAME],
    actor: ActorDep,
    sessions: SessionsDep,
    store: StoreDep,
) -> Response:
    """An image, for someone who may see a question or context showing it; 404 for others."""
    found = await run_in_threadpool(
        partial(
            object_access.open_object,
            sessions=sessions,
            store=store,
            actor=actor,
            key=f"objects/{prefix}/{name}",
        )
    )
    # Content-addressed: the bytes behind a key never change, but who may see them can.
    headers = {"Cache-Control": "private, max-age=300", "X-Content-Type-Options": "nosniff"}
    if found.redirect_to is not None:
        return RedirectResponse(found.redirect_to, status_code=302, headers=headers)
    assert found.chunks is not None
    headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return StreamingResponse(found.chunks, media_type=found.media_type, headers=headers)
