"""Schemathesis's full run (`st run --checks all`, every phase) against the app in process.

Driven through schemathesis's engine, the same one its CLI runs: the examples, coverage,
fuzzing and stateful phases, every check (status codes, content types, headers, bodies,
negative data rejected, positive data accepted, unsupported methods and their `Allow`
header, use after free, authorization…). `findings()` returns each failure once, with the
response that caused it, so a test can tell a documented business rule from a broken contract.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import schemathesis
from schemathesis.engine import events, from_schema


@dataclass(frozen=True)
class Finding:
    """One failed check: which, where, and the problem+json the server answered with."""

    check: str  # e.g. "ST202 Schema-valid request rejected"
    operation: str
    status: int | None
    code: str | None  # the problem's `code`, when the answer was problem+json
    detail: str

    def __str__(self) -> str:
        return f"{self.check} on {self.operation}: [{self.status}] {self.code}: {self.detail}"


@dataclass(frozen=True)
class BusinessRule:
    """A rule JSON Schema cannot state, answered with a documented 4xx problem."""

    status: int
    code: str
    detail: str  # a regular expression the problem's `detail` matches

    def excuses(self, finding: Finding) -> bool:
        return (
            finding.check.startswith("ST202")
            and finding.status == self.status
            and finding.code == self.code
            and re.search(self.detail, finding.detail) is not None
        )


@dataclass(frozen=True)
class SameOnTheWire:
    """A "schema-violating" request that is not one once sent: in multipart/form-data every
    part is bytes, so an integer where the schema says a binary file arrives as a file."""

    operation: str
    field: str

    def excuses(self, finding: Finding) -> bool:
        return (
            finding.check.startswith("ST201")
            and finding.operation == self.operation
            and f"at /properties/{self.field} (was string, became" in finding.detail
        )


def _config(*, token: str, max_examples: int, seed: int) -> schemathesis.Config:
    config = schemathesis.Config(seed=seed)
    project = config.projects.default
    project.update(headers={"Authorization": f"Bearer {token}"}, workers=1)
    project.checks.update(included_check_names=["all"])
    # A body over the size limit is refused before it is read: 413 is a rejection too.
    rejected = project.checks.negative_data_rejection
    rejected.expected_statuses = [*rejected.expected_statuses, "413"]
    project.generation.update(max_examples=max_examples, database="none")
    project.phases.update(phases=["examples", "coverage", "fuzzing", "stateful"])
    return config


def _problem(content: bytes | None) -> dict[str, Any]:
    try:
        body = json.loads(content or b"")
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _findings_of(recorder: Any) -> Iterable[Finding]:
    for case_id, nodes in recorder.checks.items():
        for node in nodes:
            if node.failure_info is None:
                continue
            failure = node.failure_info.failure
            interaction = recorder.interactions.get(node.failure_info.failure.case_id or case_id)
            response = interaction.response if interaction is not None else None
            body = _problem(response.content if response is not None else None)
            yield Finding(
                check=f"{failure.code} {failure.title}",
                operation=failure.operation or recorder.label,
                status=response.status_code if response is not None else None,
                code=body.get("code"),
                detail=str(body.get("detail", failure.message)),
            )


def findings(app: Any, *, token: str, max_examples: int = 10, seed: int = 1) -> list[Finding]:
    """Every distinct failure of a full schemathesis run against `app` as `token`'s holder."""
    schema = schemathesis.openapi.from_asgi(
        "/openapi.json", app, config=_config(token=token, max_examples=max_examples, seed=seed)
    )
    found: dict[tuple[str, str, int | None, str | None], Finding] = {}
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            for finding in _findings_of(event.recorder):
                found.setdefault(
                    (finding.check, finding.operation, finding.status, finding.code), finding
                )
        elif isinstance(event, events.NonFatalError | events.FatalError):
            raise AssertionError(f"schemathesis could not run: {event}")
    return list(found.values())
