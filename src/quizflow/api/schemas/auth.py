"""Bodies of the sign-in endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from quizflow.api.schemas.common import ReadModel, WriteModel
from quizflow.api.schemas.users import UserRead
from quizflow.services.credentials import MAX_PASSWORD, MIN_PASSWORD


class SignIn(WriteModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=MAX_PASSWORD)


class SignUp(WriteModel):
    email: str = Field(max_length=320)
    password: str = Field(min_length=MIN_PASSWORD, max_length=MAX_PASSWORD)
    display_name: str | None = Field(default=None, max_length=200)


class LinkRedeem(WriteModel):
    token: str = Field(min_length=1, max_length=200, description="From the link's #token=")
    password: str = Field(min_length=MIN_PASSWORD, max_length=MAX_PASSWORD)
    display_name: str | None = Field(default=None, max_length=200)


class InvitationCreate(WriteModel):
    email: str = Field(max_length=320)
    role: Literal["author", "learner", "admin"] = "learner"


class PasswordResetRequest(WriteModel):
    email: str = Field(max_length=320)


class PasswordResetAccepted(ReadModel):
    detail: str = Field(description="What happens now; the same whoever's address was sent.")


class LinkRead(ReadModel):
    url: str
    email: str
    kind: Literal["invitation", "password_reset"]
    expires_at: datetime


class SessionRead(ReadModel):
    user: UserRead
    csrf_token: str = Field(description="Send it as X-CSRF-Token with unsafe requests.")


class SignInOptions(ReadModel):
    open_signup: bool = Field(
        description="Anyone may create a learner account (POST /auth/sign-up)."
    )
    reset_mail: bool = Field(
        default=False,
        description="Reset links are mailed on request (POST /auth/password-resets).",
    )
    oidc: bool = Field(
        default=False,
        description="Signing in with the organisation's accounts is on (GET /auth/oidc/start).",
    )
