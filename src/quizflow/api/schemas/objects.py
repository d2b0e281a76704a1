"""Bodies of the object endpoints (images shown in questions and contexts)."""

from __future__ import annotations

from pydantic import Field

from quizflow.api.schemas.common import ReadModel


class ObjectRead(ReadModel):
    key: str = Field(
        description='What HTML keeps: `<img src="objects/ab/<sha256>.<ext>">` (the sanitiser '
        "allows nothing else)"
    )
    url: str = Field(description="Where the browser fetches it: `/api/objects/ab/<sha256>.<ext>`")
