"""Classes: members, joining, assignments and co-authors. Authors manage; learners join."""

from __future__ import annotations

import math
import uuid

from fastapi import APIRouter, Request, Response, status

from quizflow.api.deps import ActorDep, SessionsDep, SettingsDep
from quizflow.api.rate_limits import limiter
from quizflow.api.routes import problems
from quizflow.api.schemas.classes import (
    AssignmentRead,
    AssignmentWrite,
    ClassCreate,
    ClassRead,
    GrantCreate,
    GrantRead,
    JoinCodeUpdate,
    JoinRequest,
    LearnersAdd,
    LearnersAdded,
    MemberRead,
)
from quizflow.errors import TooManyAttemptsError
from quizflow.services import classes, grants

router = APIRouter(prefix="/classes", tags=["classes"])
# Routes name `{class_id:uuid}` so that /classes/join, asked with another method than POST, is
# a 405 with its `Allow` header rather than a read of a class whose id would be "join".
NO_CONTENT = Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("", status_code=status.HTTP_201_CREATED, responses=problems(403))
def create_class(
    body: ClassCreate, actor: ActorDep, sessions: SessionsDep, settings: SettingsDep
) -> ClassRead:
    """A new class of yours, with a join code."""
    found = classes.create_class(
        sessions=sessions, settings=settings, actor=actor, title=body.title
    )
    return ClassRead.model_validate(found)


@router.get("", responses=problems(403))
def list_classes(actor: ActorDep, sessions: SessionsDep, settings: SettingsDep) -> list[ClassRead]:
    """The classes you own or were given rights on (all, for admins)."""
    found = classes.list_classes(sessions=sessions, settings=settings, actor=actor)
    return [ClassRead.model_validate(c) for c in found]


@router.post("/join", responses=problems(404, 429))
def join_class(
    body: JoinRequest,
    request: Request,
    actor: ActorDep,
    sessions: SessionsDep,
    settings: SettingsDep,
) -> ClassRead:
    """Join a class with its code (QUIZFLOW_AUTH_RATE_LIMIT tries per account and window)."""
    # Per account, not per address: a whole classroom behind one school's NAT joins at once,
    # while one account guessing codes is stopped after a few tries.
    wait = limiter(request, "class-join").hit(str(actor.user_id))
    if wait is not None:
        seconds = max(1, math.ceil(wait))
        raise TooManyAttemptsError(
            f"too many join codes tried: try again in {seconds} s", retry_after_s=seconds
        )
    found = classes.join_class(sessions=sessions, settings=settings, actor=actor, code=body.code)
    return ClassRead.model_validate(found)


@router.get("/{class_id:uuid}", responses=problems(403, 404))
def get_class(
    class_id: uuid.UUID, actor: ActorDep, sessions: SessionsDep, settings: SettingsDep
) -> ClassRead:
    found = classes.get_class(sessions=sessions, settings=settings, actor=actor, class_id=class_id)
    return ClassRead.model_validate(found)


@router.patch("/{class_id:uuid}", responses=problems(403, 404))
def rename_class(
    class_id: uuid.UUID,
    body: ClassCreate,
    actor: ActorDep,
    sessions: SessionsDep,
    settings: SettingsDep,
) -> ClassRead:
    found = classes.rename_class(
        sessions=sessions, settings=settings, actor=actor, class_id=class_id, title=body.title
    )
    return ClassRead.model_validate(found)


@router.delete("/{class_id:uuid}", status_code=204, responses=problems(403, 404))
def delete_class(class_id: uuid.UUID, actor: ActorDep, sessions: SessionsDep) -> Response:
    """Delete the class (owner or admin): memberships and assignments go; attempts stay."""
    classes.delete_class(sessions=sessions, actor=actor, class_id=class_id)
    return NO_CONTENT


@router.post("/{class_id:uuid}/join-code", responses=problems(403, 404))
def rotate_join_code(
    class_id: uuid.UUID,
    body: JoinCodeUpdate,
    actor: ActorDep,
    sessions: SessionsDep,
    settings: SettingsDep,
) -> ClassRead:
    """A new join code and invitation link (the old ones stop working), or joining turned off."""
    found = classes.rotate_join_code(
        sessions=sessions, settings=settings, actor=actor, class_id=class_id, enabled=body.enabled
    )
    return ClassRead.model_validate(found)


@router.get("/{class_id:uuid}/members", responses=problems(403, 404))
def list_members(class_id: uuid.UUID, actor: ActorDep, sessions: SessionsDep) -> list[MemberRead]:
    found = classes.list_members(sessions=sessions, actor=actor, class_id=class_id)
    return [MemberRead.model_validate(m) for m in found]


@router.post("/{class_id:uuid}/members", responses=problems(403, 404))
def add_learners(
    class_id: uuid.UUID,
    body: LearnersAdd,
    actor: ActorDep,
    sessions: SessionsDep,
    settings: SettingsDep,
) -> LearnersAdded:
    """Add learners by email, all or none; addresses with no account get one, and a link."""
    found = classes.add_learners(
        sessions=sessions, settings=settings, actor=actor, class_id=class_id, emails=body.emails
    )
    return LearnersAdded.model_validate(
        {
            "added": [MemberRead.model_validate(m) for m in found.added],
            "already_members": list(found.already_members),
            "invitations": [{"email": e, "url": u} for e, u in found.invitations],
        }
    )


@router.delete("/{class_id:uuid}/members/{user_id}", status_code=204, responses=problems(403, 404))
def remove_member(
    class_id: uuid.UUID, user_id: uuid.UUID, actor: ActorDep, sessions: SessionsDep
) -> Response:
    classes.remove_member(sessions=sessions, actor=actor, class_id=class_id, user_id=user_id)
    return NO_CONTENT


@router.get("/{class_id:uuid}/assignments", responses=problems(403, 404))
def list_assignments(
    class_id: uuid.UUID, actor: ActorDep, sessions: SessionsDep
) -> list[AssignmentRead]:
    found = classes.list_assignments(sessions=sessions, actor=actor, class_id=class_id)
    return [AssignmentRead.model_validate(a) for a in found]


@router.put("/{class_id:uuid}/assignments", responses=problems(403, 404))
def assign(
    class_id: uuid.UUID, body: AssignmentWrite, actor: ActorDep, sessions: SessionsDep
) -> AssignmentRead:
    """Assign a scenario you may edit to the class, or change its open and due dates."""
    found = classes.assign(
        sessions=sessions,
        actor=actor,
        class_id=class_id,
        scenario_id=body.scenario_id,
        open_at=body.open_at,
        due_at=body.due_at,
    )
    return AssignmentRead.model_validate(found)


@router.delete(
    "/{class_id:uuid}/assignments/{scenario_id}", status_code=204, responses=problems(403, 404)
)
def unassign(
    class_id: uuid.UUID, scenario_id: uuid.UUID, actor: ActorDep, sessions: SessionsDep
) -> Response:
    classes.unassign(sessions=sessions, actor=actor, class_id=class_id, scenario_id=scenario_id)
    return NO_CONTENT


@router.put("/{class_id:uuid}/grants", responses=problems(403, 404))
def grant(
    class_id: uuid.UUID, body: GrantCreate, actor: ActorDep, sessions: SessionsDep
) -> list[GrantRead]:
    """Give another author `edit` or `results` rights on the class (owner or admin only)."""
    found = grants.grant_class(
        sessions=sessions, actor=actor, class_id=class_id, email=body.email, right=body.right
    )
    return [GrantRead.model_validate(g) for g in found]


@router.delete("/{class_id:uuid}/grants/{user_id}", status_code=204, responses=problems(403, 404))
def revoke(
    class_id: uuid.UUID, user_id: uuid.UUID, actor: ActorDep, sessions: SessionsDep
) -> Response:
    grants.revoke_class(sessions=sessions, actor=actor, class_id=class_id, user_id=user_id)
    return NO_CONTENT
