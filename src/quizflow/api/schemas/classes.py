"""Bodies of the class, co-author and audience endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field

from quizflow.api.schemas.common import HAS_LETTER, ReadModel, WriteModel

Right = Literal["edit", "results"]
#: An address services/users.normalise_email accepts, spelt in ASCII so that JSON Schema's and
#: Python's regular expressions agree (their `\s` differ), without the commas and quotes a CSV
#: row splits on. The CLI's CSV path takes any address normalise_email does.
EMAIL = r"^[A-Za-z0-9._%+'!#$&*/=?^`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"
Email = Annotated[str, Field(min_length=5, max_length=320, pattern=EMAIL)]
AudienceName = Literal["everyone", "classes", "link"]


class GrantRead(ReadModel):
    user_id: uuid.UUID
    email: str
    right: Right = Field(description="edit: change it and read its results. results: read only")


class GrantCreate(WriteModel):
    email: Email = Field(description="An author's or admin's email")
    right: Right


class ClassCreate(WriteModel):
    title: str = Field(min_length=1, max_length=300, pattern=HAS_LETTER)


class ClassRead(ReadModel):
    id: uuid.UUID
    owner_id: uuid.UUID
    title: str
    join_code: str | None = Field(description="What learners type to join; null: joining is off")
    invitation_url: str | None = Field(description="A link that carries the join code")
    member_count: int
    created_at: datetime
    grants: list[GrantRead] = Field(description="Other authors' rights on this class")


class JoinCodeUpdate(WriteModel):
    enabled: bool = Field(default=True, strict=True, description="False turns joining by code off")


class JoinRequest(WriteModel):
    code: str = Field(min_length=1, max_length=40)


class MemberRead(ReadModel):
    user_id: uuid.UUID
    email: str
    display_name: str
    joined_at: datetime


class LearnersAdd(WriteModel):
    emails: list[Email] = Field(min_length=1, max_length=5000, description="One address each")


class InvitationRead(ReadModel):
    email: str
    url: str


class LearnersAdded(ReadModel):
    added: list[MemberRead]
    already_members: list[str]
    invitations: list[InvitationRead] = Field(
        description="Accounts created for addresses that had none: each opens its link once"
    )


class AssignmentWrite(WriteModel):
    scenario_id: uuid.UUID
    open_at: AwareDatetime | None = Field(default=None, description="Null: open now")
    due_at: AwareDatetime | None = Field(default=None, description="After open_at")


class AssignmentRead(ReadModel):
    class_id: uuid.UUID
    scenario_id: uuid.UUID
    scenario_title: str
    open_at: datetime | None
    due_at: datetime | None


class AudienceUpdate(WriteModel):
    audience: AudienceName
    new_link: bool = Field(
        default=False, strict=True, description="Replace the share link (old one stops)"
    )


class AssignedClassRead(ReadModel):
    class_id: uuid.UUID
    title: str
    open_at: datetime | None
    due_at: datetime | None


class AudienceRead(ReadModel):
    scenario_id: uuid.UUID
    audience: AudienceName
    share_token: str | None
    share_url: str | None
    classes: list[AssignedClassRead] = Field(
        description="The classes it is assigned to, of those you may see"
    )


class SharedOpen(WriteModel):
    token: str = Field(min_length=1, max_length=64)


class ClassDueRead(ReadModel):
    class_id: uuid.UUID
    class_title: str
    open_at: datetime | None
    due_at: datetime | None
    is_open: bool
