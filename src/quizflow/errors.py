"""Every error quizflow raises on purpose, in one tree.

Each class carries a stable ``code`` (for clients and logs), the HTTP ``status`` the API maps it
to, the CLI's ``exit_code``, and names in ``fields`` the typed attributes it adds to a problem
body (``details()``). The core and the services raise these, never HTTP exceptions;
``api/problems.py`` turns them into RFC 9457 problem+json and the CLI prints ``message`` as one
line. Adapters re-raise library errors as one of these, ``from exc``.

    QuizflowError
    ├── InvalidInputError (422): ConditionSyntaxError, InvalidFlowError, InvalidAnswerError,
    │       IdempotencyKeyReusedError, InvalidDocumentError, GoogleDocUnavailableError,
    │       UnsupportedMediaTypeError (415)
    ├── NotFoundError (404)   ForbiddenError (403)   UnauthorizedError (401)
    ├── ConflictError (409): NotCurrentQuestionError
    ├── PreconditionFailedError (412)
    ├── PayloadTooLargeError (413): DocumentTooLargeError   StorageError (503)
    ├── ConfigurationError: GoogleCredentialsMissingError (503)
    ├── GraphvizMissingError (501)   DiagramRenderError
    └── DatabaseError (503)
        ├── DatabaseUnavailableError
        └── MigrationError: MigrationChecksumError, FailedMigrationError, MigrationLockTimeoutError
"""

from __future__ import annotations

from typing import ClassVar, Literal, Protocol


class QuizflowError(Exception):
    """Base of every error quizflow raises on purpose."""

    code: str = "quizflow_error"
    status: int = 500  # the HTTP status the API maps it to
    exit_code: int = 1  # the CLI's exit status
    fields: ClassVar[tuple[str, ...]] = ()  # attributes a problem body carries besides `detail`

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def details(self) -> dict[str, object]:
        """The declared `fields`, by name, as JSON-ready values."""
        return {name: getattr(self, name) for name in self.fields}


class InvalidInputError(QuizflowError):
    """The caller sent something quizflow cannot accept."""

    code = "invalid_input"
    status = 422
    exit_code = 2


class ConditionSyntaxError(InvalidInputError):
    """A link condition does not follow the condition language (see flow/conditions.lark)."""

    code = "condition_syntax"
    fields = ("column", "expected")

    def __init__(self, message: str, *, condition: str, column: int, expected: list[str]) -> None:
        super().__init__(message)
        self.condition = condition
        self.column = column  # 1-based
        self.expected = expected  # readable words, e.g. ["a choice label", "'['"]


class Issue(Protocol):
    """What InvalidFlowError carries per problem; flow.validation.FlowIssue satisfies it."""

    @property
    def severity(self) -> Literal["error", "warning"]: ...
    @property
    def code(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def question_id(self) -> str | None: ...
    @property
    def link_id(self) -> str | None: ...


class InvalidFlowError(InvalidInputError):
    """A scenario's flow cannot be played as it stands; `issues` says why."""

    code = "invalid_flow"
    fields = ("issues",)

    def __init__(self, message: str, *, issues: tuple[Issue, ...] = ()) -> None:
        super().__init__(message)
        self.issues = issues

    def details(self) -> dict[str, object]:
        return {
            "issues": [
                {
                    "severity": issue.severity,
                    "code": issue.code,
                    "message": issue.message,
                    "question_id": issue.question_id,
                    "link_id": issue.link_id,
                }
                for issue in self.issues
            ]
        }


class InvalidAnswerError(InvalidInputError):
    """A learner's answer does not fit the question, or is not for the current question."""

    code = "invalid_answer"


class GraphvizMissingError(QuizflowError):
    """The `dot` executable is not installed, so an SVG diagram cannot be rendered.

    501 Not Implemented: the request is fine but this server lacks the capability; it is not the
    caller's fault (so not 4xx) and it will not fix itself by retrying (so not 503).
    """

    code = "graphviz_missing"
    status = 501


class DiagramRenderError(QuizflowError):
    """The `dot` executable ran but failed to render the diagram."""

    code = "diagram_render_failed"
    status = 500


class NotFoundError(QuizflowError):
    """The thing asked for does not exist, or the caller may not know that it exists."""

    code = "not_found"
    status = 404
    exit_code = 3


class ConflictError(QuizflowError):
    """The request conflicts with the current state (a duplicate, a stale step)."""

    code = "conflict"
    status = 409


class ForbiddenError(QuizflowError):
    """The caller is known but may not do this."""

    code = "forbidden"
    status = 403


class UnauthorizedError(QuizflowError):
    """No valid credentials were presented."""

    code = "unauthorized"
    status = 401


class TooManyAttemptsError(QuizflowError):
    """Too many failed sign-ins: the account refuses more for `retry_after_s` seconds."""

    code = "too_many_attempts"
    status = 429

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class ConfigurationError(QuizflowError):
    """quizflow is configured in a way that cannot work."""

    code = "configuration"
    exit_code = 78  # EX_CONFIG


class DatabaseError(QuizflowError):
    """The database could not do what was asked."""

    code = "database"
    status = 503
    exit_code = 69  # EX_UNAVAILABLE


class DatabaseUnavailableError(DatabaseError):
    """The database server cannot be reached or refused the connection."""

    code = "database_unavailable"


class DatabaseNotMigratedError(DatabaseError):
    """The database lacks quizflow's tables or columns: its migrations were not applied."""

    code = "database_not_migrated"
    exit_code = 78  # EX_CONFIG: the operator has a step to take, retrying will not help


class MigrationError(DatabaseError):
    """Applying the schema migrations failed."""

    code = "migration_failed"
    exit_code = 1


class MigrationChecksumError(MigrationError):
    """An applied migration's file was edited after it was applied."""

    code = "migration_checksum_mismatch"


class FailedMigrationError(MigrationError):
    """The ledger records a failed migration that must be resolved first."""

    code = "migration_unresolved_failure"


class MigrationLockTimeoutError(MigrationError):
    """Another upgrader held the migration lock for too long."""

    code = "migration_lock_timeout"


class NotCurrentQuestionError(ConflictError):
    """An answer was sent for a question the attempt is not on (a stale or replayed page)."""

    code = "not_current_question"
    fields = ("current_question_id",)

    def __init__(self, message: str, *, current_question_id: str | None) -> None:
        super().__init__(message)
        self.current_question_id = current_question_id


class PreconditionFailedError(QuizflowError):
    """An If-Match header names content that has changed since (another author's edit).

    `current` is what is there now; the API shows it in the caller's read shape, so the client
    can offer both versions and resend with the current etag to keep its own.
    """

    code = "precondition-failed"
    status = 412
    fields = ("current",)

    def __init__(self, message: str, *, current: object) -> None:
        super().__init__(message)
        self.current = current


class IdempotencyKeyReusedError(InvalidInputError):
    """An Idempotency-Key came back with a different request body."""

    code = "idempotency_key_reused"


class UnsupportedMediaTypeError(InvalidInputError):
    """A file of a kind quizflow does not import."""

    code = "unsupported_media_type"
    status = 415


class PayloadTooLargeError(QuizflowError):
    """A request body is over the configured size limit."""

    code = "payload_too_large"
    status = 413
    exit_code = 2


class DocumentTooLargeError(PayloadTooLargeError):
    """An upload is over the configured size limit."""


class InvalidDocumentError(InvalidInputError):
    """A document cannot be read: not what it claims to be, encrypted, empty, a zip bomb…"""

    code = "invalid_document"


class GoogleDocUnavailableError(InvalidInputError):
    """A Google Doc cannot be fetched: malformed id, not shared with us, or deleted."""

    code = "google_doc_unavailable"


class GoogleCredentialsMissingError(ConfigurationError):
    """Google Docs import is used but no Google credentials are configured."""

    code = "google_credentials_missing"
    status = 503


class StorageError(QuizflowError):
    """The object store could not store or return an object."""

    code = "storage_unavailable"
    status = 503
    exit_code = 69
