"""The real thing under test: `python -m quizflow serve` as a child process, and its callers.

Everything listens on loopback only. Every wait is a bounded poll on a condition.
"""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import issue_local_token
from quizflow.services import users
from quizflow.settings import Settings
from tests.cli import QUIZFLOW
from tests.reliability.summary import SUMMARY
from tests.s3_server import ACCESS_KEY_ID, REGION, SECRET_ACCESS_KEY, free_port

JWT_SECRET = "reliability-suite-secret-" + "r" * 32
# Uvicorn runs sync routes on anyio's 40 worker threads: 40 connections means a request never
# waits for the pool, whatever 50 concurrent learners do.
POOL_ENV = {"QUIZFLOW_DB_POOL_SIZE": "20", "QUIZFLOW_DB_POOL_MAX_OVERFLOW": "20"}
SERVE = [*QUIZFLOW, "serve", "--host", "127.0.0.1"]
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 15.0


def s3_env(endpoint_url: str, bucket: str) -> dict[str, str]:
    """The environment that makes a server keep its objects in this S3 bucket."""
    return {
        "QUIZFLOW_STORAGE_BACKEND": "s3",
        "QUIZFLOW_S3_BUCKET": bucket,
        "QUIZFLOW_S3_ENDPOINT_URL": endpoint_url,
        "QUIZFLOW_S3_REGION": REGION,
        "QUIZFLOW_S3_ACCESS_KEY_ID": ACCESS_KEY_ID,
        "QUIZFLOW_S3_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
    }


def token_settings(config_dir: Path) -> Settings:
    """Settings that sign tokens the way the server under test verifies them.

    Built without reading the environment, like the server's (which sees no QUIZFLOW_ variable
    of the developer's but ours), so a local QUIZFLOW_JWT_* never makes them disagree.
    """
    return Settings.model_construct(jwt_secret=SecretStr(JWT_SECRET), config_dir=config_dir)


def database_url_text(url: URL) -> str:
    """The URL with its password, as the server process is given it."""
    return url.render_as_string(hide_password=False)


class QuizflowServer:
    """`python -m quizflow serve` on a free loopback port with production settings."""

    def __init__(self, *, database_url: URL, workdir: Path, env: Mapping[str, str]) -> None:
        self.database_url = database_url
        self.workdir = workdir
        self.extra_env = dict(env)
        self.log_path = workdir / "server.log"
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _env(self) -> dict[str, str]:
        env = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith("QUIZFLOW_") and name not in {"DATABASE_URL"}
        }
        env.update(
            {
                "DATABASE_URL": database_url_text(self.database_url),
                "QUIZFLOW_JWT_SECRET": JWT_SECRET,
                "QUIZFLOW_CONFIG_DIR": str(self.workdir / "config"),
                "QUIZFLOW_DATA_DIR": str(self.workdir / "data"),
                "PYTHONUNBUFFERED": "1",
                **POOL_ENV,
                **self.extra_env,
            }
        )
        return env

    def start(self) -> QuizflowServer:
        """Start the server and wait until /health answers 200; raise with its log if not."""
        for _ in range(3):  # a free port can be taken by someone else before we bind it
            self.port = free_port()
            with self.log_path.open("ab") as log:
                self.process = subprocess.Popen(
                    [*SERVE, "--port", str(self.port)],
                    env=self._env(),
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            if self._wait_healthy(START_TIMEOUT_S):
                return self
            if self.running:
                break
        self.stop()
        raise RuntimeError(f"quizflow did not become healthy:\n{self.log_tail()}")

    def _wait_healthy(self, timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        with httpx.Client(base_url=self.base_url, timeout=2.0) as client:
            while time.monotonic() < deadline and self.running:
                try:
                    if client.get("/health").status_code == 200:
                        return True
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
        return False

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after a bound) and wait for it."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT_S)

    def log_tail(self, size: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-size:]
        except OSError:
            return "(no log)"

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


def _count_request(request: httpx.Request) -> None:
    SUMMARY.request_sent()


def _count_response(response: httpx.Response) -> None:
    SUMMARY.response(response.status_code)


def client(base_url: str, **options: Any) -> httpx.Client:
    """A client whose every request and response is counted in the run's summary."""
    options.setdefault("timeout", 30.0)
    return httpx.Client(
        base_url=base_url,
        event_hooks={"request": [_count_request], "response": [_count_response]},
        **options,
    )


@dataclass(frozen=True)
class Caller:
    user_id: uuid.UUID
    role: str
    headers: dict[str, str]


def enrol(
    sessions: sessionmaker[Session], settings: Settings, role: str, count: int
) -> list[Caller]:
    """`count` new accounts of `role` (through the users service), each with a bearer token."""
    callers = []
    for _ in range(count):
        user = users.create_user(
            sessions=sessions, email=f"{role}-{uuid.uuid4().hex[:12]}@example.test", role=role
        )
        token = issue_local_token(settings, user_id=user.id, role=role)  # type: ignore[arg-type]
        callers.append(Caller(user.id, role, {"Authorization": f"Bearer {token}"}))
    return callers
