"""Database failures an operator can act on, told apart from bugs, for the API and the CLI alike."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from quizflow.errors import DatabaseNotMigratedError, DatabaseUnavailableError, QuizflowError

# PostgreSQL's SQLSTATEs for a table or a column that does not exist: the schema is older than
# the code (or absent), which `quizflow db upgrade` fixes.
_MISSING_SCHEMA = frozenset({"42P01", "42703"})


def known_database_failure(exc: DBAPIError) -> QuizflowError | None:
    """What an operator should hear about `exc`, or None when it is a bug in quizflow."""
    if getattr(exc.orig, "sqlstate", None) in _MISSING_SCHEMA:
        return DatabaseNotMigratedError(
            "the database has no quizflow schema, or an older one: run `quizflow db upgrade`"
        )
    if exc.connection_invalidated or isinstance(exc, OperationalError | InterfaceError):
        return DatabaseUnavailableError(
            "the database is unavailable right now; nothing was saved, please retry"
        )
    return None
