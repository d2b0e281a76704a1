"""Playing: the catalogue, attempts and answers. Learners see only what they may see."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Response, status

from quizflow.api.deps import ActorDep, SessionsDep, SettingsDep
from quizflow.api.routes import json_body, problems
from quizflow.api.schemas.classes import SharedOpen
from quizflow.api.schemas.play import (
    AnswerCreate,
    AnswerResultRead,
    AttemptRead,
    AttemptStart,
    CatalogClass,
    CatalogEntry,
    CatalogGroup,
)
from quizflow.services import answers, attempts, audience
from quizflow.services.xapi_delivery import xapi_source

router = APIRouter(tags=["playing"])


def _entry(item: audience.CatalogItem) -> CatalogEntry:
    return CatalogEntry.model_validate(
        {
            **{f: getattr(item.scenario, f) for f in CatalogEntry.model_fields if f not in
               ("classes", "can_start")},
            "classes": [CatalogClass.model_validate(c) for c in item.classes],
            "can_start": item.can_start,
        }
    )  # fmt: skip


@router.get("/catalog", responses=problems())
def catalog(actor: ActorDep, sessions: SessionsDep) -> list[CatalogEntry]:
    """Published scenarios you may see, with your classes' open and due dates."""
    return [_entry(i) for i in audience.list_catalog(sessions=sessions, actor=actor)]


@router.get("/catalog/by-class", responses=problems())
def catalog_by_class(actor: ActorDep, sessions: SessionsDep) -> list[CatalogGroup]:
    """The catalogue grouped by your classes (by title), then what no class of yours has."""
    groups: dict[uuid.UUID | None, CatalogGroup] = {}
    for item in audience.list_catalog(sessions=sessions, actor=actor):
        entry = _entry(item)
        for due in item.classes:
            group = groups.setdefault(
                due.class_id,
                CatalogGroup(class_id=due.class_id, class_title=due.class_title, entries=[]),
            )
            group.entries.append(entry)
        if not item.classes:
            groups.setdefault(
                None, CatalogGroup(class_id=None, class_title=None, entries=[])
            ).entries.append(entry)
    return sorted(groups.values(), key=lambda g: (g.class_title is None, g.class_title or ""))


@router.post("/catalog/shared", responses=problems(404))
def open_shared(body: SharedOpen, actor: ActorDep, sessions: SessionsDep) -> CatalogEntry:
    """Open a share link: its scenario joins your catalogue."""
    found = audience.open_share_link(sessions=sessions, actor=actor, token=body.token)
    return CatalogEntry.model_validate(found)


@router.post(
    "/attempts",
    status_code=status.HTTP_201_CREATED,
    response_model=AttemptRead,
    responses={200: {"model": AttemptRead, "description": "Resumed"}, **problems(404, 409)},
)
def start_attempt(
    body: AttemptStart, actor: ActorDep, sessions: SessionsDep, settings: SettingsDep
) -> Response:
    """Start a scenario, or resume your attempt in progress (200); `restart` starts afresh."""
    state, started = attempts.start_attempt(
        sessions=sessions,
        actor=actor,
        scenario_id=body.scenario_id,
        restart=body.restart,
        xapi=xapi_source(settings),
    )
    code = status.HTTP_201_CREATED if started else status.HTTP_200_OK
    return json_body(AttemptRead.model_validate(state), code)


@router.get("/attempts", responses=problems())
def list_attempts(
    actor: ActorDep, sessions: SessionsDep, scenario_id: uuid.UUID | None = None
) -> list[AttemptRead]:
    """Your attempts, newest first."""
    found = attempts.list_attempts(sessions=sessions, actor=actor, scenario_id=scenario_id)
    return [AttemptRead.model_validate(a) for a in found]


@router.get("/attempts/{attempt_id}", responses=problems(404))
def get_attempt(attempt_id: uuid.UUID, actor: ActorDep, sessions: SessionsDep) -> AttemptRead:
    """Where the attempt stands, with the question to answer next."""
    state = attempts.get_attempt(sessions=sessions, actor=actor, attempt_id=attempt_id)
    return AttemptRead.model_validate(state)


@router.post(
    "/attempts/{attempt_id}/answers",
    status_code=status.HTTP_201_CREATED,
    response_model=AnswerResultRead,
    responses={
        200: {"model": AnswerResultRead, "description": "A retry: the original result"},
        **problems(403, 404, 409),
    },
)
def submit_answer(
    attempt_id: uuid.UUID,
    body: AnswerCreate,
    actor: ActorDep,
    sessions: SessionsDep,
    settings: SettingsDep,
    idempotency_key: Annotated[
        str | None,
        Header(
            min_length=1,
            max_length=255,
            description="Send the same key when retrying: the answer is recorded once.",
        ),
    ] = None,
) -> Response:
    """Answer the current question: returns correctness, feedback, the explanation and the
    next question (null when the scenario is over)."""
    result = answers.submit_answer(
        sessions=sessions,
        actor=actor,
        attempt_id=attempt_id,
        question_id=body.question_id,
        labels=body.choices,
        text=body.text,
        idempotency_key=idempotency_key,
        xapi=xapi_source(settings),
    )
    code = status.HTTP_200_OK if result.replayed else status.HTTP_201_CREATED
    return json_body(AnswerResultRead.model_validate(result), code)


@router.get("/attempts/{attempt_id}/answers", responses=problems(404))
def attempt_history(
    attempt_id: uuid.UUID, actor: ActorDep, sessions: SessionsDep
) -> list[AnswerResultRead]:
    """Every answer of the attempt, in order, with its result and where it led."""
    found = answers.attempt_history(sessions=sessions, actor=actor, attempt_id=attempt_id)
    return [AnswerResultRead.model_validate(a) for a in found]


@router.post("/attempts/{attempt_id}/abandon", responses=problems(403, 404, 409))
def abandon_attempt(
    attempt_id: uuid.UUID, actor: ActorDep, sessions: SessionsDep, settings: SettingsDep
) -> AttemptRead:
    """Give up the attempt (its answers are kept)."""
    state = attempts.abandon_attempt(
        sessions=sessions, actor=actor, attempt_id=attempt_id, xapi=xapi_source(settings)
    )
    return AttemptRead.model_validate(state)
