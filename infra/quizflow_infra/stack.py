"""The deployment's configuration (CDK context flags) and the stacks built from it.

Context flags (`cdk deploy -c name=value`; defaults in cdk.json):

    stage            dev | prod…  anything but dev keeps data: deletion protection, snapshots,
                     retained bucket and user pool, 14 days of backups
    minAcu, maxAcu   Aurora Serverless v2 capacity range (default 0 to 4, or 0.5 to 4 when global);
                     minAcu 0 pauses an idle writer
    autoPauseMinutes idle minutes before a 0-ACU writer pauses (5 to 1440)
    global           true: make the cluster the primary of an Aurora Global Database, with a
                     secondary cluster in secondaryRegion
    secondaryRegion  the global database's second region
    lambdaAsset      the zip built by scripts/package-lambda (relative to infra/)
    webDist          the built browser app, web/dist (relative to infra/; `make web` builds it)
    signInDomain     the prefix of Cognito's hosted sign-in domain, <prefix>.auth.<region>.
                     amazoncognito.com, unique in the region (default quizflow-<stage>-<account>)
    throttleRate, throttleBurst   API Gateway's steady requests/s and burst for the stage
    deployId         changes on every synth unless given; re-runs the migration Trigger
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aws_cdk import (
    App,
    CfnOutput,
    Duration,
    Environment,
    Stack,
)
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from quizflow_infra.analytics import AnalyticsRecount
from quizflow_infra.api import Api
from quizflow_infra.data import Data, SecondaryCluster
from quizflow_infra.migrations import Migrations
from quizflow_infra.network import Network
from quizflow_infra.site import Site, require_built_app
from quizflow_infra.storage import Storage
from quizflow_infra.xapi import XapiDelivery

INFRA_DIR = Path(__file__).resolve().parents[1]
# Aurora Global Database instances never pause: replication keeps the writer busy.
GLOBAL_MIN_ACU = 0.5
# Cognito's rule for a domain prefix, and the words it refuses in one.
DOMAIN_PREFIX = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
RESERVED_IN_PREFIX = ("aws", "amazon", "cognito")


@dataclass(frozen=True)  # no slots: from_context reads the defaults off the class
class DeployConfig:
    """Everything the stacks vary by, validated."""

    account: str | None
    region: str
    stage: str = "dev"
    min_acu: float = 0.0
    max_acu: float = 4.0
    auto_pause_minutes: int = 10
    global_database: bool = False
    secondary_region: str = "us-west-2"
    lambda_asset: Path = INFRA_DIR.parent / "build" / "lambda.zip"
    web_dist: Path = INFRA_DIR.parent / "web" / "dist"
    sign_in_domain: str | None = None  # None: quizflow-<stage>-<account>
    throttle_rate: float = 50.0
    throttle_burst: int = 100
    deploy_id: str = "unset"
    xapi_endpoint: str | None = None  # the LRS; None: no xAPI delivery is built

    def __post_init__(self) -> None:
        if not 0 <= self.min_acu <= self.max_acu <= 256 or self.max_acu < 1:
            raise ValueError(
                f"need 0 <= minAcu <= maxAcu <= 256 and maxAcu >= 1, got {self.min_acu}"
                f" and {self.max_acu}"
            )
        if self.global_database and self.min_acu < GLOBAL_MIN_ACU:
            raise ValueError(
                f"a global database cannot scale to 0 ACU: set -c minAcu={GLOBAL_MIN_ACU} or more"
            )
        if self.global_database and self.secondary_region == self.region:
            raise ValueError("secondaryRegion must differ from the primary region")
        if not 5 <= self.auto_pause_minutes <= 1440:
            raise ValueError("autoPauseMinutes must be between 5 and 1440")
        prefix = self.sign_in_domain_prefix
        if not DOMAIN_PREFIX.match(prefix) or any(w in prefix for w in RESERVED_IN_PREFIX):
            raise ValueError(
                f"signInDomain {prefix!r}: lower-case letters, digits and inner hyphens, at most"
                f" 63, without {', '.join(RESERVED_IN_PREFIX)}"
            )

    @property
    def sign_in_domain_prefix(self) -> str:
        if self.sign_in_domain is not None:
            return self.sign_in_domain
        return f"quizflow-{self.stage}" + (f"-{self.account}" if self.account else "")

    @property
    def stack_name(self) -> str:
        return f"Quizflow-{self.stage}"

    @property
    def global_cluster_id(self) -> str | None:
        return f"quizflow-{self.stage}" if self.global_database else None

    @classmethod
    def from_context(cls, app: App, *, account: str | None, region: str | None) -> DeployConfig:
        """The configuration `cdk deploy -c …` (and cdk.json) asks for."""

        def get(name: str, default: Any = None) -> Any:
            value = app.node.try_get_context(name)
            return default if value is None else value

        global_default = cls.global_database
        is_global = _flag(get("global", global_default))
        min_default = GLOBAL_MIN_ACU if is_global else cls.min_acu
        asset = Path(str(get("lambdaAsset", cls.lambda_asset)))
        web_dist = Path(str(get("webDist", cls.web_dist)))
        sign_in_domain = get("signInDomain")
        return cls(
            account=get("account", account),
            region=str(get("region", region or "us-east-1")),
            stage=str(get("stage", cls.stage)),
            min_acu=float(get("minAcu", min_default)),
            max_acu=float(get("maxAcu", cls.max_acu)),
            auto_pause_minutes=int(get("autoPauseMinutes", cls.auto_pause_minutes)),
            global_database=is_global,
            secondary_region=str(get("secondaryRegion", cls.secondary_region)),
            lambda_asset=asset if asset.is_absolute() else INFRA_DIR / asset,
            web_dist=web_dist if web_dist.is_absolute() else INFRA_DIR / web_dist,
            sign_in_domain=None if sign_in_domain is None else str(sign_in_domain),
            throttle_rate=float(get("throttleRate", cls.throttle_rate)),
            throttle_burst=int(get("throttleBurst", cls.throttle_burst)),
            deploy_id=str(get("deployId", datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"))),
            xapi_endpoint=None if get("xapiEndpoint") is None else str(get("xapiEndpoint")),
        )


def _flag(value: object) -> bool:
    # -c global=true arrives as the string "true"; cdk.json gives a real boolean.
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off", ""):
        return False
    raise ValueError(f"expected true or false, not {value!r}")


class QuizflowStack(Stack):
    """Everything in the primary region."""

    def __init__(self, scope: Construct, construct_id: str, *, config: DeployConfig) -> None:
        super().__init__(
            scope,
            construct_id,
            env=Environment(account=config.account, region=config.region),
            description=f"quizflow ({config.stage}): API, database, documents",
        )
        if not config.lambda_asset.is_file():
            raise FileNotFoundError(
                f"no Lambda asset at {config.lambda_asset}: run scripts/package-lambda first"
            )
        require_built_app(config.web_dist)  # before building anything, as for the asset
        code = lambda_.Code.from_asset(str(config.lambda_asset))
        self.network = Network(self, "Network", azs=_azs(config.region))
        self.data = Data(
            self,
            "Data",
            network=self.network,
            stage=config.stage,
            min_acu=config.min_acu,
            max_acu=config.max_acu,
            auto_pause=Duration.minutes(config.auto_pause_minutes),
            global_cluster_id=config.global_cluster_id,
            secondary_region=config.secondary_region if config.global_database else None,
        )
        self.storage = Storage(self, "Storage", stage=config.stage)
        self.api = Api(
            self,
            "Api",
            network=self.network,
            data=self.data,
            storage=self.storage,
            code=code,
            stage=config.stage,
            throttle_rate=config.throttle_rate,
            throttle_burst=config.throttle_burst,
            sign_in_domain_prefix=config.sign_in_domain_prefix,
        )
        self.site = Site(self, "Site", web_dist=config.web_dist, http_api=self.api.http_api)
        self.api.serve_browsers_at(self.site.url)
        # Large versions' analytics answer with a kept count, and a function every minute
        # recounts what went stale. Its connections would keep a pausing writer (minAcu 0)
        # awake, so there, unless the xAPI deliverer keeps it awake anyway, requests count
        # for themselves instead: slower on large versions, and the database still pauses.
        self.analytics: AnalyticsRecount | None = None
        if config.min_acu > 0 or config.xapi_endpoint is not None:
            self.analytics = AnalyticsRecount(
                self, "Analytics", network=self.network, data=self.data, code=code
            )
        else:
            self.api.function.add_environment("QUIZFLOW_ANALYTICS_RECOUNT_IN_BACKGROUND", "false")
        self.migrations = Migrations(
            self,
            "Migrations",
            network=self.network,
            data=self.data,
            code=code,
            deploy_id=config.deploy_id,
            # The new code reaches the API and the recount only once the schema is theirs.
            before=[self.api.alias]
            + ([self.analytics.function] if self.analytics is not None else []),
        )
        self.xapi: XapiDelivery | None = None
        if config.xapi_endpoint is not None:
            # Answers queue their statements in the API function; the deliverer sends them.
            self.api.function.add_environment("QUIZFLOW_XAPI_ENDPOINT", config.xapi_endpoint)
            self.xapi = XapiDelivery(
                self,
                "Xapi",
                network=self.network,
                data=self.data,
                code=code,
                endpoint=config.xapi_endpoint,
            )
            CfnOutput(self, "LrsCredentialsSecretArn", value=self.xapi.credentials.secret_arn)
        CfnOutput(self, "SiteUrl", value=f"{self.site.url}/app/")
        CfnOutput(self, "SignInDomain", value=self.api.sign_in.base_url())
        CfnOutput(self, "WebAppBucket", value=self.site.bucket.bucket_name)
        CfnOutput(self, "ApiUrl", value=self.api.http_api.api_endpoint)
        CfnOutput(self, "UserPoolId", value=self.api.user_pool.user_pool_id)
        CfnOutput(self, "UserPoolClientId", value=self.api.client.user_pool_client_id)
        CfnOutput(self, "DocumentsBucket", value=self.storage.bucket.bucket_name)
        CfnOutput(self, "DatabaseSecretArn", value=self.data.secret.secret_arn)
        CfnOutput(self, "ProxyEndpoint", value=self.data.proxy.endpoint)
        CfnOutput(self, "MigrationFunction", value=self.migrations.function.function_name)
        if self.analytics is not None:
            CfnOutput(self, "AnalyticsRecountFunction", value=self.analytics.function.function_name)


class SecondaryRegionStack(Stack):
    """The global database's second region: a VPC and a headless replica cluster."""

    def __init__(self, scope: Construct, construct_id: str, *, config: DeployConfig) -> None:
        super().__init__(
            scope,
            construct_id,
            env=Environment(account=config.account, region=config.secondary_region),
            description=f"quizflow ({config.stage}): Aurora Global Database secondary",
        )
        assert config.global_cluster_id is not None
        network = Network(self, "Network", azs=_azs(config.secondary_region))
        self.database = SecondaryCluster(
            self,
            "Data",
            network=network,
            stage=config.stage,
            global_cluster_id=config.global_cluster_id,
            min_acu=config.min_acu,
            max_acu=config.max_acu,
        )


def build(app: App, config: DeployConfig, *, prefix: str = "") -> list[Stack]:
    """The stacks `config` asks for, added to `app`: the primary, and the secondary if global."""
    primary = QuizflowStack(app, prefix + config.stack_name, config=config)
    stacks: list[Stack] = [primary]
    if config.global_database:
        secondary = SecondaryRegionStack(
            app, f"{prefix}{config.stack_name}-{config.secondary_region}", config=config
        )
        # The global cluster must exist before a secondary can join it.
        secondary.add_stack_dependency(primary)
        stacks.append(secondary)
    return stacks


def _azs(region: str) -> list[str]:
    # Named, not looked up: synthesis needs no AWS account (every region has an a and a b).
    return [f"{region}a", f"{region}b"]
