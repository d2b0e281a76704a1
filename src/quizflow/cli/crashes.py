"""Crash logs: the traceback of an unexpected error, kept for the bug report.

The user sees one line naming the file; the traceback, the command line and the versions are
in the file, under the user's state directory (XDG_STATE_HOME on Linux), one file per crash.
"""

from __future__ import annotations

import os
import platform
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from quizflow import __version__

EXIT_INTERNAL: Final = 70  # EX_SOFTWARE
APP_NAME: Final = "quizflow"


def crash_dir() -> Path:
    """Where crash logs are written."""
    import platformdirs  # only once something has gone wrong

    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)) / "crashes"


def write_crash_log(exc: BaseException, *, argv: list[str]) -> Path:
    """Write `exc`'s traceback to a new file and return its path; raises OSError if it cannot."""
    now = datetime.now(UTC)
    text = (
        f"quizflow {__version__} crashed at {now.isoformat(timespec='seconds')}\n"
        f"command: {' '.join(argv)}\n"
        f"python: {platform.python_version()} on {platform.platform()}\n\n"
        + "".join(traceback.format_exception(exc))
    )
    path = crash_dir() / f"crash-{now:%Y%m%dT%H%M%SZ}-{os.getpid()}.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
