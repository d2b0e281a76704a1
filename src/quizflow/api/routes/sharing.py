"""A scenario's audience, share link and co-authors."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from quizflow.api.deps import ActorDep, SessionsDep, SettingsDep
from quizflow.api.routes import problems
from quizflow.api.schemas.classes import AudienceRead, AudienceUpdate, GrantCreate, GrantRead
from quizflow.services import audience, grants

router = APIRouter(prefix="/scenarios", tags=["authoring"])


@router.get("/{scenario_id}/audience", responses=problems(403, 404))
def get_audience(
    scenario_id: uuid.UUID, actor: ActorDep, sessions: SessionsDep, settings: SettingsDep
) -> AudienceRead:
    """Who may play it, and its share link when there is one."""
    found = audience.get_audience(
        sessions=sessions, actor=actor, public_url=settings.public_url, scenario_id=scenario_id
    )
    return AudienceRead.model_validate(found)


@router.put("/{scenario_id}/audience", responses=problems(403, 404))
def set_audience(
    scenario_id: uuid.UUID,
    body: AudienceUpdate,
    actor: ActorDep,
    sessions: SessionsDep,
    settings: SettingsDep,
) -> AudienceRead:
    """everyone, classes (its classes' learners only) or link (whoever opens its share link)."""
    found = audience.set_audience(
        sessions=sessions,
        actor=actor,
        public_url=settings.public_url,
        scenario_id=scenario_id,
        audience=body.audience,
        new_link=body.new_link,
    )
    return AudienceRead.model_validate(found)


@router.put("/{scenario_id}/grants", responses=problems(403, 404))
def grant(
    scenario_id: uuid.UUID, body: GrantCreate, actor: ActorDep, sessions: SessionsDep
) -> list[GrantRead]:
    """Give another author `edit` or `results` rights on it (owner or admin only)."""
    found = grants.grant_scenario(
        sessions=sessions, actor=actor, scenario_id=scenario_id, email=body.email, right=body.right
    )
    return [GrantRead.model_validate(g) for g in found]


@router.delete(
    "/{scenario_id}/grants/{user_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(403, 404),
)
def revoke(
    scenario_id: uuid.UUID, user_id: uuid.UUID, actor: ActorDep, sessions: SessionsDep
) -> Response:
    grants.revoke_scenario(sessions=sessions, actor=actor, scenario_id=scenario_id, user_id=user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
