"""The lock check catches a dependency added to pyproject.toml without `make lock`."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from packaging.version import Version

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "check_lock.py"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_lock", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_requirement_missing_from_the_lock_or_outside_its_range_is_named() -> None:
    check_lock = load()
    pinned = {"fastapi": Version("0.120.0"), "psycopg": Version("3.2.1")}

    problems = check_lock.missing(
        ["fastapi>=0.115,<1", "psycopg[binary]>=3.3", "argon2-cffi>=23.1"], pinned
    )

    assert problems == [
        "psycopg[binary]>=3.3 does not admit the locked 3.2.1",
        "argon2-cffi>=23.1 is not in the lock",
    ]


def test_the_committed_lock_satisfies_pyproject() -> None:
    assert load().main() == 0
