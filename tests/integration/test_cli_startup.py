"""`quizflow --help`, `quizflow version` and every command's `--help` start without loading the
database, web, storage or document stacks: Python's own import report says what each loads.

The command lines are read from the CLI itself, so a command added later is checked too. How
fast they start is measured by `python -m bench cli`, not here.
"""

from __future__ import annotations

import re

import pytest
import typer

from quizflow.cli import lazy_modules_in
from quizflow.cli.main import app
from tests.cli import quizflow

_IMPORTED = re.compile(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)$", re.MULTILINE)


def _command_paths(command: object, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [path] if path else []
    # A group has sub-commands (Typer's own vendored Click: not click.Group instances).
    for name, sub in getattr(command, "commands", {}).items():
        paths += _command_paths(sub, (*path, name))
    return paths


COMMAND_LINES = [
    ("--help",),
    ("version",),
    *((*path, "--help") for path in _command_paths(typer.main.get_command(app))),
]


@pytest.mark.parametrize("args", COMMAND_LINES, ids=" ".join)
def test_help_and_version_import_no_heavy_module(args: tuple[str, ...]) -> None:
    # PYTHONPROFILEIMPORTTIME is `python -X importtime`: one stderr line per module imported.
    result = quizflow(*args, env={"PYTHONPROFILEIMPORTTIME": "1"})

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    imported = set(_IMPORTED.findall(result.stderr))
    assert "quizflow.cli.main" in imported  # the report is read right
    assert lazy_modules_in(imported) == []


def test_every_command_is_among_the_command_lines_checked() -> None:
    checked = {line[0] for line in COMMAND_LINES}
    assert {"db", "users", "token", "flow", "play", "demo", "serve", "import", "export"} <= checked
    assert ("db", "upgrade", "--help") in COMMAND_LINES
