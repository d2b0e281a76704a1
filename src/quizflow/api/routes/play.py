"""Playing: the catalogue, attempts and answers. Learners see only what they may see."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Response, status

from quizflow.api.deps import ActorDep, SessionsDep, SettingsDep
from quizflow.api.routes import json_body, problems
from quizflow.api.schemas.play import (
    AnswerCreate,
    AnswerResultRead,
    AttemptRead,
    AttemptStart,
    CatalogEntry,
)
from quizflow.services import answers, attempts, scenarios
from quizflow.services.xapi_delivery import xapi_source

router = APIRouter(tags=["playing"])


@router.get("/catalog", responses=problems())
def catalog(actor: ActorDep, sessions: SessionsDep) -> list[CatalogEntry]:
    """Published scenarios you can play."""
    found = scenarios.list_catalog(sessions=sessions, actor=actor)
    return [CatalogEntry.model_validate(s) for s in found]


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
