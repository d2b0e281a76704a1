"""Ralph, a real learning record store, on loopback for the xAPI tests (`make lrs` installs it
in .lrs/ from requirements/lrs.txt: it pins FastAPI 0.114, so it cannot share .venv).

Its filesystem backend keeps statements in a directory, so stopping the process and starting
it again on the same port is an LRS that was down and is back, with its statements.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

REPO = Path(__file__).resolve().parents[1]
RALPH = REPO / ".lrs" / "bin" / "ralph"
SERVER = Path(__file__).with_name("ralph_server.py")
USERNAME = "quizflow"
PASSWORD = "lrs-test-secret"
LRS_MBOX = "mailto:lrs@example.com"
HEADERS = {"X-Experience-API-Version": "1.0.3"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Ralph:
    """One Ralph server: start, stop, start again, and read back what it stored."""

    def __init__(self, directory: Path) -> None:
        if not RALPH.exists():
            raise RuntimeError(f"{RALPH} is missing: run `make lrs` (make install does it too)")
        self.directory = directory
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/xAPI"
        self._process: subprocess.Popen[bytes] | None = None
        (directory / "app").mkdir(parents=True, exist_ok=True)
        (directory / "data").mkdir(exist_ok=True)
        self._env = os.environ | {
            "RALPH_APP_DIR": str(directory / "app"),
            "RALPH_AUTH_FILE": str(directory / "app" / "auth.json"),
            "RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH": str(directory / "data"),
            # The LRS backend has settings of its own; unset, it writes to the working directory.
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(directory / "data"),
            "RALPH_RUNSERVER_BACKEND": "fs",
        }
        subprocess.run(
            [str(RALPH), "auth", "-u", USERNAME, "-p", PASSWORD, "-s", "all", "-M", LRS_MBOX, "-w"],
            env=self._env,
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        command = [str(RALPH.parent / "python"), str(SERVER), str(self.port)]
        log = (self.directory / "ralph.log").open("ab")
        self._process = subprocess.Popen(
            command, env=self._env, stdout=log, stderr=log, cwd=self.directory
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.client().get(f"{self.url}/statements", params={"limit": 1}).is_success:
                    return
            except httpx.HTTPError:
                pass
            if self._process.poll() is not None:
                raise RuntimeError(f"Ralph exited; see {self.directory / 'ralph.log'}")
            time.sleep(0.2)
        raise RuntimeError("Ralph did not start within 30 s")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=15)
            self._process = None

    def client(self) -> httpx.Client:
        return httpx.Client(auth=(USERNAME, PASSWORD), headers=HEADERS, timeout=10)

    def statement(self, statement_id: uuid.UUID) -> dict[str, Any]:
        """The statement stored under this id (fails when there is none)."""
        with self.client() as client:
            response = client.get(
                f"{self.url}/statements", params={"statementId": str(statement_id)}
            )
        response.raise_for_status()
        body = response.json()
        found = body.get("statements", [body]) if "statements" in body else [body]
        assert len(found) == 1, body
        return dict(found[0])

    def counts(self) -> Counter[str]:
        """How many statements Ralph holds under each id (a duplicate shows as 2)."""
        counts: Counter[str] = Counter()
        with self.client() as client:
            url: str | None = f"{self.url}/statements?limit=500"
            while url:
                response = client.get(url)
                response.raise_for_status()
                body = response.json()
                counts.update(s["id"] for s in body["statements"])
                more = body.get("more")
                url = f"http://127.0.0.1:{self.port}{more}" if more else None
        return counts


@pytest.fixture(scope="module")
def ralph() -> Iterator[Ralph]:
    server = Ralph(Path(tempfile.mkdtemp(prefix="quizflow-ralph-")))
    server.start()
    yield server
    server.stop()
    shutil.rmtree(server.directory, ignore_errors=True)
