"""Analytics of a published version: item analysis, path traffic, score distribution."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from quizflow.api.deps import ActorDep, SessionsDep, SettingsDep
from quizflow.api.routes import problems
from quizflow.api.schemas.analytics import (
    ItemAnalysisRead,
    PathAnalysisRead,
    ScoreDistributionRead,
)
from quizflow.services import analytics

router = APIRouter(prefix="/scenarios", tags=["analytics"])

VersionNumber = Annotated[int, Path(ge=1, le=2_147_483_647, description="The version's number")]
ClassFilter = Annotated[uuid.UUID | None, Query(description="Only this class's members' attempts")]


@router.get("/{scenario_id}/versions/{version}/analytics/items", responses=problems(403, 404))
def items(
    scenario_id: uuid.UUID,
    version: VersionNumber,
    actor: ActorDep,
    sessions: SessionsDep,
    settings: SettingsDep,
    class_id: ClassFilter = None,
    attempts: Annotated[
        Literal["first", "all"],
        Query(description="first: each learner's earliest completed attempt only"),
    ] = "all",
) -> ItemAnalysisRead:
    """Item analysis over completed attempts: Moodle's facility and discrimination indices
    per question, picks and distractor flags per choice."""
    found = analytics.item_analysis(
        sessions=sessions,
        actor=actor,
        scenario_id=scenario_id,
        version=version,
        class_id=class_id,
        attempts=attempts,
        count_now=not settings.analytics_recount_in_background,
    )
    return ItemAnalysisRead.model_validate(found)


@router.get("/{scenario_id}/versions/{version}/analytics/paths", responses=problems(403, 404))
def paths(
    scenario_id: uuid.UUID,
    version: VersionNumber,
    actor: ActorDep,
    sessions: SessionsDep,
    settings: SettingsDep,
    class_id: ClassFilter = None,
) -> PathAnalysisRead:
    """Traffic along the version's graph: reached, stopped and median time per question,
    answers per link, and the graph itself."""
    found = analytics.path_analysis(
        sessions=sessions,
        actor=actor,
        scenario_id=scenario_id,
        version=version,
        class_id=class_id,
        count_now=not settings.analytics_recount_in_background,
    )
    return PathAnalysisRead.model_validate(found)


@router.get("/{scenario_id}/versions/{version}/analytics/scores", responses=problems(403, 404))
def scores(
    scenario_id: uuid.UUID,
    version: VersionNumber,
    actor: ActorDep,
    sessions: SessionsDep,
    class_id: ClassFilter = None,
) -> ScoreDistributionRead:
    """The completed attempts' scores: mean, median and up to 20 buckets."""
    found = analytics.score_distribution(
        sessions=sessions, actor=actor, scenario_id=scenario_id, version=version, class_id=class_id
    )
    return ScoreDistributionRead.model_validate(found)
