"""The caller's own account."""

from __future__ import annotations

from fastapi import APIRouter

from quizflow.api.deps import ActorDep, SessionsDep
from quizflow.api.routes import problems
from quizflow.api.schemas.users import UserRead
from quizflow.services import users

router = APIRouter(tags=["account"])


@router.get("/me", responses=problems(404))
def me(actor: ActorDep, sessions: SessionsDep) -> UserRead:
    """Who the bearer token says you are."""
    return UserRead.model_validate(users.get_user(sessions=sessions, actor=actor))
