"""The analytics recount in AWS: a function in the VPC, scheduled every minute.

Requests on a large version answer with the result kept for it and ask for a recount; this
function counts (quizflow.aws.lambda_analytics, `quizflow results recount --once`). It needs the
database, through RDS Proxy, and its credentials, through the Secrets Manager endpoint: nothing
on the internet. Built in every deployment, since every deployment has analytics.
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from quizflow_infra.data import Data
from quizflow_infra.functions import app_function
from quizflow_infra.network import Network

RECOUNT_HANDLER = "quizflow.aws.lambda_analytics.recount"


class AnalyticsRecount(Construct):
    """The recount function, its security group and its schedule."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        network: Network,
        data: Data,
        code: lambda_.Code,
    ) -> None:
        super().__init__(scope, construct_id)
        self.security_group = network.function_security_group("AnalyticsRecountFunction", self)
        network.allow_https_from(self.security_group)  # the Secrets Manager endpoint only
        data.allow_proxy_from(self.security_group, "analytics recount function")
        self.function = app_function(
            self,
            "Function",
            handler=RECOUNT_HANDLER,
            code=code,
            # PostgreSQL does the counting; the room is for the results of large versions.
            memory_size=1024,
            timeout=Duration.minutes(5),
            network=network,
            security_group=self.security_group,
            environment=data.proxy_environment(),
        )
        data.secret.grant_read(self.function)
        # Overlapping runs are safe (a recount locks its row), so no reserved concurrency.
        self.schedule = events.Rule(
            self,
            "EveryMinute",
            description="quizflow: recount the analytics requests found stale",
            schedule=events.Schedule.rate(Duration.minutes(1)),
            targets=[targets.LambdaFunction(self.function, retry_attempts=0)],
        )
