"""The `quizflow` command (main.py), one module per command group."""

from collections.abc import Iterable
from typing import Final

#: What `quizflow --help`, `quizflow version` and any command's `--help` never import (each
#: name with everything below it): the commands import them when they run. Checked by
#: tests/integration/test_cli_startup.py and reported by `python -m bench cli`. pydantic itself
#: is not listed: Typer validates parameters with it whenever a command runs.
LAZY_MODULES: Final = (
    "sqlalchemy",
    "psycopg",
    "fastapi",
    "starlette",
    "uvicorn",
    "pydantic_settings",
    "boto3",
    "botocore",
    "lxml",
    "docx",
    "fpdf",
    "googleapiclient",
    "jwt",
    "quizflow.services",
    "quizflow.db",
    "quizflow.api",
    "quizflow.aws",
    "quizflow.storage",
    "quizflow.settings",
    "quizflow.auth",
)


def lazy_modules_in(modules: Iterable[str]) -> list[str]:
    """The names of LAZY_MODULES that `modules` (imported module names) includes."""
    imported = set(modules)
    return [
        lazy
        for lazy in LAZY_MODULES
        if lazy in imported or any(name.startswith(f"{lazy}.") for name in imported)
    ]
