"""With no DATABASE_URL, quizflow runs on an embedded PostgreSQL it starts itself."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import httpx
import psutil
import psycopg
import pytest

from tests.cli import QUIZFLOW, quizflow
from tests.s3_server import free_port


def embedded_environment(data_dir: Path) -> dict[str, str]:
    """This environment without a database URL: quizflow starts its server in `data_dir`."""
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "QUIZFLOW_DATABASE_URL"}
    }
    return env | {"QUIZFLOW_DATA_DIR": str(data_dir)}


def test_commands_without_database_url_use_one_embedded_server_and_keep_its_data(
    server_dir: Path,
) -> None:
    env = {"QUIZFLOW_DATA_DIR": str(server_dir / "data")}
    unset = ("DATABASE_URL", "QUIZFLOW_DATABASE_URL")

    first = quizflow("db", "upgrade", env=env, unset=unset)
    second = quizflow("db", "status", env=env, unset=unset)

    assert first.returncode == 0, first.stderr
    assert "applied" in first.stdout
    assert second.returncode == 0, second.stderr
    assert "up to date" in second.stdout
    pgdata = server_dir / "data" / "postgres"
    assert (pgdata / "PG_VERSION").exists()
    # Stopped cleanly when the last command exited: no server is left running on that data.
    assert not (pgdata / "postmaster.pid").exists()


def test_embedded_server_answers_sql(server_dir: Path) -> None:
    from quizflow.db.embedded import start_embedded, stop_embedded

    url = start_embedded(server_dir / "pg", "quizflow_probe")
    try:
        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT current_database(), current_setting('server_version_num')")
            name, version = row.fetchone() or ("", "0")
    finally:
        stop_embedded(server_dir / "pg")  # before its directory goes, or it outlives the suite
    assert name == "quizflow_probe"
    assert int(version) >= 150000
    assert not (server_dir / "pg" / "postmaster.pid").exists()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_serve_stopped_by_a_signal_stops_its_embedded_server(server_dir: Path, signum: int) -> None:
    # What `kill`, systemd and Docker send (SIGTERM), and a closed terminal (SIGHUP): the
    # server must not outlive `quizflow serve` as an orphan holding its data directory.
    env = embedded_environment(server_dir / "data")
    pgdata = server_dir / "data" / "postgres"
    port = free_port()
    serve = subprocess.Popen(
        [*QUIZFLOW, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_until_healthy(f"http://127.0.0.1:{port}/health", serve)
        postmaster = psutil.Process(int((pgdata / "postmaster.pid").read_text().split()[0]))
        servers = [postmaster, *postmaster.children(recursive=True)]
        assert postmaster.is_running()

        serve.send_signal(signum)
        serve.wait(timeout=60)
        _, alive = psutil.wait_procs(servers, timeout=30)
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()
    assert alive == [], f"left running: {alive}"
    assert not (pgdata / "postmaster.pid").exists()


def _wait_until_healthy(url: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"quizflow serve exited: {process.stderr.read() if process.stderr else ''}"
            )
        try:  # any answer will do (unmigrated, it is 503): the app starts the server first
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within 90 s")
