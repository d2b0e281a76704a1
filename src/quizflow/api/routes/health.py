"""GET /health: is the database reachable and its schema current?"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from quizflow.api.deps import EngineDep, SettingsDep
from quizflow.api.schemas.health import HealthRead, MigrationsRead
from quizflow.services.database import database_health

router = APIRouter(tags=["health"])


@router.get(
    "/health",
    response_model=HealthRead,
    responses={503: {"model": HealthRead, "description": "Database down or schema not current"}},
    summary="Database and migration state (no authentication)",
)
def health(engine: EngineDep, settings: SettingsDep) -> JSONResponse:
    """200 when the database answers and every migration is applied, else 503."""
    report = database_health(engine=engine, migrations_dir=settings.migrations_dir)
    migrations = None
    if report.migrations is not None:
        m = report.migrations
        migrations = MigrationsRead(
            up_to_date=m.is_up_to_date,
            applied=len(m.applied),
            pending=m.pending,
            failed=m.failed,
            modified=m.modified,
        )
    body = HealthRead(
        status="ok" if report.is_healthy else "unavailable",
        database_reachable=report.database_reachable,
        server_version=report.server_version,
        migrations=migrations,
        problem=report.problem,
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=200 if report.is_healthy else 503)
