"""The Lambda that upgrades the database on every deployment: `quizflow db upgrade` on AWS.

Invoked by the CDK stack's Trigger (with an empty event) before the new API version serves, or
usable as a CloudFormation custom resource's handler (an event with ``RequestType``): a Delete
does nothing, since a schema is never dropped by removing a stack. A failure raises, which fails
the deployment with the migration's one-line message.
"""

from __future__ import annotations

import logging
from typing import Any

from quizflow.aws import secrets
from quizflow.db.engine import engine_from_settings
from quizflow.services.database import upgrade_database
from quizflow.settings import get_settings

PHYSICAL_RESOURCE_ID = "quizflow-database-schema"
log = logging.getLogger(__name__)
log.setLevel(logging.INFO)  # Lambda's root logger lets only warnings through by default


def handler(event: dict[str, Any] | None, context: Any) -> dict[str, Any]:
    """Apply every pending migration; return the names applied (and custom-resource fields)."""
    request_type = (event or {}).get("RequestType")
    if request_type == "Delete":
        return {"PhysicalResourceId": PHYSICAL_RESOURCE_ID, "applied": []}
    settings = get_settings()
    engine = engine_from_settings(settings, credentials=secrets)
    try:
        applied = upgrade_database(
            engine=engine,
            migrations_dir=settings.migrations_dir,
            lock_timeout_s=settings.migration_lock_timeout_s,
            on_applied=lambda migration: log.info("applied migration %s", migration.name),
        )
    finally:
        engine.dispose()
    log.info("database schema is current: %d migration(s) applied", len(applied))
    result: dict[str, Any] = {"applied": applied}
    if request_type is not None:
        result["PhysicalResourceId"] = PHYSICAL_RESOURCE_ID
        result["Data"] = {"Applied": ",".join(applied), "Count": len(applied)}
    return result
