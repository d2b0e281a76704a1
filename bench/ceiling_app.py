"""The HTTP stack alone: what uvicorn + FastAPI + quizflow's auth can serve with no database.

B1's ceiling. The same routes as the real API's play loop (POST /attempts, POST
/attempts/{id}/answers), the same bearer-token check (`get_actor`, the real verifier), the same
request and response schemas, serialised the same way (`json_body`) — and, in place of the
services, canned results captured from the real server (QUIZFLOW_BENCH_CANNED names the JSON
file). Its answers/s at a level is the most the real API could reach with free database work.

With QUIZFLOW_BENCH_ASYNC_ROUTES=1 the two routes are `async def`, as an API on an async
database driver would have them: no hop to a worker thread per request.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Header, Response

from quizflow.api.deps import ActorDep
from quizflow.api.routes import json_body
from quizflow.api.schemas.play import AnswerCreate, AnswerResultRead, AttemptRead, AttemptStart
from quizflow.auth import CurrentAccounts, build_verifier
from quizflow.settings import Settings

#: One answer in this many ends the scenario, as the demo's paths do after three to five.
ANSWERS_PER_ATTEMPT = 4


def create_app() -> FastAPI:
    canned = json.loads(Path(os.environ["QUIZFLOW_BENCH_CANNED"]).read_text())
    attempt = AttemptRead.model_validate(canned["attempt"])
    going_on = AnswerResultRead.model_validate(canned["answer"])
    finished = going_on.model_copy(update={"next_question": None, "completed": True})
    results = itertools.cycle([going_on] * (ANSWERS_PER_ATTEMPT - 1) + [finished])

    app = FastAPI(title="quizflow HTTP ceiling")
    app.state.verifier = build_verifier(Settings())
    # The real API reads each caller's account once per few seconds; here the database is
    # free, so every caller is a learner without a query.
    app.state.accounts = CurrentAccounts(lambda user_id: "learner", ttl_s=3600)

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    def start_attempt(body: AttemptStart, actor: ActorDep) -> Response:
        return json_body(attempt, 201)

    def submit_answer(
        attempt_id: uuid.UUID,
        body: AnswerCreate,
        actor: ActorDep,
        idempotency_key: Annotated[str | None, Header(min_length=1, max_length=255)] = None,
    ) -> Response:
        return json_body(next(results), 201)

    routes: tuple[Callable[..., Any], Callable[..., Any]] = (start_attempt, submit_answer)
    if os.environ.get("QUIZFLOW_BENCH_ASYNC_ROUTES") == "1":
        routes = (_as_async(start_attempt), _as_async(submit_answer))
    app.post("/attempts", response_model=AttemptRead, status_code=201)(routes[0])
    app.post("/attempts/{attempt_id}/answers", response_model=AnswerResultRead, status_code=201)(
        routes[1]
    )
    return app


def _as_async(route: Callable[..., Response]) -> Callable[..., Awaitable[Response]]:
    """The same route as a coroutine function, with the same signature for FastAPI."""

    @functools.wraps(route)
    async def run(*args: Any, **kwargs: Any) -> Response:
        return route(*args, **kwargs)

    return run
