"""xAPI delivery on AWS: two functions, because nothing inside the VPC reaches the internet.

`deliver` runs every minute inside the VPC (it reaches the database through RDS Proxy): it claims
batches from the outbox exactly as `quizflow xapi deliver --once` does, and hands each to `post`
through the Lambda VPC endpoint. `post` runs outside the VPC (it reaches the LRS, and nothing of
ours): it POSTs the batch and returns the ids the LRS now holds. The outbox's lease, backoff and
stable ids work as everywhere else; a failed invocation is a failed batch, retried later.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from quizflow.aws.scheduled import sessions_until_timeout
from quizflow.errors import ConfigurationError
from quizflow.services.xapi_delivery import (
    DeliveryConfig,
    Sender,
    delivery_config,
    http_sender,
    lrs_client,
    run,
)
from quizflow.settings import Settings, get_settings

log = logging.getLogger(__name__)
log.setLevel(logging.INFO)


def post(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """POST `event["statements"]` to the LRS; returns {"accepted": [ids], "error": …}."""
    config = _config(get_settings(), with_credentials=True)
    with lrs_client(config) as client:
        accepted, error = http_sender(config, client)(event.get("statements", []))
    return {"accepted": sorted(str(i) for i in accepted), "error": error}


def deliver(event: dict[str, Any] | None, context: Any) -> dict[str, Any]:
    """Deliver what is due (until the function's time is nearly up); returns the count."""
    settings = get_settings()
    config = _config(settings, with_credentials=False)
    if settings.xapi_poster_function is None:
        raise ConfigurationError("QUIZFLOW_XAPI_POSTER_FUNCTION is not set")
    with sessions_until_timeout(settings, context) as (sessions, stop):
        delivered = run(
            sessions, config, stop, once=True, send=_invoker(settings.xapi_poster_function)
        )
    log.info("xAPI: %d statement(s) delivered", delivered)
    return {"delivered": delivered}


def _config(settings: Settings, *, with_credentials: bool) -> DeliveryConfig:
    config = delivery_config(settings)
    if config is None:
        raise ConfigurationError("QUIZFLOW_XAPI_ENDPOINT is not set")
    arn = settings.xapi_credentials_secret_arn
    if with_credentials and arn is not None:
        credentials = json.loads(_secret_text(arn))
        config = replace(
            config, username=credentials.get("username"), password=credentials.get("password")
        )
    return config


def _secret_text(arn: str) -> str:
    import boto3

    client = boto3.client("secretsmanager")
    return str(client.get_secret_value(SecretId=arn)["SecretString"])


def _invoker(function_name: str) -> Sender:
    import boto3

    client = boto3.client("lambda")

    def send(statements: Sequence[dict[str, Any]]) -> tuple[set[uuid.UUID], str | None]:
        try:
            response = client.invoke(
                FunctionName=function_name,
                Payload=json.dumps({"statements": list(statements)}).encode(),
            )
            body = json.loads(response["Payload"].read())
        except Exception as exc:  # any failure to reach the poster is a failed batch
            return set(), f"poster unreachable: {type(exc).__name__}: {exc}"
        if response.get("FunctionError"):
            return set(), f"poster failed: {str(body)[:300]}"
        return {uuid.UUID(i) for i in body["accepted"]}, body.get("error")

    return send
