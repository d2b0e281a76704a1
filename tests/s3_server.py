"""A real S3 HTTP endpoint for the tests: moto's standalone server on a free loopback port.

Import the fixtures into tests/conftest.py::

    from tests.s3_server import s3_bucket, s3_server, s3_server_process  # noqa: F401

`s3_server` is the endpoint URL (session-wide). `s3_server_process` is the `MotoServer` behind
it, for outage tests: `stop()` then `start()` again on the same port (moto keeps everything
in memory, so buckets are gone after a restart), or `pause()`/`resume()` for a server that
accepts connections but never answers. `s3_bucket` is a fresh, empty bucket per test.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

ACCESS_KEY_ID = "testing"
SECRET_ACCESS_KEY = "testing-secret"  # moto accepts any credentials
REGION = "us-east-1"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class MotoServer:
    """moto_server as a child process, stoppable and restartable on the same port."""

    def __init__(self, port: int, log_path: Path) -> None:
        self.port = port
        self.log_path = log_path
        self._process: subprocess.Popen[bytes] | None = None
        self._paused = False

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self, timeout_s: float = 60.0) -> None:
        """Start the server and wait until it answers HTTP."""
        if self.running:
            return
        executable = Path(sys.executable).parent / "moto_server"
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                [str(executable), "-H", "127.0.0.1", "-p", str(self.port)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                break
            if self._answers():
                return
            time.sleep(0.1)
        self.stop()
        tail = self.log_path.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"moto_server did not come up on {self.endpoint_url}:\n{tail}")

    def stop(self) -> None:
        """Stop the server (S3 is down: connections are refused) and wait until it is gone."""
        process, self._process = self._process, None
        if process is None:
            return
        if self._paused:
            self.resume(process)
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def pause(self) -> None:
        """Freeze the server: connections are accepted by the kernel, nothing ever answers."""
        assert self._process is not None
        self._process.send_signal(signal.SIGSTOP)
        self._paused = True

    def resume(self, process: subprocess.Popen[bytes] | None = None) -> None:
        """Let a paused server run again."""
        target = process or self._process
        assert target is not None
        target.send_signal(signal.SIGCONT)
        self._paused = False

    def ensure_running(self) -> None:
        """Undo whatever an earlier test did to the server."""
        if self._paused:
            self.resume()
        if not self.running:
            self.start()

    def client(self, **config: Any) -> S3Client:
        """A plain boto3 client on this server, for looking behind the store's back."""
        import boto3
        from botocore.config import Config

        return boto3.session.Session().client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY_ID,
            aws_secret_access_key=SECRET_ACCESS_KEY,
            config=Config(retries={"total_max_attempts": 1}, **config),
        )

    def create_bucket(self, name: str | None = None) -> str:
        """Create a bucket (a fresh unique name by default) and return its name."""
        bucket = name or f"quizflow-test-{uuid.uuid4().hex[:16]}"
        self.client().create_bucket(Bucket=bucket)
        return bucket

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.endpoint_url + "/", timeout=1) as response:
                return bool(response.status == 200)
        except (urllib.error.URLError, OSError):
            return False


@pytest.fixture(scope="session")
def s3_server_process() -> Iterator[MotoServer]:
    """The moto server behind `s3_server`, for tests that take S3 down and bring it back."""
    log_dir = Path(tempfile.mkdtemp(prefix="quizflow-moto-"))
    server = MotoServer(free_port(), log_dir / "moto_server.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def s3_server(s3_server_process: MotoServer) -> str:
    """The endpoint URL of a real S3 HTTP server on loopback, e.g. http://127.0.0.1:PORT."""
    return s3_server_process.endpoint_url


@pytest.fixture
def s3_bucket(s3_server_process: MotoServer) -> str:
    """A new empty bucket on the running S3 server, so tests never see each other's objects."""
    s3_server_process.ensure_running()
    return s3_server_process.create_bucket()


__all__ = ["MotoServer", "free_port", "s3_bucket", "s3_server", "s3_server_process"]
