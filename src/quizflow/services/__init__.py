"""Use cases. Each opens its own transaction and commits once; adapters never commit."""

from __future__ import annotations

import enum


class Unset(enum.Enum):
    """Marks an argument that was not given, where None is a meaningful value."""

    TOKEN = 0


UNSET = Unset.TOKEN
