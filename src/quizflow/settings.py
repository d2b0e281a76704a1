"""quizflow's configuration: one validated object, read from the environment on demand."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import AliasChoices, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from quizflow.errors import ConfigurationError

APP_NAME = "quizflow"


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def _default_config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


class Settings(BaseSettings):
    """Every setting, from ``QUIZFLOW_*`` variables (and the standard ``DATABASE_URL``)."""

    model_config = SettingsConfigDict(env_prefix="QUIZFLOW_", extra="ignore")

    database_url: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_URL", "QUIZFLOW_DATABASE_URL"),
        description="PostgreSQL URL. Unset: an embedded server under data_dir is used.",
    )
    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Where the embedded PostgreSQL server and local files live.",
    )
    config_dir: Path = Field(
        default_factory=_default_config_dir,
        description="Where generated local secrets (the JWT signing key) are kept.",
    )
    embedded_database: str = Field(
        default="quizflow", description="Database name inside the embedded server."
    )
    db_pool_size: int = Field(
        default=20,
        ge=1,
        le=200,
        description=(
            "Connections each process keeps. Set it to the requests one process serves at once:"
            " above it, overflow connections are opened and closed again on every burst."
        ),
    )
    db_pool_max_overflow: int = Field(default=10, ge=0, le=200)
    db_ping_after_idle_s: float = Field(
        default=1.0,
        ge=0,
        description=(
            "A pooled connection idle this long is checked (SELECT 1) before use; 0 checks"
            " every reused connection, at a round trip per request."
        ),
    )
    db_statement_timeout_ms: int = Field(default=30_000, ge=0)
    db_connect_timeout_s: int = Field(
        default=10,
        ge=1,
        description="How long a new connection may take; raise it for a paused Aurora cluster.",
    )
    db_startup_options: bool = Field(
        default=True,
        description=(
            "Send statement_timeout as a connection startup option. Set false behind RDS Proxy,"
            " which refuses startup options; set statement_timeout in the parameter group then."
        ),
    )
    db_secret_arn: str | None = Field(
        default=None,
        description=(
            "A Secrets Manager secret holding the database credentials as JSON (host, port,"
            " username, password, dbname), as Aurora and RDS generate them. Used instead of"
            " DATABASE_URL when set; read once per process, again when the password was rotated."
        ),
    )
    db_host: str | None = Field(
        default=None,
        description=(
            "With db_secret_arn: connect here instead of the secret's host (the RDS Proxy"
            " endpoint), with the secret's credentials."
        ),
    )
    db_sslmode: Literal["disable", "prefer", "require", "verify-ca", "verify-full"] = Field(
        default="require",
        description="libpq sslmode of connections made with db_secret_arn's credentials.",
    )
    migration_lock_timeout_s: float = Field(default=60.0, gt=0)
    pdf_font_dir: Path | None = Field(
        default=None,
        description="Folder with the PDF font (.otf/.ttf/.ttc covering Latin, CJK and ✓); "
        "unset: the noto-cjk-sans-jp-regular package, else Debian fonts-noto-cjk / "
        "fonts-wqy-microhei.",
    )
    max_upload_bytes: int = Field(
        default=20 * 1024 * 1024, ge=1024, description="Largest document upload accepted (413)."
    )
    max_request_bytes: int = Field(
        default=1_048_576, ge=1024, description="Largest JSON request body the API accepts."
    )
    migrations_dir: Path | None = Field(
        default=None, description="Override where the Prisma migrations are read from."
    )

    jwt_secret: SecretStr | None = Field(
        default=None,
        description=(
            "HS256 key for locally issued tokens (QUIZFLOW_JWT_SECRET, at least 32 bytes)."
            " Unset: one is generated once and kept in config_dir/jwt-secret (mode 0600)."
        ),
    )
    jwt_jwks_url: str | None = Field(
        default=None,
        description=(
            "Set to verify RS256 tokens from an identity provider instead of issuing our own,"
            " e.g. Cognito's https://cognito-idp.REGION.amazonaws.com/POOL_ID/.well-known/jwks.json."
            " The token's `sub` (Cognito's user UUID) is used as the quizflow user id."
        ),
    )
    jwt_issuer: str | None = Field(
        default=None,
        description=(
            "Required with jwt_jwks_url: the expected `iss`, for Cognito"
            " https://cognito-idp.REGION.amazonaws.com/POOL_ID. Local tokens use quizflow-local."
        ),
    )
    jwt_audience: str | None = Field(
        default=None,
        description=(
            "Required with jwt_jwks_url: the expected `aud`, for Cognito the app client id"
            " (matched against `client_id` in access tokens). Local tokens use quizflow."
        ),
    )
    jwt_ttl_s: int = Field(
        default=43_200, ge=60, description="Lifetime of locally issued tokens, in seconds."
    )
    account_ttl_s: float = Field(
        default=5.0,
        ge=0,
        le=300,
        description=(
            "How long each API process remembers an account's role (and that it exists): a"
            " demoted or deleted account loses its rights within this many seconds. 0 reads"
            " the account on every request, at a query each."
        ),
    )
    jwt_role_claim: str = Field(
        default="quizflow:role",
        min_length=1,
        description=(
            "The claim naming the role (author, learner or admin) an account is created with."
            " With Cognito leave it unset and put each user in the Cognito group named after"
            " their role (`cognito:groups`, in ID and access tokens): only admins change groups,"
            " while users can write their own custom attributes, so a `custom:` claim is"
            " refused. Once the account exists, its own role applies, not the token's."
        ),
    )

    public_url: str = Field(
        default="http://127.0.0.1:8000",
        description="Where people open quizflow: the base of invitation and reset links.",
    )
    open_signup: bool = Field(
        default=False,
        description="Let anyone create a learner account in the browser. Off: admins invite.",
    )
    web_session_ttl_s: int = Field(
        default=8 * 3600, ge=60, description="How long a browser stays signed in, in seconds."
    )
    account_link_ttl_s: int = Field(
        default=72 * 3600, ge=60, description="How long invitation and reset links work."
    )
    oidc_issuer: str | None = Field(
        default=None,
        description=(
            'Turns on "Sign in with your organisation": the OpenID Connect issuer, for Cognito'
            " https://cognito-idp.REGION.amazonaws.com/POOL_ID (its endpoints are read from"
            " ISSUER/.well-known/openid-configuration). The redirect URI to register is"
            " PUBLIC_URL/api/auth/oidc/callback."
        ),
    )
    oidc_client_id: str | None = Field(
        default=None, description="Required with oidc_issuer: the app client's id."
    )
    oidc_client_secret: SecretStr | None = Field(
        default=None,
        description="The app client's secret, if it has one (sent as HTTP Basic to the token"
        " endpoint); PKCE protects the code either way.",
    )
    oidc_scopes: str = Field(
        default="openid email profile", min_length=6, description="Scopes asked for at sign-in."
    )
    smtp_url: SecretStr | None = Field(
        default=None,
        description=(
            "Where reset mail is sent: smtp://USER:PASS@HOST:PORT (add ?starttls=true to"
            " upgrade the connection), smtps://… for TLS from the start. Unset: no mail; an"
            " admin issues reset links (`quizflow users reset-link`)."
        ),
    )
    mail_from: str = Field(
        default="quizflow <no-reply@localhost>", description="The From: of the mail sent."
    )
    trusted_proxies: int = Field(
        default=0,
        ge=0,
        le=10,
        description=(
            "How many proxies in front of quizflow append to X-Forwarded-For (CloudFront and"
            " API Gateway: 2). 0: the header is ignored and the peer's address is the client's,"
            " so nobody can dodge the per-address limits by sending one."
        ),
    )
    auth_rate_limit: int = Field(
        default=30,
        ge=1,
        description="Requests one address may make to each sign-in endpoint (sign-in, sign-up,"
        " redeem, password resets, OIDC) per auth_rate_window_s; more get 429.",
    )
    auth_rate_window_s: float = Field(default=60.0, gt=0)
    web_dir: Path | None = Field(
        default=None,
        description="The built browser app (index.html and assets/). Unset: the one inside the"
        " installed package (quizflow/web_dist, from the wheel), else web/dist of the source tree.",
    )

    storage_backend: Literal["local", "s3"] = Field(
        default="local",
        description="Where objects (document originals, images, large content) are kept.",
    )
    storage_dir: Path | None = Field(
        default=None, description="The local object store's directory. Unset: data_dir/objects."
    )
    s3_bucket: str | None = Field(
        default=None, description="Required with storage_backend=s3: the bucket, which must exist."
    )
    s3_endpoint_url: str | None = Field(
        default=None,
        description=(
            "An S3-compatible server (MinIO, Ceph, moto…), e.g. http://127.0.0.1:9000;"
            " path-style addressing is used then. Unset: AWS S3 in s3_region."
        ),
    )
    s3_region: str = Field(default="us-east-1", min_length=1)
    s3_access_key_id: SecretStr | None = Field(
        default=None,
        description="Set with s3_secret_access_key. Unset: boto3's usual chain (env, role…).",
    )
    s3_secret_access_key: SecretStr | None = None
    s3_prefix: str = Field(
        default="", description="Prepended to every object key, e.g. `quizflow/` to share a bucket."
    )
    s3_multipart_threshold_bytes: int = Field(
        default=8 * 1_048_576,
        ge=5 * 1_048_576,
        description="Uploads from this size on are sent in parts (S3's smallest part is 5 MiB).",
    )
    s3_connect_timeout_s: float = Field(default=2.0, gt=0)
    s3_read_timeout_s: float = Field(default=10.0, gt=0)
    s3_max_attempts: int = Field(
        default=3,
        ge=1,
        le=10,
        description="Tries per S3 request, the first included: bounds how long an outage blocks.",
    )
    presigned_url_ttl_s: int = Field(
        default=900, ge=1, le=604_800, description="Lifetime of presigned download URLs."
    )
    max_concurrent_uploads: int = Field(
        default=2,
        ge=1,
        le=64,
        description="Document uploads the API processes at once; more wait their turn, off "
        "the worker threads learners' requests run on.",
    )
    inline_content_max_bytes: int = Field(
        default=1_048_576,
        ge=0,
        description="A document's content from this size on is kept in object storage, not inline.",
    )

    xapi_endpoint: str | None = Field(
        default=None,
        description=(
            "The learning record store's xAPI endpoint (statements are POSTed to"
            " ENDPOINT/statements), e.g. https://lrs.example.edu/xAPI. Set: every answer and"
            " attempt queues its xAPI statement for delivery. Unset: none is queued."
        ),
    )
    xapi_username: str | None = Field(
        default=None, description="HTTP Basic user for the LRS (its key)."
    )
    xapi_password: SecretStr | None = Field(
        default=None, description="HTTP Basic password for the LRS (its secret)."
    )
    xapi_batch_size: int = Field(
        default=50, ge=1, le=500, description="Statements per POST to the LRS."
    )
    xapi_timeout_s: float = Field(
        default=10.0, gt=0, description="How long one POST to the LRS may take."
    )
    xapi_poll_interval_s: float = Field(
        default=2.0, gt=0, description="How often a delivery worker with nothing to do looks."
    )
    xapi_max_backoff_s: float = Field(
        default=900.0,
        gt=0,
        description="The longest wait between two tries of a statement the LRS refused.",
    )
    xapi_credentials_secret_arn: str | None = Field(
        default=None,
        description=(
            "In AWS: a Secrets Manager secret holding the LRS's credentials as JSON (username,"
            " password), read by the function that posts statements instead of"
            " xapi_username / xapi_password."
        ),
    )
    xapi_poster_function: str | None = Field(
        default=None,
        description=(
            "In AWS: the function (outside the VPC) that posts statements to the LRS for the"
            " delivery function (inside it, where nothing reaches the internet)."
        ),
    )
    xapi_worker_in_serve: bool = Field(
        default=True,
        description=(
            "Run a delivery worker inside `quizflow serve`. Set false when `quizflow xapi"
            " deliver` (or the scheduled Lambda) delivers instead."
        ),
    )
    analytics_recount_in_background: bool = Field(
        default=True,
        description=(
            "Large versions' analytics answer with their kept count while a worker recounts"
            " them (`quizflow serve`, `quizflow results recount`, the scheduled Lambda). False:"
            " every request counts what changed itself (slower on large versions; no worker"
            " needed, so an idle database can pause)."
        ),
    )

    @property
    def xapi_enabled(self) -> bool:
        """Whether statements are queued for an LRS."""
        return self.xapi_endpoint is not None

    @property
    def oidc_enabled(self) -> bool:
        """Whether people may sign in with the organisation's identity provider."""
        return self.oidc_issuer is not None and self.oidc_client_id is not None

    @property
    def embedded_data_dir(self) -> Path:
        """The embedded server's PGDATA directory."""
        return self.data_dir / "postgres"

    @property
    def storage_root(self) -> Path:
        """The local object store's directory: storage_dir, or data_dir/objects."""
        return self.storage_dir if self.storage_dir is not None else self.data_dir / "objects"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment the first time they are needed.

    Raises ConfigurationError, naming each variable that is wrong and why, in one line.
    """
    try:
        return Settings()
    except ValidationError as exc:
        raise ConfigurationError(f"invalid configuration: {_describe(exc)}") from exc


def _describe(exc: ValidationError) -> str:
    problems = []
    for error in exc.errors(include_url=False):
        field = str(error["loc"][0]) if error["loc"] else ""
        variable = field if field.isupper() else f"QUIZFLOW_{field.upper()}"
        # The value is left out: a malformed secret must not be echoed to a terminal or a log.
        problems.append(f"{variable}: {error['msg']}")
    return "; ".join(problems)
