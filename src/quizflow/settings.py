"""quizflow's configuration: one validated object, read from the environment on demand."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import platformdirs
from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    db_pool_size: int = Field(default=10, ge=1, le=200)
    db_pool_max_overflow: int = Field(default=10, ge=0, le=200)
    db_statement_timeout_ms: int = Field(default=30_000, ge=0)
    migration_lock_timeout_s: float = Field(default=60.0, gt=0)
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
    jwt_role_claim: str = Field(
        default="quizflow:role",
        min_length=1,
        description=(
            "The claim holding the role (author, learner or admin). For Cognito set it to"
            " `custom:role` (a custom attribute, in ID tokens), or leave it and put users in a"
            " Cognito group named after the role (`cognito:groups`, also in access tokens)."
        ),
    )

    @property
    def embedded_data_dir(self) -> Path:
        """The embedded server's PGDATA directory."""
        return self.data_dir / "postgres"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment the first time they are needed."""
    return Settings()
