"""xAPI delivery in AWS: a scheduled function in the VPC and a poster outside it.

The VPC has no route to the internet (network.py), so the function that reads the outbox (in
the VPC, through RDS Proxy) cannot reach an LRS. Every minute it claims batches and invokes the
poster through a Lambda interface endpoint; the poster, outside the VPC, reaches the LRS and
nothing of ours but its credentials secret. Built only when `-c xapiEndpoint=…` is given.
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from quizflow_infra.data import Data
from quizflow_infra.functions import app_function
from quizflow_infra.network import Network

DELIVER_HANDLER = "quizflow.aws.lambda_xapi.deliver"
POST_HANDLER = "quizflow.aws.lambda_xapi.post"


class XapiDelivery(Construct):
    """The LRS credentials secret, the poster, the deliverer and its schedule."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        network: Network,
        data: Data,
        code: lambda_.Code,
        endpoint: str,
    ) -> None:
        super().__init__(scope, construct_id)
        # The admin puts the LRS's key and secret here after the first deployment.
        self.credentials = secretsmanager.Secret(
            self,
            "LrsCredentials",
            description="quizflow: the LRS's HTTP Basic credentials, JSON {username, password}",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                secret_string_template='{"username": "set-me"}',  # noqa: S106 (a placeholder)
                generate_string_key="password",
            ),
        )
        self.poster = app_function(  # outside the VPC: it reaches the LRS
            self,
            "Poster",
            handler=POST_HANDLER,
            code=code,
            memory_size=256,
            timeout=Duration.seconds(60),
            logs_id="PosterLogs",
            environment={
                "QUIZFLOW_XAPI_ENDPOINT": endpoint,
                "QUIZFLOW_XAPI_CREDENTIALS_SECRET_ARN": self.credentials.secret_arn,
            },
        )
        self.credentials.grant_read(self.poster)

        self.security_group = network.function_security_group("XapiDeliveryFunction", self)
        network.allow_https_from(self.security_group)
        network.allow_lambda_from(self.security_group)
        data.allow_proxy_from(self.security_group, "xAPI delivery function")
        self.deliverer = app_function(
            self,
            "Deliverer",
            handler=DELIVER_HANDLER,
            code=code,
            memory_size=512,
            timeout=Duration.minutes(5),
            network=network,
            security_group=self.security_group,
            logs_id="DelivererLogs",
            environment={
                **data.proxy_environment(),
                "QUIZFLOW_XAPI_ENDPOINT": endpoint,
                "QUIZFLOW_XAPI_POSTER_FUNCTION": self.poster.function_name,
            },
        )
        data.secret.grant_read(self.deliverer)
        self.poster.grant_invoke(self.deliverer)
        # Overlapping runs are safe (claims skip locked rows), so no reserved concurrency.
        self.schedule = events.Rule(
            self,
            "EveryMinute",
            description="quizflow: deliver queued xAPI statements to the LRS",
            schedule=events.Schedule.rate(Duration.minutes(1)),
            targets=[targets.LambdaFunction(self.deliverer, retry_attempts=0)],
        )
