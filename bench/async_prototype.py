"""A what-if for B1: the answer route on an async driver, to measure before rebuilding on one.

The real API with one change: POST /attempts/{id}/answers is an `async def` route that runs the
answer path's two statements (the very SQL `services/answers.py` builds with SQLAlchemy, compiled
once) over psycopg's async connection pool, with the same flow core grading and routing the
answer. Everything else — starting attempts, auth, schemas — is the real API's. Only the
happy path is built (no replay, no error mapping): it is a measurement, not a product.

    uvicorn bench.async_prototype:create_app --factory     (QUIZFLOW_DATABASE_URL as usual)
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Annotated, Any

from fastapi import FastAPI, Header, Response
from psycopg_pool import AsyncConnectionPool
from sqlalchemy.dialects.postgresql import psycopg as psycopg_dialect

from quizflow.api.app import create_app as create_real_app
from quizflow.api.deps import ActorDep
from quizflow.api.routes import json_body
from quizflow.api.schemas.play import AnswerCreate, AnswerResultRead
from quizflow.db.engine import resolve_database_url
from quizflow.flow.model import Response as FlowResponse
from quizflow.services import answers
from quizflow.services.content import versions
from quizflow.settings import get_settings

_DIALECT = psycopg_dialect.dialect()


def _compiled(statement: Any) -> str:
    return str(statement.compile(dialect=_DIALECT))


_LOCK_SQL = _compiled(answers._LOCK_ATTEMPT)
_RECORD_SQL = _compiled(answers._RECORD_ANSWER)


def create_app() -> FastAPI:
    settings = get_settings()
    app = create_real_app(settings)
    url = resolve_database_url(settings).set(drivername="postgresql")
    pool = AsyncConnectionPool(
        url.render_as_string(hide_password=False),
        min_size=settings.db_pool_size,
        max_size=settings.db_pool_size,
        open=False,
    )

    opening = asyncio.Lock()

    async def connection() -> Any:
        if pool.closed:
            async with opening:
                if pool.closed:
                    await pool.open(wait=True)
        return pool.connection()

    async def submit_answer(
        attempt_id: uuid.UUID,
        body: AnswerCreate,
        actor: ActorDep,
        idempotency_key: Annotated[str | None, Header(min_length=1, max_length=255)] = None,
    ) -> Response:
        response = FlowResponse(labels=frozenset(body.choices), text=body.text)
        async with await connection() as conn, conn.transaction():
            cursor = await conn.execute(
                _LOCK_SQL,
                {"attempt_id": attempt_id, "user_id": actor.user_id, "key": idempotency_key},
            )
            row = await cursor.fetchone()
            if row is None or row[0] != actor.user_id or row[5] is not None:
                raise RuntimeError("the prototype plays its own attempts, without retries")
            _, status, current, version_id, score, _ = row
            if status != "in_progress" or current != body.question_id:
                raise RuntimeError("the prototype answers the current question only")
            content = versions._entries.get(version_id)
            if content is None:  # warmed by the (sync) start of the attempt
                content = await asyncio.to_thread(_load_version, app, version_id)
            decided = answers.decide_answer(
                content,
                body.question_id,
                response,
                score_before=score,
                user_id=actor.user_id,
                attempt_id=attempt_id,
                idempotency_key=idempotency_key,
            )
            # Straight to psycopg, so without SQLAlchemy's Enum processing: the value itself.
            status = decided.parameters["attempt_status"]
            parameters = decided.parameters | {"attempt_status": getattr(status, "value", status)}
            await conn.execute(_RECORD_SQL, parameters)
        result = answers._result(
            content, decided.question, decided.answer, decided.labels, replayed=False
        )
        return json_body(AnswerResultRead.model_validate(result), 201)

    # In front of the real route with the same path: Starlette takes the first match.
    app.router.routes.insert(0, _route(app, submit_answer))
    return app


def _route(app: FastAPI, endpoint: Any) -> Any:
    scratch = FastAPI()
    scratch.post(
        "/attempts/{attempt_id}/answers", response_model=AnswerResultRead, status_code=201
    )(endpoint)
    return scratch.router.routes[-1]


def _load_version(app: FastAPI, version_id: uuid.UUID) -> Any:
    with app.state.sessions() as session:
        return versions.get(session, version_id)
