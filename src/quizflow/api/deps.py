"""FastAPI dependencies: the same objects the CLI builds, taken from the app's state."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Annotated, TypeVar

import anyio
import anyio.to_thread
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from quizflow.api.cookies import SESSION_COOKIE, check_csrf
from quizflow.auth import CurrentAccounts, Principal, VerifiedTokenCache
from quizflow.errors import UnauthorizedError
from quizflow.services.web_sessions import session_principal
from quizflow.settings import Settings
from quizflow.storage.base import BlobStore

# auto_error=False: a missing or malformed header becomes our own problem+json 401.
# The dependencies that only read app.state are `async def`: FastAPI runs a plain `def`
# dependency in the thread pool, a thread hop per dependency per request.
_bearer = HTTPBearer(auto_error=False, description="A quizflow JWT (`quizflow token EMAIL`).")


async def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


async def get_sessions(request: Request) -> sessionmaker[Session]:
    sessions: sessionmaker[Session] = request.app.state.sessions
    return sessions


async def get_store(request: Request) -> BlobStore:
    store: BlobStore = request.app.state.store
    return store


T = TypeVar("T")


class UploadSlots:
    """Run uploads on threads of their own, a few at a time.

    Sync routes share one pool of worker threads (40). An upload keeps its thread for
    seconds while it normalises a file and sends it to object storage: thirty of them would
    leave learners' answers queueing for what remains, and compete with them for the CPU.
    Here uploads wait for one of `max_concurrent_uploads` slots instead, holding no worker
    thread, no connection and no lock meanwhile.
    """

    def __init__(self, slots: int) -> None:
        self._slots = slots
        self._limiter: tuple[asyncio.AbstractEventLoop, anyio.CapacityLimiter] | None = None

    async def run(self, work: Callable[[], T]) -> T:
        """Run `work` on a worker thread of the uploads' own, once a slot is free."""
        loop = asyncio.get_running_loop()
        if self._limiter is None or self._limiter[0] is not loop:  # a limiter is per loop
            self._limiter = (loop, anyio.CapacityLimiter(self._slots))
        return await anyio.to_thread.run_sync(work, limiter=self._limiter[1])


async def get_upload_slots(request: Request) -> UploadSlots:
    state = request.app.state
    slots: UploadSlots | None = getattr(state, "upload_slots", None)
    if slots is None:
        slots = state.upload_slots = UploadSlots(state.settings.max_concurrent_uploads)
    return slots


async def get_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The verified caller, with its account's current role; raises UnauthorizedError (401).

    A bearer token (scripts, the CLI) wins; without one, the browser's session cookie is
    used, and an unsafe request must then carry the session's CSRF token (cookies.py).
    """
    if credentials is None:
        raw_id = request.cookies.get(SESSION_COOKIE)
        if raw_id:
            check_csrf(request, raw_id)
            sessions: sessionmaker[Session] = request.app.state.sessions
            return await run_in_threadpool(session_principal, sessions=sessions, raw_id=raw_id)
        raise UnauthorizedError(
            "this endpoint needs an `Authorization: Bearer <token>` header "
            "(get a token with `quizflow token EMAIL`) or a signed-in browser session"
        )
    verifier: VerifiedTokenCache = request.app.state.verifier
    token = credentials.credentials
    # Checking a token costs far less than a hop to a worker thread, unless the verifier may
    # have to fetch signing keys: then it runs in one, so the event loop never waits.
    if verifier.may_block and verifier.cached(token) is None:
        claimed = await run_in_threadpool(verifier.verify, token)
    else:
        claimed = verifier.verify(token)
    # The role is the account's, not the token's: a demotion or a deletion applies within
    # seconds. Remembered accounts cost no query; reading one waits on the database.
    accounts: CurrentAccounts = request.app.state.accounts
    remembered = accounts.cached(claimed)
    if remembered is not None:
        return remembered
    return await run_in_threadpool(accounts.current, claimed)


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]
SessionsDep = Annotated[sessionmaker[Session], Depends(get_sessions)]
ActorDep = Annotated[Principal, Depends(get_actor)]
StoreDep = Annotated[BlobStore, Depends(get_store)]
UploadSlotsDep = Annotated[UploadSlots, Depends(get_upload_slots)]
