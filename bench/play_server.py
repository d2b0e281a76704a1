"""B1's HTTP server: uvicorn with production settings on loopback, and its CPU accounting."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy.engine import URL

from bench.play_world import libpq_url

SERVER_START_TIMEOUT_S = 30.0
#: The application factory uvicorn serves: the real API (see --app for the alternatives).
API_APP = "quizflow.api.app:create_app"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(slots=True)
class Server:
    process: subprocess.Popen[bytes]
    base_url: str
    log: Path

    def cpu_seconds(self) -> float:
        """CPU seconds of the server and its worker processes so far."""
        return sum(_proc_cpu(pid) for pid in _process_tree(self.process.pid))


@contextlib.contextmanager
def serving(
    url: URL,
    secret: str,
    *,
    workers: int = 1,
    env: dict[str, str] | None = None,
    uvicorn_args: Sequence[str] = (),
    app: str = API_APP,
) -> Iterator[Server]:
    """uvicorn with production settings on a free loopback port, stopped afterwards."""
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="quizflow-bench-"))
    log = workdir / "server.log"
    environment = os.environ | {
        "DATABASE_URL": libpq_url(url),
        "QUIZFLOW_JWT_SECRET": secret,
        "QUIZFLOW_CONFIG_DIR": str(workdir / "config"),
        "QUIZFLOW_DATA_DIR": str(workdir / "data"),
    }
    environment |= env or {}
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    if workers > 1:
        command += ["--workers", str(workers)]
    command += list(uvicorn_args)
    with log.open("wb") as sink:
        process = subprocess.Popen(command, env=environment, stdout=sink, stderr=subprocess.STDOUT)
    server = Server(process, f"http://127.0.0.1:{port}", log)
    try:
        _wait_healthy(server)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        shutil.rmtree(workdir, ignore_errors=True)


def _wait_healthy(server: Server) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited:\n{server.log.read_text()[-2000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{server.base_url}/health", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"the server did not become healthy:\n{server.log.read_text()[-2000:]}")


def _process_tree(pid: int) -> list[int]:
    pids: list[int] = []
    queue = [pid]
    while queue and len(pids) < 64:
        current = queue.pop()
        pids.append(current)
        with contextlib.suppress(OSError):
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
            queue.extend(int(c) for c in children)
    return pids


def _proc_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    ticks = os.sysconf("SC_CLK_TCK")
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values) - idle) / ticks, sum(values) / ticks
