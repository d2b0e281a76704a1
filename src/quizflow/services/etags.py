"""Strong ETags: a hash of exactly what a PATCH of a scenario or a PUT of a question replaces.

No column keeps a revision number; the hash of the content is the revision. Two authors who
read the same content hold the same tag, and a write that changes nothing keeps it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Protocol

from quizflow.errors import PreconditionFailedError


class _Choice(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def body(self) -> str: ...
    @property
    def is_correct(self) -> bool: ...
    @property
    def feedback(self) -> str | None: ...


def _tag(value: object) -> str:
    digest = hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()
    return f'"{digest[:32]}"'


def scenario_etag(*, title: str, context_html: str) -> str:
    """The tag of a scenario's text, its title and context (its questions have tags of their own).

    Not its first question: that is part of the flow, like the links, and it moves as a side
    effect of adding or deleting questions; were it tagged, adding the first question would make
    the title and context an author is typing a "conflict" with nobody.
    """
    return _tag(["scenario", title, context_html])


def question_etag(
    *,
    prompt_html: str,
    is_multiple_choice: bool,
    multi_select: bool,
    explanation: str | None,
    points: int,
    choices: Iterable[_Choice],
) -> str:
    """The tag of a question's text, kind, points and choices (not its links, a PUT keeps them)."""
    return _tag(
        [
            "question",
            prompt_html,
            is_multiple_choice,
            multi_select,
            explanation,
            points,
            [[c.label, c.body, c.is_correct, c.feedback] for c in choices],
        ]
    )


def matches(if_match: str | None, current: str) -> bool:
    """Whether an If-Match header allows a write to content tagged `current` (RFC 9110 13.1.1).

    No header allows it (writing as before); `*` matches anything that exists; weak tags never
    match (the comparison is strong).
    """
    if if_match is None:
        return True
    candidates = [part.strip() for part in if_match.split(",")]
    return "*" in candidates or current in candidates


def precondition_failed(what: str, current: str, current_value: object) -> PreconditionFailedError:
    """The error for a write whose If-Match no longer matches; `current_value` is what is there."""
    return PreconditionFailedError(
        f"the {what} changed since you read it (its etag is now {current}); reload it, or "
        "resend with If-Match set to the current etag to keep your version",
        current=current_value,
    )
