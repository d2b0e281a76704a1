"""The public edge: Cognito users, the HTTP API, and the function that serves it.

API Gateway checks the JWT of every request to the API's own paths against the Cognito user
pool before Lambda runs (a rejected token costs no invocation); the app verifies it again
against the pool's JWKS (issuer and audience), in case a route is ever misconfigured. The
browser's paths, /api/... (through CloudFront, see site.py), carry a session cookie instead of
a bearer token, and the sign-in callback carries neither: the app authenticates those itself.
Browsers sign in on Cognito's hosted pages (authorization code + PKCE, a public client) and
come back to /api/auth/oidc/callback. The API serves the `live` alias, which is moved to a new
version only after the migrations ran (see migrations.py).
"""

from __future__ import annotations

import json

import jsii
from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_authorizers as authorizers
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from quizflow_infra.data import Data
from quizflow_infra.functions import app_function
from quizflow_infra.network import Network
from quizflow_infra.storage import Storage

HANDLER = "quizflow.aws.lambda_api.handler"
OIDC_CALLBACK_PATH = "/api/auth/oidc/callback"
ROLES = ("learner", "author", "admin")  # Cognito groups; the app maps cognito:groups to roles
# HTTP API variables ($context.*) for one JSON line per request.
ACCESS_LOG_FORMAT = {
    "requestId": "$context.requestId",
    "ip": "$context.identity.sourceIp",
    "time": "$context.requestTime",
    "method": "$context.httpMethod",
    "path": "$context.path",
    "status": "$context.status",
    "latencyMs": "$context.responseLatency",
    "integrationLatencyMs": "$context.integrationLatency",
    "integrationError": "$context.integrationErrorMessage",
    "authorizerError": "$context.authorizer.error",
    "user": "$context.authorizer.claims.sub",
    "bytes": "$context.responseLength",
}


@jsii.implements(apigwv2.IAccessLogSettings)
class _AccessLogs:
    """One JSON line per request into `log_group` (IAccessLogSettings has no struct class)."""

    def __init__(self, log_group: logs.ILogGroup) -> None:
        self._destination = apigwv2.LogGroupLogDestination(log_group)

    @property
    def destination(self) -> apigwv2.IAccessLogDestination:
        return self._destination

    @property
    def format(self) -> apigw.AccessLogFormat:
        return apigw.AccessLogFormat.custom(json.dumps(ACCESS_LOG_FORMAT))


class Api(Construct):
    """User pool (+ hosted sign-in), API function (+ `live` alias) and HTTP API; its app client
    and routes come with `serve_browsers_at`."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        network: Network,
        data: Data,
        storage: Storage,
        code: lambda_.Code,
        stage: str,
        throttle_rate: float,
        throttle_burst: int,
        sign_in_domain_prefix: str,
    ) -> None:
        super().__init__(scope, construct_id)
        production = stage != "dev"
        region = Stack.of(self).region

        self.user_pool = cognito.UserPool(
            self,
            "Users",
            sign_in_aliases=cognito.SignInAliases(email=True),
            self_sign_up_enabled=False,  # admins invite; see docs/deploy.md
            standard_attributes=cognito.StandardAttributes(
                email=cognito.StandardAttribute(required=True, mutable=True)
            ),
            password_policy=cognito.PasswordPolicy(min_length=12),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            mfa=cognito.Mfa.OPTIONAL,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),
            deletion_protection=production,
            removal_policy=RemovalPolicy.RETAIN if production else RemovalPolicy.DESTROY,
        )
        self.sign_in = self.user_pool.add_domain(
            "SignIn",
            cognito_domain=cognito.CognitoDomainOptions(domain_prefix=sign_in_domain_prefix),
        )
        for role in ROLES:
            cognito.CfnUserPoolGroup(
                self,
                f"{role.title()}Group",
                user_pool_id=self.user_pool.user_pool_id,
                group_name=role,
                description=f"quizflow {role}s",
            )

        self.security_group = network.function_security_group("ApiFunction", self)
        network.allow_https_from(self.security_group, cognito=True)
        data.allow_proxy_from(self.security_group, "API function")
        issuer = self.user_pool.user_pool_provider_url
        # No SnapStart: Lambda offers it for Python 3.12 and later only. A cold start imports
        # from the asset's precompiled bytecode instead (docs/deploy.md).
        self.function = app_function(
            self,
            "Function",
            handler=HANDLER,
            code=code,
            memory_size=1024,  # CPU scales with memory: a faster cold start
            timeout=Duration.seconds(29),  # API Gateway gives up after 30 s
            network=network,
            security_group=self.security_group,
            environment={
                **data.proxy_environment(max_overflow=1),
                "QUIZFLOW_JWT_JWKS_URL": f"{issuer}/.well-known/jwks.json",
                "QUIZFLOW_JWT_ISSUER": issuer,
                "QUIZFLOW_OIDC_ISSUER": issuer,
                "QUIZFLOW_STORAGE_BACKEND": "s3",
                "QUIZFLOW_S3_BUCKET": storage.bucket.bucket_name,
                "QUIZFLOW_S3_REGION": region,
            },
        )
        data.secret.grant_read(self.function)
        storage.bucket.grant_read_write(self.function)
        self.alias = self.function.add_alias("live")

        access_logs = logs.LogGroup(
            self,
            "AccessLogs",
            retention=logs.RetentionDays.THREE_MONTHS,
            removal_policy=RemovalPolicy.DESTROY,
        )
        # Its routes come with the app client (serve_browsers_at): the client's callback is on
        # the distribution in front of this API.
        self.http_api = apigwv2.HttpApi(
            self, "HttpApi", description="quizflow API", create_default_stage=False
        )
        self.stage = apigwv2.HttpStage(
            self,
            "DefaultStage",
            http_api=self.http_api,
            auto_deploy=True,
            throttle=apigwv2.ThrottleSettings(rate_limit=throttle_rate, burst_limit=throttle_burst),
            access_log_settings=_AccessLogs(access_logs),
        )

    def serve_browsers_at(self, site_url: str) -> None:
        """The app client browsers sign in with, on `site_url`, and the routes that use it.

        A second step because `site_url` is the CloudFront distribution's, which needs the HTTP
        API built above. CloudFormation sees no cycle: the distribution refers to the HTTP API
        resource only, never to the function, its routes or the client.
        """
        self.client = self.user_pool.add_client(
            "AppClient",
            auth_flows=cognito.AuthFlow(user_srp=True),
            generate_secret=False,  # a public client: the code exchange is held by PKCE
            prevent_user_existence_errors=True,
            supported_identity_providers=[cognito.UserPoolClientIdentityProvider.COGNITO],
            o_auth=cognito.OAuthSettings(
                flows=cognito.OAuthFlows(authorization_code_grant=True),  # no implicit grant
                scopes=[
                    cognito.OAuthScope.OPENID,
                    cognito.OAuthScope.EMAIL,
                    cognito.OAuthScope.PROFILE,
                ],
                callback_urls=[f"{site_url}{OIDC_CALLBACK_PATH}"],
                logout_urls=[f"{site_url}/app/"],
            ),
            # Users may write through the app client what it allows; left unset, that is every
            # mutable attribute, a custom one added later included. Roles are Cognito groups,
            # which only admins change; a user may only change their email (verified again).
            write_attributes=cognito.ClientAttributes().with_standard_attributes(email=True),
            access_token_validity=Duration.hours(1),
            id_token_validity=Duration.hours(1),
            refresh_token_validity=Duration.days(30),
        )
        self.function.add_environment("QUIZFLOW_JWT_AUDIENCE", self.client.user_pool_client_id)
        self.function.add_environment("QUIZFLOW_OIDC_CLIENT_ID", self.client.user_pool_client_id)
        self.function.add_environment("QUIZFLOW_PUBLIC_URL", site_url)

        app = integrations.HttpLambdaIntegration("App", self.alias)
        # A catch-all route: everything is the app's, and all of it needs a token...
        apigwv2.HttpRoute(
            self.http_api,
            "DefaultRoute",
            http_api=self.http_api,
            route_key=apigwv2.HttpRouteKey.DEFAULT,
            integration=app,
            authorizer=authorizers.HttpUserPoolAuthorizer(
                "Cognito", self.user_pool, user_pool_clients=[self.client]
            ),
        )
        # ...but the browser's paths, which the app authenticates itself (a session cookie or a
        # bearer token); the sign-in callback has neither.
        self.http_api.add_routes(
            path="/api/{proxy+}",
            methods=[apigwv2.HttpMethod.ANY],
            integration=app,
            authorizer=apigwv2.HttpNoneAuthorizer(),
        )
