"""GET /health: up or down, for anyone; GET /health/details: why, for admins."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from quizflow.api.deps import ActorDep, EngineDep, SettingsDep
from quizflow.api.routes import problems
from quizflow.api.schemas.health import HealthDetailsRead, HealthRead, MigrationsRead
from quizflow.services.access import require_admin
from quizflow.services.database import HealthReport, database_health

router = APIRouter(tags=["health"])


def _status(report: HealthReport) -> int:
    return 200 if report.is_healthy else 503


@router.get(
    "/health",
    response_model=HealthRead,
    responses={503: {"model": HealthRead, "description": "Database down or schema not current"}},
    summary="Up or down (no authentication)",
)
def health(engine: EngineDep, settings: SettingsDep) -> JSONResponse:
    """200 when the database answers and every migration is applied, else 503.

    The server's version, migration names and errors are for admins (`/health/details`):
    anyone can call this one, and they would tell an attacker what the server runs.
    """
    report = database_health(engine=engine, migrations_dir=settings.migrations_dir)
    body = HealthRead(status="ok" if report.is_healthy else "unavailable")
    return JSONResponse(body.model_dump(mode="json"), status_code=_status(report))


@router.get(
    "/health/details",
    response_model=HealthDetailsRead,
    responses={
        **problems(403),
        503: {"model": HealthDetailsRead, "description": "Database down or schema not current"},
    },
    summary="Database and migration state (admins)",
)
def health_details(actor: ActorDep, engine: EngineDep, settings: SettingsDep) -> JSONResponse:
    """What /health decides from: the server's version, the migrations, the problem if any."""
    require_admin(actor, "see the health details")
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
    body = HealthDetailsRead(
        status="ok" if report.is_healthy else "unavailable",
        database_reachable=report.database_reachable,
        server_version=report.server_version,
        migrations=migrations,
        problem=report.problem,
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=_status(report))
