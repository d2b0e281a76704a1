"""`quizflow` run as a person runs it, for every test that does: a real process, its output and
its exit status.

Each run is a fresh `python -m quizflow` with the test's environment on top of ours; coverage
measures these processes too (`patch = ["subprocess"]` in pyproject's [tool.coverage.run]).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

from sqlalchemy.engine import URL

#: The command line that starts the CLI (also what long-running servers are started with).
QUIZFLOW: Final = (sys.executable, "-m", "quizflow")
JWT_SECRET: Final = "a-test-secret-that-is-long-enough-for-hs256"
TIMEOUT_S: Final = 120


def quizflow(
    *args: str,
    database_url: str | None = None,
    env: Mapping[str, str] | None = None,
    unset: Iterable[str] = (),
    stdin: str | None = None,
    command: Sequence[str] = QUIZFLOW,
) -> subprocess.CompletedProcess[str]:
    """Run `quizflow ARGS` and return what it printed and its exit status (never raises on it).

    `database_url` sets DATABASE_URL; `env` adds variables; `unset` removes ours (the whole
    environment is passed on otherwise, so the embedded server and coverage work as usual).
    `command` replaces `python -m quizflow`, e.g. with a script that adds a command to the CLI.
    """
    full = {**os.environ, "QUIZFLOW_JWT_SECRET": JWT_SECRET, "COLUMNS": "200"}
    if database_url is not None:
        full["DATABASE_URL"] = database_url
    full.update(env or {})
    for name in unset:
        full.pop(name, None)
    return subprocess.run(
        [*command, *args],
        env=full,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )


def plain(url: URL) -> str:
    """The URL as a user writes it in DATABASE_URL: no driver name, the password shown."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single line a failing command prints, after checking it is exactly one."""
    assert result.returncode != 0, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]
