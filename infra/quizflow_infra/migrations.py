"""Schema migrations on every deployment, before the new API version serves.

A function from the same asset as the API runs `quizflow db upgrade` (quizflow.aws.lambda_migrate)
through a CDK Trigger. The Trigger runs whenever the function's version changes, and the
deployment id in its environment changes on every `cdk deploy`, so it runs on every deployment.
It runs after the cluster (and its secret) exist and before the API's `live` alias moves to the
new version: a failed migration fails the deployment and the old version keeps serving.

It connects to the cluster directly, not through RDS Proxy: one connection that holds a
session-level advisory lock for the whole upgrade gains nothing from the proxy.
"""

from __future__ import annotations

from aws_cdk import Duration, triggers
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from quizflow_infra.data import Data
from quizflow_infra.functions import app_function
from quizflow_infra.network import Network

HANDLER = "quizflow.aws.lambda_migrate.handler"


class Migrations(Construct):
    """The migration function and the Trigger that invokes it."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        network: Network,
        data: Data,
        code: lambda_.Code,
        deploy_id: str,
        before: list[Construct],
    ) -> None:
        super().__init__(scope, construct_id)
        self.security_group = network.function_security_group("MigrationFunction", self)
        network.allow_https_from(self.security_group)
        data.allow_from(self.security_group, "migration function")
        self.function = app_function(
            self,
            "Function",
            handler=HANDLER,
            code=code,
            memory_size=512,
            timeout=Duration.minutes(10),
            network=network,
            security_group=self.security_group,
            log_retention=logs.RetentionDays.ONE_YEAR,  # the schema's history
            environment={
                "QUIZFLOW_DB_SECRET_ARN": data.secret.secret_arn,
                "QUIZFLOW_DB_STATEMENT_TIMEOUT_MS": "0",  # a migration may take long
                "QUIZFLOW_DB_CONNECT_TIMEOUT_S": "60",  # a paused writer resumes in ~15 s
                "QUIZFLOW_DB_POOL_SIZE": "1",
                "QUIZFLOW_DB_POOL_MAX_OVERFLOW": "0",
                "QUIZFLOW_MIGRATION_LOCK_TIMEOUT_S": "300",
                # Not read by quizflow: a new value makes a new function version, and so a new
                # Trigger run, on every deployment.
                "QUIZFLOW_DEPLOY_ID": deploy_id,
            },
        )
        data.secret.grant_read(self.function)
        self.trigger = triggers.Trigger(
            self,
            "Upgrade",
            handler=self.function,
            timeout=Duration.minutes(10),
            invocation_type=triggers.InvocationType.REQUEST_RESPONSE,
            execute_on_handler_change=True,
            execute_after=[network, data],  # endpoints, cluster, secret, rules
            execute_before=before,
        )
