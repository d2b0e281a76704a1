"""Results for authors: attempts per scenario and per class, one attempt's path, CSV exports."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import asdict, replace
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session, sessionmaker

from quizflow.api.deps import ActorDep, SessionsDep
from quizflow.api.routes import problems
from quizflow.api.schemas.common import Timestamp
from quizflow.api.schemas.results import AttemptResultDetail, AttemptResultPage
from quizflow.auth import Principal
from quizflow.services import results, results_csv
from quizflow.services.results import AttemptFilter, Sort, Status

router = APIRouter(tags=["results"])

_CSV = {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}, **problems(403, 404)}


def _filters(
    version: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    status: Status | None = None,
    learner: Annotated[
        str | None, Query(max_length=320, description="A substring of the email or name")
    ] = None,
    started_from: Timestamp | None = None,
    started_to: Annotated[Timestamp | None, Query(description="Exclusive")] = None,
) -> AttemptFilter:
    return AttemptFilter(
        version=version,
        status=status,
        learner=learner,
        started_from=started_from,
        started_to=started_to,
    )


FiltersDep = Annotated[AttemptFilter, Depends(_filters)]
ClassFilter = Annotated[uuid.UUID | None, Query(description="Only this class's members")]
ScenarioFilter = Annotated[uuid.UUID | None, Query(description="Only this scenario's attempts")]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


def _page(found: results.AttemptPage) -> AttemptResultPage:
    return AttemptResultPage.model_validate(
        {"total": found.total, "items": [asdict(item) for item in found.items]}
    )


def _csv(chunks: Iterator[str], filename: str) -> StreamingResponse:
    return StreamingResponse(
        (chunk.encode() for chunk in chunks),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/scenarios/{scenario_id}/results/attempts", responses=problems(403, 404))
def scenario_attempts(
    scenario_id: uuid.UUID,
    actor: ActorDep,
    sessions: SessionsDep,
    wanted: FiltersDep,
    class_id: ClassFilter = None,
    sort: Sort = "-started_at",
    limit: Limit = 50,
    offset: Offset = 0,
) -> AttemptResultPage:
    """The scenario's attempts, filtered, sorted and paginated (results right needed)."""
    return _page(
        results.scenario_attempts(
            sessions=sessions,
            actor=actor,
            scenario_id=scenario_id,
            wanted=replace(wanted, class_id=class_id),
            sort=sort,
            limit=limit,
            offset=offset,
        )
    )


@router.get("/classes/{class_id}/results/attempts", responses=problems(403, 404))
def class_attempts(
    class_id: uuid.UUID,
    actor: ActorDep,
    sessions: SessionsDep,
    wanted: FiltersDep,
    scenario_id: ScenarioFilter = None,
    sort: Sort = "-started_at",
    limit: Limit = 50,
    offset: Offset = 0,
) -> AttemptResultPage:
    """The class's members' attempts at its assigned scenarios (results right needed)."""
    narrowed = replace(wanted, scenario_id=scenario_id)
    return _page(
        results.class_attempts(
            sessions=sessions,
            actor=actor,
            class_id=class_id,
            wanted=narrowed,
            sort=sort,
            limit=limit,
            offset=offset,
        )
    )


@router.get("/results/attempts/{attempt_id}", responses=problems(404))
def attempt(attempt_id: uuid.UUID, actor: ActorDep, sessions: SessionsDep) -> AttemptResultDetail:
    """One attempt with its path answer by answer and the time spent on each question (its
    learner, admins and authors with results rights on its scenario)."""
    found = results.attempt_detail(sessions=sessions, actor=actor, attempt_id=attempt_id)
    body = {
        **asdict(found.attempt),
        "scenario_title": found.scenario_title,
        "path": [asdict(step) for step in found.path],
    }
    return AttemptResultDetail.model_validate(body)


def _scenario_csv(
    kind: results_csv.Kind,
    scenario_id: uuid.UUID,
    actor: Principal,
    sessions: sessionmaker[Session],
    wanted: AttemptFilter,
) -> StreamingResponse:
    chunks = results_csv.export(
        sessions=sessions, actor=actor, kind=kind, scenario_id=scenario_id, wanted=wanted
    )
    return _csv(chunks, f"{kind}-{scenario_id}.csv")


def _class_csv(
    kind: results_csv.Kind,
    class_id: uuid.UUID,
    actor: Principal,
    sessions: sessionmaker[Session],
    wanted: AttemptFilter,
) -> StreamingResponse:
    chunks = results_csv.export(
        sessions=sessions, actor=actor, kind=kind, class_id=class_id, wanted=wanted
    )
    return _csv(chunks, f"{kind}-class-{class_id}.csv")


@router.get(
    "/scenarios/{scenario_id}/results/attempts.csv",
    response_class=StreamingResponse,
    responses=_CSV,
)
def scenario_attempts_csv(
    scenario_id: uuid.UUID,
    actor: ActorDep,
    sessions: SessionsDep,
    wanted: FiltersDep,
    class_id: ClassFilter = None,
) -> StreamingResponse:
    """The scenario's attempts as CSV (UTF-8 with BOM), same filters, all of them."""
    return _scenario_csv(
        "attempts", scenario_id, actor, sessions, replace(wanted, class_id=class_id)
    )


@router.get(
    "/scenarios/{scenario_id}/results/answers.csv",
    response_class=StreamingResponse,
    responses=_CSV,
)
def scenario_answers_csv(
    scenario_id: uuid.UUID,
    actor: ActorDep,
    sessions: SessionsDep,
    wanted: FiltersDep,
    class_id: ClassFilter = None,
) -> StreamingResponse:
    """The answers of the scenario's attempts, one CSV row each with the seconds spent."""
    return _scenario_csv(
        "answers", scenario_id, actor, sessions, replace(wanted, class_id=class_id)
    )


@router.get(
    "/classes/{class_id}/results/attempts.csv",
    response_class=StreamingResponse,
    responses=_CSV,
)
def class_attempts_csv(
    class_id: uuid.UUID,
    actor: ActorDep,
    sessions: SessionsDep,
    wanted: FiltersDep,
    scenario_id: ScenarioFilter = None,
) -> StreamingResponse:
    """The class's attempts as CSV (UTF-8 with BOM), same filters, all of them."""
    return _class_csv(
        "attempts", class_id, actor, sessions, replace(wanted, scenario_id=scenario_id)
    )


@router.get(
    "/classes/{class_id}/results/answers.csv",
    response_class=StreamingResponse,
    responses=_CSV,
)
def class_answers_csv(
    class_id: uuid.UUID,
    actor: ActorDep,
    sessions: SessionsDep,
    wanted: FiltersDep,
    scenario_id: ScenarioFilter = None,
) -> StreamingResponse:
    """The answers of the class's attempts, one CSV row each with the seconds spent."""
    return _class_csv(
        "answers", class_id, actor, sessions, replace(wanted, scenario_id=scenario_id)
    )
