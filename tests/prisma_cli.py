"""Run the real, pinned Prisma CLI (scripts/prisma) from tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL

REPO = Path(__file__).resolve().parents[1]


def prisma_url(url: URL) -> str:
    """The URL as Prisma's pg adapter takes it (plain postgresql://, password included)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def run_prisma(*args: str, url: URL, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run `prisma ARGS` from ``cwd`` (a repository root or a copy of one)."""
    env = {**os.environ, "DATABASE_URL": prisma_url(url)}
    return subprocess.run(
        [str(cwd / "scripts" / "prisma"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
