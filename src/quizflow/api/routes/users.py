"""The caller's own account, its data (docs/privacy.md), and deleting accounts (admins)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from fastapi import APIRouter, Response, status
from fastapi.responses import StreamingResponse

from quizflow.api.deps import ActorDep, SessionsDep, SettingsDep
from quizflow.api.routes import problems
from quizflow.api.schemas.users import UserRead
from quizflow.services import privacy, users

router = APIRouter(tags=["account"])
_PDF: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}
}


@router.get("/me", responses=problems(404))
def me(actor: ActorDep, sessions: SessionsDep) -> UserRead:
    """Who the bearer token says you are."""
    return UserRead.model_validate(users.get_user(sessions=sessions, actor=actor))


@router.get("/me/data", responses={200: {"content": {"application/json": {}}}, **problems(404)})
def my_data(actor: ActorDep, sessions: SessionsDep) -> Response:
    """Everything quizflow holds about you: account, classes, shares, attempts with their
    answers, documents you own and the ids of the xAPI statements about you."""
    data = privacy.export_data(sessions=sessions, actor=actor)
    return Response(
        json.dumps(data, indent=2, ensure_ascii=False),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="quizflow-data.json"'},
    )


@router.get("/me/attempts.pdf", response_class=StreamingResponse, responses={**_PDF, **problems()})
def my_attempts_pdf(
    actor: ActorDep, sessions: SessionsDep, settings: SettingsDep
) -> StreamingResponse:
    """All your attempts, each with its answers, score and path, as one PDF."""
    file = privacy.attempts_pdf(sessions=sessions, settings=settings, actor=actor)
    return StreamingResponse(
        file.chunks,
        media_type=file.media_type,
        headers={"Content-Disposition": f'attachment; filename="{file.filename}"'},
    )


@router.delete("/users/{user_id}", status_code=204, responses=problems(403, 404, 409))
def delete_user(
    user_id: uuid.UUID, actor: ActorDep, sessions: SessionsDep, settings: SettingsDep
) -> Response:
    """Delete an account (admins): its attempts stay, under an anonymous placeholder, and its
    xAPI statements are voided in the LRS. 409 if it owns scenarios, classes or documents."""
    privacy.delete_learner(sessions=sessions, settings=settings, actor=actor, user_id=user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
