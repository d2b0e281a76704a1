"""Bodies of the account endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from quizflow.api.schemas.common import ReadModel


class UserRead(ReadModel):
    id: uuid.UUID
    email: str
    display_name: str
    role: Literal["author", "learner", "admin"]
    created_at: datetime
