"""The CDK app, synthesized offline and checked resource by resource (and by cfn-lint).

Two configurations are synthesized once for the module (synthesis takes seconds): the default
development deployment, and a production one with the Aurora Global Database switched on. The
Lambda asset and the built web app are small stand-ins (what the stack does with them is the
same), so the suite needs neither `make package` nor a web build.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# jsii prints a long banner on Node 20 unless told the version is known (before it starts).
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
# The CDK toolchain comes from infra/requirements.txt, which `make install` installs.
import aws_cdk as cdk
from aws_cdk.assertions import Match, Template

INFRA = Path(__file__).resolve().parents[2] / "infra"
sys.path.insert(0, str(INFRA))
from quizflow_infra.headers import app_content_security_policy  # noqa: E402
from quizflow_infra.site import ROUTING_FUNCTION  # noqa: E402
from quizflow_infra.stack import DeployConfig, build  # noqa: E402

ACCOUNT = "123456789012"
REGION = "eu-west-1"
SECONDARY = "eu-central-1"
DEPLOY_ID = "test-deploy-1"
API_HANDLER = "quizflow.aws.lambda_api.handler"
MIGRATE_HANDLER = "quizflow.aws.lambda_migrate.handler"
RECOUNT_HANDLER = "quizflow.aws.lambda_analytics.recount"


@dataclass(frozen=True)
class Synthesized:
    dev: Template
    prod: Template
    secondary: Template
    templates: dict[Path, str]  # template file -> its region
    stack_count_dev: int


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Synthesized:
    root = tmp_path_factory.mktemp("cdk")
    asset = root / "lambda.zip"
    with zipfile.ZipFile(asset, "w") as archive:  # stands in for scripts/package-lambda's zip
        archive.writestr("quizflow/__init__.py", "")
    web_dist = root / "dist"  # stands in for web/dist (`make web`)
    (web_dist / "assets").mkdir(parents=True)
    (web_dist / "index.html").write_text('<!doctype html><script src="/app/assets/i-1.js">')
    (web_dist / "assets" / "i-1.js").write_text("")
    app = cdk.App(outdir=str(root / "cdk.out"))
    common: dict[str, Any] = {
        "account": ACCOUNT,
        "region": REGION,
        "lambda_asset": asset,
        "web_dist": web_dist,
        "deploy_id": DEPLOY_ID,
    }
    dev = build(app, DeployConfig(**common))
    prod = build(
        app,
        DeployConfig(
            **common,
            stage="prod",
            min_acu=0.5,
            max_acu=8,
            global_database=True,
            secondary_region=SECONDARY,
        ),
        prefix="Global",
    )
    assembly = app.synth()
    templates = {
        Path(assembly.directory) / stack.template_file: stack.environment.region
        for stack in assembly.stacks
    }
    return Synthesized(
        dev=Template.from_stack(dev[0]),
        prod=Template.from_stack(prod[0]),
        secondary=Template.from_stack(prod[1]),
        templates=templates,
        stack_count_dev=len(dev),
    )


# --- helpers ---------------------------------------------------------------------------------


def resources(template: Template, kind: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = template.find_resources(kind)
    return found


def only(template: Template, kind: str) -> tuple[str, dict[str, Any]]:
    found = resources(template, kind)
    assert len(found) == 1, f"expected one {kind}, found {sorted(found)}"
    return next(iter(found.items()))


def ref_id(value: Any) -> str:
    """The logical id a Ref or Fn::GetAtt points at."""
    if "Ref" in value:
        return str(value["Ref"])
    return str(value["Fn::GetAtt"][0])


def tags(resource: dict[str, Any]) -> dict[str, str]:
    return {tag["Key"]: tag["Value"] for tag in resource["Properties"].get("Tags", [])}


def subnets_named(template: Template, name: str) -> set[str]:
    return {
        logical_id
        for logical_id, subnet in resources(template, "AWS::EC2::Subnet").items()
        if tags(subnet).get("aws-cdk:subnet-name") == name
    }


def group_by_description(template: Template, prefix: str) -> str:
    matches = [
        logical_id
        for logical_id, group in resources(template, "AWS::EC2::SecurityGroup").items()
        if group["Properties"]["GroupDescription"].startswith(prefix)
    ]
    assert len(matches) == 1, (prefix, matches)
    return matches[0]


def documents_bucket(template: Template) -> tuple[str, dict[str, Any]]:
    (found,) = [
        item
        for item in resources(template, "AWS::S3::Bucket").items()
        if item[0].startswith("StorageDocuments")
    ]
    return found


def bucket_policy(template: Template, bucket_id: str) -> list[dict[str, Any]]:
    (policy,) = [
        p
        for p in resources(template, "AWS::S3::BucketPolicy").values()
        if ref_id(p["Properties"]["Bucket"]) == bucket_id
    ]
    statements: list[dict[str, Any]] = policy["Properties"]["PolicyDocument"]["Statement"]
    return statements


def denies_plain_http(statements: list[dict[str, Any]]) -> bool:
    return any(
        s["Effect"] == "Deny"
        and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
        and s["Principal"] == {"AWS": "*"}
        for s in statements
    )


def function(template: Template, handler: str) -> tuple[str, dict[str, Any]]:
    found = template.find_resources("AWS::Lambda::Function", {"Properties": {"Handler": handler}})
    assert len(found) == 1, (handler, sorted(found))
    return next(iter(found.items()))


def function_group(fn: dict[str, Any]) -> str:
    (group,) = fn["Properties"]["VpcConfig"]["SecurityGroupIds"]
    return ref_id(group)


# --- network and database --------------------------------------------------------------------


def test_the_cluster_is_not_public_and_its_subnet_group_uses_only_isolated_subnets(
    synth: Synthesized,
) -> None:
    for template in (synth.dev, synth.prod):
        for instance in resources(template, "AWS::RDS::DBInstance").values():
            assert instance["Properties"]["PubliclyAccessible"] is False
        _, group = only(template, "AWS::RDS::DBSubnetGroup")
        used = {ref_id(subnet) for subnet in group["Properties"]["SubnetIds"]}
        assert used == subnets_named(template, "db")
        for logical_id in used:
            subnet = resources(template, "AWS::EC2::Subnet")[logical_id]
            assert tags(subnet)["aws-cdk:subnet-type"] == "Isolated"
            assert subnet["Properties"]["MapPublicIpOnLaunch"] is False
        template.resource_count_is("AWS::EC2::InternetGateway", 0)


def test_postgres_accepts_connections_only_from_the_proxy_and_the_functions(
    synth: Synthesized,
) -> None:
    template = synth.dev
    cluster_group = group_by_description(template, "quizflow Aurora:")
    proxy_group = group_by_description(template, "quizflow RDS Proxy")
    api_group = function_group(function(template, API_HANDLER)[1])
    migrate_group = function_group(function(template, MIGRATE_HANDLER)[1])
    rotation_group = group_by_description(template, "quizflow Rotation")
    cluster_id, cluster = only(template, "AWS::RDS::DBCluster")
    assert cluster["Properties"]["Port"] == 5432
    sources: dict[str, set[str]] = {cluster_group: set(), proxy_group: set()}
    for rule in resources(template, "AWS::EC2::SecurityGroupIngress").values():
        props = rule["Properties"]
        target = ref_id(props["GroupId"])
        if target in sources:
            assert "CidrIp" not in props and "CidrIpv6" not in props
            port = props["FromPort"]  # 5432, or the cluster's port attribute (also 5432)
            assert port == 5432 or port == {"Fn::GetAtt": [cluster_id, "Endpoint.Port"]}
            sources[target].add(ref_id(props["SourceSecurityGroupId"]))
    assert sources[cluster_group] == {proxy_group, migrate_group, rotation_group}
    assert sources[proxy_group] == {api_group}  # the recount's: see its own test
    for group_id in (cluster_group, proxy_group):
        group = resources(template, "AWS::EC2::SecurityGroup")[group_id]
        assert "SecurityGroupIngress" not in group["Properties"]  # no inline (open) rules


def test_rds_proxy_stands_between_the_api_function_and_aurora(synth: Synthesized) -> None:
    template = synth.dev
    proxy_id, proxy = only(template, "AWS::RDS::DBProxy")
    assert proxy["Properties"]["EngineFamily"] == "POSTGRESQL"
    assert proxy["Properties"]["RequireTLS"] is True
    assert {ref_id(s) for s in proxy["Properties"]["VpcSubnetIds"]} == subnets_named(template, "db")
    _, target = only(template, "AWS::RDS::DBProxyTargetGroup")
    cluster_id, _ = only(template, "AWS::RDS::DBCluster")
    assert [ref_id(c) for c in target["Properties"]["DBClusterIdentifiers"]] == [cluster_id]
    env = function(template, API_HANDLER)[1]["Properties"]["Environment"]["Variables"]
    assert env["QUIZFLOW_DB_HOST"] == {"Fn::GetAtt": [proxy_id, "Endpoint"]}
    assert env["QUIZFLOW_DB_STARTUP_OPTIONS"] == "false"


def test_serverless_v2_capacity_comes_from_the_context(synth: Synthesized) -> None:
    _, dev = only(synth.dev, "AWS::RDS::DBCluster")
    assert dev["Properties"]["ServerlessV2ScalingConfiguration"] == {
        "MinCapacity": 0,
        "MaxCapacity": 4,
        "SecondsUntilAutoPause": 600,
    }
    _, prod = only(synth.prod, "AWS::RDS::DBCluster")
    assert prod["Properties"]["ServerlessV2ScalingConfiguration"] == {
        "MinCapacity": 0.5,
        "MaxCapacity": 8,
    }
    for instance in resources(synth.dev, "AWS::RDS::DBInstance").values():
        assert instance["Properties"]["DBInstanceClass"] == "db.serverless"


def test_cdk_context_strings_become_the_configuration() -> None:
    app = cdk.App(context={"global": "true", "maxAcu": "8", "stage": "prod", "deployId": "x"})
    config = DeployConfig.from_context(app, account=ACCOUNT, region=REGION)
    assert (config.global_database, config.min_acu, config.max_acu) == (True, 0.5, 8.0)
    assert config.stage == "prod"
    assert config.sign_in_domain_prefix == "quizflow-prod-" + ACCOUNT
    default = DeployConfig.from_context(cdk.App(), account=None, region=REGION)
    assert default.min_acu == 0
    assert default.web_dist == INFRA.parent / "web" / "dist"
    chosen = cdk.App(context={"signInDomain": "learn-acme", "webDist": "/srv/dist"})
    config = DeployConfig.from_context(chosen, account=ACCOUNT, region=REGION)
    assert (config.sign_in_domain_prefix, config.web_dist) == ("learn-acme", Path("/srv/dist"))


@pytest.mark.parametrize("prefix", ["Quizflow", "my-cognito-login", "-edge", "a" * 64])
def test_a_sign_in_domain_prefix_cognito_would_refuse_is_refused_before_deploying(
    prefix: str,
) -> None:
    with pytest.raises(ValueError, match="signInDomain"):
        DeployConfig(account=ACCOUNT, region=REGION, sign_in_domain=prefix)


def test_a_global_database_cannot_scale_to_zero() -> None:
    with pytest.raises(ValueError, match="cannot scale to 0 ACU"):
        DeployConfig(account=ACCOUNT, region=REGION, global_database=True, min_acu=0)


def test_storage_is_encrypted_backed_up_and_protected_from_deletion_outside_dev(
    synth: Synthesized,
) -> None:
    _, dev = only(synth.dev, "AWS::RDS::DBCluster")
    _, prod = only(synth.prod, "AWS::RDS::DBCluster")
    for cluster in (dev, prod):
        assert cluster["Properties"]["StorageEncrypted"] is True
        assert cluster["Properties"]["BackupRetentionPeriod"] >= 1
    assert dev["Properties"].get("DeletionProtection") in (None, False)
    assert prod["Properties"]["DeletionProtection"] is True
    assert prod["Properties"]["BackupRetentionPeriod"] == 14
    assert only(synth.prod, "AWS::RDS::DBCluster")[1]["DeletionPolicy"] == "Snapshot"


def test_the_credentials_are_generated_into_a_secret_that_is_rotated(synth: Synthesized) -> None:
    template = synth.dev
    _, secret = only(template, "AWS::SecretsManager::Secret")
    generated = secret["Properties"]["GenerateSecretString"]
    assert generated["GenerateStringKey"] == "password"
    _, schedule = only(template, "AWS::SecretsManager::RotationSchedule")
    assert schedule["Properties"]["RotationRules"]["ScheduleExpression"] == "rate(30 days)"
    _, cluster = only(template, "AWS::RDS::DBCluster")
    assert "resolve:secretsmanager" in str(cluster["Properties"]["MasterUserPassword"])


def test_vpc_endpoints_replace_a_nat_gateway(synth: Synthesized) -> None:
    template = synth.dev
    template.resource_count_is("AWS::EC2::NatGateway", 0)
    endpoints = [e["Properties"] for e in resources(template, "AWS::EC2::VPCEndpoint").values()]
    (s3,) = [e for e in endpoints if "'.s3'" in str(e["ServiceName"])]
    assert s3["VpcEndpointType"] == "Gateway"
    (secrets,) = [
        e for e in endpoints if e["ServiceName"] == f"com.amazonaws.{REGION}.secretsmanager"
    ]
    assert secrets["VpcEndpointType"] == "Interface"
    assert secrets["PrivateDnsEnabled"] is True
    for route_table in resources(template, "AWS::EC2::Route").values():  # no way out
        assert "NatGatewayId" not in route_table["Properties"]


# --- storage ---------------------------------------------------------------------------------


def test_the_bucket_is_private_encrypted_versioned_tls_only_and_expires_old_versions(
    synth: Synthesized,
) -> None:
    template = synth.dev
    bucket_id, bucket = documents_bucket(template)
    props = bucket["Properties"]
    assert props["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    encryption = props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert encryption[0]["ServerSideEncryptionByDefault"]["SSEAlgorithm"] in ("AES256", "aws:kms")
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    (rule,) = props["LifecycleConfiguration"]["Rules"]
    assert rule["Status"] == "Enabled"
    assert rule["NoncurrentVersionExpiration"]["NoncurrentDays"] > 0
    assert denies_plain_http(bucket_policy(template, bucket_id))
    assert documents_bucket(synth.prod)[1]["DeletionPolicy"] == "Retain"


# --- API -------------------------------------------------------------------------------------


def test_the_functions_run_the_app_on_the_python_its_bytecode_is_compiled_for(
    synth: Synthesized,
) -> None:
    # scripts/package-lambda compiles the asset with LAMBDA_PYTHON: another runtime would
    # ignore every pyc and compile the sources at each cold start.
    script = (INFRA.parent / "scripts" / "package-lambda").read_text()
    (version,) = re.findall(r'^LAMBDA_PYTHON = "(\d+\.\d+)"', script, re.MULTILINE)
    for template, handler in (
        (synth.dev, API_HANDLER),
        (synth.dev, MIGRATE_HANDLER),
        (synth.prod, RECOUNT_HANDLER),  # built where the writer never pauses
    ):
        _, fn = function(template, handler)
        assert fn["Properties"]["Runtime"] == f"python{version}" == "python3.11"
        subnets = {ref_id(s) for s in fn["Properties"]["VpcConfig"]["SubnetIds"]}
        assert subnets == subnets_named(template, "app")
    env = function(synth.dev, API_HANDLER)[1]["Properties"]["Environment"]["Variables"]
    assert set(env) >= {"QUIZFLOW_DB_SECRET_ARN", "QUIZFLOW_JWT_JWKS_URL", "QUIZFLOW_S3_BUCKET"}


def test_the_api_serves_published_versions_without_snapstart_which_python_3_11_lacks(
    synth: Synthesized,
) -> None:
    template = synth.dev
    fn_id, fn = function(template, API_HANDLER)
    # Lambda refuses SnapStart on python3.11: a deployment asking for it would fail.
    assert "SnapStart" not in fn["Properties"]
    # API Gateway invokes the `live` alias, a published version (moved after the migrations).
    _, alias = only(template, "AWS::Lambda::Alias")
    assert ref_id(alias["Properties"]["FunctionName"]) == fn_id


def test_every_route_but_the_browsers_needs_a_jwt_from_the_cognito_user_pool(
    synth: Synthesized,
) -> None:
    template = synth.dev
    authorizer_id, authorizer = only(template, "AWS::ApiGatewayV2::Authorizer")
    pool_id, _ = only(template, "AWS::Cognito::UserPool")
    client_id, _ = only(template, "AWS::Cognito::UserPoolClient")
    assert authorizer["Properties"]["AuthorizerType"] == "JWT"
    jwt = authorizer["Properties"]["JwtConfiguration"]
    assert [ref_id(a) for a in jwt["Audience"]] == [client_id]
    assert {"Ref": pool_id} in jwt["Issuer"]["Fn::Join"][1]
    routes = {
        r["Properties"]["RouteKey"]: r["Properties"]
        for r in resources(template, "AWS::ApiGatewayV2::Route").values()
    }
    assert set(routes) == {"$default", "ANY /api/{proxy+}"}
    assert routes["$default"]["AuthorizationType"] == "JWT"
    assert ref_id(routes["$default"]["AuthorizerId"]) == authorizer_id
    # The browser's paths carry a session cookie (or nothing: the sign-in callback), not a
    # bearer token: the app authenticates them itself, on the same integration.
    assert routes["ANY /api/{proxy+}"]["AuthorizationType"] == "NONE"
    assert routes["ANY /api/{proxy+}"]["Target"] == routes["$default"]["Target"]
    # ...and API Gateway may invoke the `live` alias for it (else every browser call is a 500).
    alias_id, _ = only(template, "AWS::Lambda::Alias")
    api_id, _ = only(template, "AWS::ApiGatewayV2::Api")
    sources = [
        p["Properties"]["SourceArn"]["Fn::Join"][1]
        for p in resources(template, "AWS::Lambda::Permission").values()
        if p["Properties"]["FunctionName"] == {"Ref": alias_id}
        and p["Properties"]["Principal"] == "apigateway.amazonaws.com"
    ]
    assert [{"Ref": api_id}, "/*/*/api/{proxy+}"] in [parts[-2:] for parts in sources]


def test_roles_are_cognito_groups_that_users_cannot_grant_themselves(synth: Synthesized) -> None:
    template = synth.dev
    pool_id, pool = only(template, "AWS::Cognito::UserPool")
    _, client = only(template, "AWS::Cognito::UserPoolClient")
    groups = resources(template, "AWS::Cognito::UserPoolGroup").values()
    assert {g["Properties"]["GroupName"] for g in groups} == {"learner", "author", "admin"}
    assert all(ref_id(g["Properties"]["UserPoolId"]) == pool_id for g in groups)
    # No custom attribute a role could be read from, and the app client writes only the email:
    # left unset, a user could write every mutable attribute of their own.
    assert [a["Name"] for a in pool["Properties"]["Schema"]] == ["email"]
    assert client["Properties"]["WriteAttributes"] == ["email"]


def test_the_stage_is_throttled_and_writes_access_logs(synth: Synthesized) -> None:
    _, stage = only(synth.dev, "AWS::ApiGatewayV2::Stage")
    settings = stage["Properties"]["DefaultRouteSettings"]
    assert settings["ThrottlingRateLimit"] == 50
    assert settings["ThrottlingBurstLimit"] == 100
    logs = stage["Properties"]["AccessLogSettings"]
    log_group = ref_id(logs["DestinationArn"])
    assert resources(synth.dev, "AWS::Logs::LogGroup")[log_group]
    assert "$context.requestId" in logs["Format"]


def test_migrations_run_on_every_deploy_before_the_new_api_version_serves(
    synth: Synthesized,
) -> None:
    template = synth.dev
    trigger_id, trigger = only(template, "Custom::Trigger")
    migrate_id, migrate = function(template, MIGRATE_HANDLER)
    # The Trigger invokes the migration function's current version...
    version_id = ref_id(trigger["Properties"]["HandlerArn"])
    version = resources(template, "AWS::Lambda::Version")[version_id]
    assert ref_id(version["Properties"]["FunctionName"]) == migrate_id
    # ...which changes on every deployment (the deploy id is part of its configuration)...
    assert migrate["Properties"]["Environment"]["Variables"]["QUIZFLOW_DEPLOY_ID"] == DEPLOY_ID
    # ...after the database exists, and before the API's alias moves to the new version.
    cluster_id, _ = only(template, "AWS::RDS::DBCluster")
    assert cluster_id in trigger["DependsOn"]
    _, alias = only(template, "AWS::Lambda::Alias")
    assert trigger_id in alias["DependsOn"]
    api_id, _ = function(template, API_HANDLER)
    assert ref_id(alias["Properties"]["FunctionName"]) == api_id
    (integration,) = resources(template, "AWS::ApiGatewayV2::Integration").values()
    assert (
        ref_id(integration["Properties"]["IntegrationUri"])
        == only(template, "AWS::Lambda::Alias")[0]
    )


# --- the analytics recount --------------------------------------------------------------------


def test_a_pausing_database_gets_no_recount_and_its_requests_count_for_themselves(
    synth: Synthesized,
) -> None:
    template = synth.dev  # minAcu 0, no LRS: nothing may keep the writer from pausing
    assert not template.find_resources(
        "AWS::Lambda::Function", {"Properties": {"Handler": RECOUNT_HANDLER}}
    )
    template.resource_count_is("AWS::Events::Rule", 0)
    env = function(template, API_HANDLER)[1]["Properties"]["Environment"]["Variables"]
    assert env["QUIZFLOW_ANALYTICS_RECOUNT_IN_BACKGROUND"] == "false"
    prod_env = function(synth.prod, API_HANDLER)[1]["Properties"]["Environment"]["Variables"]
    assert "QUIZFLOW_ANALYTICS_RECOUNT_IN_BACKGROUND" not in prod_env


def test_the_analytics_recount_runs_every_minute_in_the_vpc_where_the_writer_never_pauses(
    synth: Synthesized,
) -> None:
    for template in (synth.prod,):  # minAcu 0.5
        recount_id, recount = function(template, RECOUNT_HANDLER)
        props = recount["Properties"]
        assert (props["MemorySize"], props["Timeout"]) == (1024, 300)
        template.has_resource_properties(
            "AWS::Events::Rule",
            {
                "ScheduleExpression": "rate(1 minute)",
                "Targets": [
                    Match.object_like(
                        {
                            "Arn": {"Fn::GetAtt": [recount_id, "Arn"]},
                            "RetryPolicy": {"MaximumRetryAttempts": 0},
                        }
                    )
                ],
            },
        )
        log_group = resources(template, "AWS::Logs::LogGroup")[
            ref_id(props["LoggingConfig"]["LogGroup"])
        ]
        assert log_group["Properties"]["RetentionInDays"] == 30


def test_the_analytics_recount_reaches_the_database_through_the_proxy_with_the_secret(
    synth: Synthesized,
) -> None:
    template = synth.prod
    recount_id, recount = function(template, RECOUNT_HANDLER)
    proxy_id, _ = only(template, "AWS::RDS::DBProxy")
    secret_ref = function(template, API_HANDLER)[1]["Properties"]["Environment"]["Variables"][
        "QUIZFLOW_DB_SECRET_ARN"
    ]
    env = recount["Properties"]["Environment"]["Variables"]
    assert env == {
        "QUIZFLOW_DB_SECRET_ARN": secret_ref,
        "QUIZFLOW_DB_HOST": {"Fn::GetAtt": [proxy_id, "Endpoint"]},
        "QUIZFLOW_DB_STARTUP_OPTIONS": "false",
        "QUIZFLOW_DB_POOL_SIZE": "1",
        "QUIZFLOW_DB_POOL_MAX_OVERFLOW": "0",
        "QUIZFLOW_DATA_DIR": "/tmp/quizflow",
    }
    # It may read the database secret...
    role_id = ref_id(recount["Properties"]["Role"])
    (statements,) = [
        p["Properties"]["PolicyDocument"]["Statement"]
        for p in resources(template, "AWS::IAM::Policy").values()
        if {"Ref": role_id} in p["Properties"]["Roles"]
    ]
    assert statements == [
        {
            "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            "Effect": "Allow",
            "Resource": secret_ref,
        }
    ]
    # ...through the Secrets Manager endpoint, the only endpoint its group may use.
    group = function_group(recount)
    reached = {
        ref_id(rule["Properties"]["GroupId"])
        for rule in resources(template, "AWS::EC2::SecurityGroupIngress").values()
        if ref_id(rule["Properties"].get("SourceSecurityGroupId", {"Ref": ""})) == group
    }
    (secrets_endpoint,) = [
        e["Properties"]
        for e in resources(template, "AWS::EC2::VPCEndpoint").values()
        if e["Properties"]["ServiceName"] == f"com.amazonaws.{REGION}.secretsmanager"
    ]
    (secrets_group,) = secrets_endpoint["SecurityGroupIds"]
    assert reached == {group_by_description(template, "quizflow RDS Proxy"), ref_id(secrets_group)}
    # A new version of it runs only once the migrations have run.
    trigger_id, _ = only(template, "Custom::Trigger")
    assert trigger_id in resources(template, "AWS::Lambda::Function")[recount_id]["DependsOn"]


# --- the browser side: CloudFront, the web app's bucket, hosted sign-in -----------------------


def distribution(template: Template) -> dict[str, Any]:
    _, found = only(template, "AWS::CloudFront::Distribution")
    config: dict[str, Any] = found["Properties"]["DistributionConfig"]
    return config


def origin_of(config: dict[str, Any], behaviour: dict[str, Any]) -> dict[str, Any]:
    (origin,) = [o for o in config["Origins"] if o["Id"] == behaviour["TargetOriginId"]]
    return origin


def web_app_bucket(template: Template) -> tuple[str, dict[str, Any]]:
    (found,) = [
        item
        for item in resources(template, "AWS::S3::Bucket").items()
        if item[0].startswith("SiteWebApp")
    ]
    return found


def site_domain(template: Template) -> dict[str, Any]:
    distribution_id, _ = only(template, "AWS::CloudFront::Distribution")
    return {"Fn::GetAtt": [distribution_id, "DomainName"]}


def test_the_web_app_bucket_is_private_and_only_the_distribution_may_read_it(
    synth: Synthesized,
) -> None:
    template = synth.dev
    bucket_id, bucket = web_app_bucket(template)
    props = bucket["Properties"]
    assert props["PublicAccessBlockConfiguration"] == dict.fromkeys(
        ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"),
        True,
    )
    assert "WebsiteConfiguration" not in props
    statements = bucket_policy(template, bucket_id)
    assert denies_plain_http(statements)
    (reader,) = [s for s in statements if s["Effect"] == "Allow" and "Service" in s["Principal"]]
    assert reader["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert reader["Action"] == "s3:GetObject"
    distribution_id, _ = only(template, "AWS::CloudFront::Distribution")
    source_arn = reader["Condition"]["StringEquals"]["AWS:SourceArn"]
    assert {"Ref": distribution_id} in source_arn["Fn::Join"][1]
    # Nothing else reads it: the other Allow is the stack's own auto-delete on removal.
    for other in statements:
        if other["Effect"] == "Allow" and other is not reader:
            assert "AutoDeleteObjects" in ref_id(other["Principal"]["AWS"])
    # The bucket is reached through origin access control (SigV4), not a legacy OAI.
    oac_id, oac = only(template, "AWS::CloudFront::OriginAccessControl")
    assert oac["Properties"]["OriginAccessControlConfig"]["SigningBehavior"] == "always"
    config = distribution(template)
    s3_origin = origin_of(config, config["DefaultCacheBehavior"])
    assert s3_origin["DomainName"] == {"Fn::GetAtt": [bucket_id, "RegionalDomainName"]}
    assert s3_origin["OriginAccessControlId"] == {"Fn::GetAtt": [oac_id, "Id"]}
    assert s3_origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}


def test_the_built_app_is_deployed_under_app_with_hashed_assets_cached_and_pages_revalidated(
    synth: Synthesized,
) -> None:
    template = synth.dev
    bucket_id, _ = web_app_bucket(template)
    deployments = {
        key: d["Properties"]
        for key, d in resources(template, "Custom::CDKBucketDeployment").items()
    }
    (assets,) = [d for d in deployments.values() if d.get("Include") == ["assets/*"]]
    (pages,) = [d for d in deployments.values() if d.get("Exclude") == ["assets/*"]]
    for deployment in (assets, pages):
        assert deployment["DestinationBucketName"] == {"Ref": bucket_id}
        assert deployment["DestinationBucketKeyPrefix"] == "app/"
    assert assets["SystemMetadata"]["cache-control"] == "public, max-age=31536000, immutable"
    assert assets["Prune"] is False  # a page loaded before a deploy still finds its chunks
    assert pages["SystemMetadata"]["cache-control"] == "no-cache"
    distribution_id, _ = only(template, "AWS::CloudFront::Distribution")
    assert pages["DistributionId"] == {"Ref": distribution_id}
    assert pages["DistributionPaths"] == ["/app/*"]
    # The pages (index.html) go up only once the chunks they name are there.
    (pages_id,) = [k for k, d in deployments.items() if d is pages]
    (assets_id,) = [k for k, d in deployments.items() if d is assets]
    assert assets_id in resources(template, "Custom::CDKBucketDeployment")[pages_id]["DependsOn"]


def test_api_paths_go_to_the_http_api_uncached_with_every_method_and_header_but_host(
    synth: Synthesized,
) -> None:
    template = synth.dev
    template.has_resource_properties(
        "AWS::CloudFront::Distribution",
        {
            "DistributionConfig": Match.object_like(
                {
                    "CacheBehaviors": [
                        Match.object_like(
                            {
                                "PathPattern": "/api/*",
                                "AllowedMethods": Match.array_with(
                                    ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"]
                                ),
                                # Managed policies: CachingDisabled, AllViewerExceptHostHeader.
                                "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
                                "OriginRequestPolicyId": "b689b0a8-53d0-40ab-baf2-68738e2966ac",
                                "ViewerProtocolPolicy": "https-only",
                            }
                        )
                    ]
                }
            )
        },
    )
    config = distribution(template)
    (api,) = config["CacheBehaviors"]
    assert len(api["AllowedMethods"]) == 7
    origin = origin_of(config, api)
    assert origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    assert "OriginPath" not in origin or origin["OriginPath"] == ""  # /api/... reaches the app
    api_id, _ = only(template, "AWS::ApiGatewayV2::Api")
    assert {"Ref": api_id} in origin["DomainName"]["Fn::Join"][1]
    assert ".execute-api." in json.dumps(origin["DomainName"])
    # Pages are never served for errors: the API's 403s and 404s stay the API's.
    assert "CustomErrorResponses" not in config


def test_the_viewer_request_function_runs_on_the_default_behaviour(synth: Synthesized) -> None:
    template = synth.dev
    function_id, function_ = only(template, "AWS::CloudFront::Function")
    assert function_["Properties"]["FunctionConfig"]["Runtime"] == "cloudfront-js-2.0"
    assert function_["Properties"]["FunctionCode"] == ROUTING_FUNCTION
    default = distribution(template)["DefaultCacheBehavior"]
    assert default["FunctionAssociations"] == [
        {"EventType": "viewer-request", "FunctionARN": {"Fn::GetAtt": [function_id, "FunctionARN"]}}
    ]
    assert default["ViewerProtocolPolicy"] == "redirect-to-https"
    (api,) = distribution(template)["CacheBehaviors"]
    assert "FunctionAssociations" not in api


ROUTED_URIS = ("/", "/app", "/app/", "/app/play/3f2a", "/app/studio/scenarios/9/questions")
ROUTED_URIS += ("/app/index.html", "/app/assets/index-Bx1.js", "/app/assets/chunk")
ROUTED_URIS += ("/app/favicon.svg", "/robots.txt")


@pytest.fixture(scope="module")
def routing() -> dict[str, dict[str, Any]]:
    """The CloudFront function's answer to a viewer request for each of ROUTED_URIS, computed
    by running it on Node.js (once for all: each start of Node takes a few tenths of a second)."""
    script = ROUTING_FUNCTION + (
        f"\nvar uris = {json.dumps(ROUTED_URIS)};\n"
        "var answers = {};\n"
        "uris.forEach(function (uri) {\n"
        "  answers[uri] = handler({request: {uri: uri, method: 'GET', querystring: {},"
        " headers: {}, cookies: {}}});\n"
        "});\n"
        "process.stdout.write(JSON.stringify(answers));\n"
    )
    result = subprocess.run(
        ["node", "-e", script], capture_output=True, text=True, check=True, timeout=60
    )
    answers: dict[str, dict[str, Any]] = json.loads(result.stdout)
    return answers


@pytest.mark.parametrize(
    ("uri", "served"),
    [
        ("/app/", "/app/index.html"),  # a directory: no extension
        ("/app/play/3f2a", "/app/index.html"),
        ("/app/studio/scenarios/9/questions", "/app/index.html"),
        ("/app/index.html", "/app/index.html"),
        ("/app/assets/index-Bx1.js", "/app/assets/index-Bx1.js"),
        ("/app/assets/chunk", "/app/assets/chunk"),  # a missing asset is never the page
        ("/app/favicon.svg", "/app/favicon.svg"),
        ("/robots.txt", "/robots.txt"),
    ],
)
def test_app_pages_are_answered_with_index_html_and_files_as_they_are(
    routing: dict[str, dict[str, Any]], uri: str, served: str
) -> None:
    assert routing[uri]["uri"] == served


@pytest.mark.parametrize("uri", ["/", "/app"])
def test_the_root_redirects_to_the_app(routing: dict[str, dict[str, Any]], uri: str) -> None:
    answer = routing[uri]
    assert answer["statusCode"] == 307
    assert answer["headers"]["location"] == {"value": "/app/"}


def test_every_response_carries_the_security_headers_and_the_apps_own_csp(
    synth: Synthesized,
) -> None:
    template = synth.dev
    policy_id, policy = only(template, "AWS::CloudFront::ResponseHeadersPolicy")
    headers = policy["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    csp = headers["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    assert csp == app_content_security_policy()  # the string `quizflow serve` sends
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives.get("default-src", "")
    assert directives["frame-ancestors"] == "'none'"
    assert headers["StrictTransportSecurity"] == {
        "AccessControlMaxAgeSec": 63072000,
        "IncludeSubdomains": True,
        "Preload": True,
        "Override": True,
    }
    assert headers["FrameOptions"] == {"FrameOption": "DENY", "Override": True}
    assert headers["ContentTypeOptions"] == {"Override": True}
    assert headers["ReferrerPolicy"] == {
        "ReferrerPolicy": "strict-origin-when-cross-origin",
        "Override": True,
    }
    assert all(v.get("Override") for v in headers.values())  # the origin cannot weaken them
    config = distribution(template)
    for behaviour in [config["DefaultCacheBehavior"], *config["CacheBehaviors"]]:
        assert behaviour["ResponseHeadersPolicyId"] == {"Ref": policy_id}


def test_the_csp_is_read_from_the_apps_source_and_a_computed_one_is_refused(
    tmp_path: Path,
) -> None:
    source = (INFRA.parent / "src" / "quizflow" / "api" / "web.py").read_text()
    assert "CONTENT_SECURITY_POLICY: Final = (" in source  # where the app defines it
    assert "script-src 'self'" in app_content_security_policy()
    computed = tmp_path / "web.py"
    computed.write_text('CONTENT_SECURITY_POLICY = "default-src " + SELF\n')
    with pytest.raises(ValueError, match="must be a string literal"):
        app_content_security_policy(computed)
    computed.write_text("POLICY = 'x'\n")
    with pytest.raises(ValueError, match="defines no CONTENT_SECURITY_POLICY"):
        app_content_security_policy(computed)


def test_browsers_sign_in_on_cognitos_hosted_pages_with_the_code_grant_and_pkce(
    synth: Synthesized,
) -> None:
    template = synth.dev
    domain = site_domain(template)
    template.has_resource_properties(
        "AWS::Cognito::UserPoolClient",
        {
            "AllowedOAuthFlows": ["code"],  # no implicit grant, no client credentials
            "AllowedOAuthFlowsUserPoolClient": True,
            "AllowedOAuthScopes": ["openid", "email", "profile"],
            "GenerateSecret": False,  # a public client: PKCE holds the code exchange
            "SupportedIdentityProviders": ["COGNITO"],
            "CallbackURLs": [{"Fn::Join": ["", ["https://", domain, "/api/auth/oidc/callback"]]}],
            "LogoutURLs": [{"Fn::Join": ["", ["https://", domain, "/app/"]]}],
        },
    )
    pool_id, pool = only(template, "AWS::Cognito::UserPool")
    assert pool["Properties"]["UsernameAttributes"] == ["email"]
    assert pool["Properties"]["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    _, hosted = only(template, "AWS::Cognito::UserPoolDomain")
    assert hosted["Properties"] == {
        "Domain": f"quizflow-dev-{ACCOUNT}",
        "UserPoolId": {"Ref": pool_id},
    }


def test_the_api_function_is_told_the_oidc_issuer_its_client_and_the_public_url(
    synth: Synthesized,
) -> None:
    template = synth.dev
    pool_id, _ = only(template, "AWS::Cognito::UserPool")
    client_id, _ = only(template, "AWS::Cognito::UserPoolClient")
    env = function(template, API_HANDLER)[1]["Properties"]["Environment"]["Variables"]
    # ProviderURL is https://cognito-idp.<region>.amazonaws.com/<pool id>, the tokens' `iss`.
    assert env["QUIZFLOW_OIDC_ISSUER"] == {"Fn::GetAtt": [pool_id, "ProviderURL"]}
    assert env["QUIZFLOW_JWT_ISSUER"] == env["QUIZFLOW_OIDC_ISSUER"]
    assert env["QUIZFLOW_OIDC_CLIENT_ID"] == {"Ref": client_id}
    assert env["QUIZFLOW_JWT_AUDIENCE"] == {"Ref": client_id}
    assert env["QUIZFLOW_PUBLIC_URL"] == {"Fn::Join": ["", ["https://", site_domain(template)]]}


def test_the_outputs_name_the_site_and_the_sign_in_domain(synth: Synthesized) -> None:
    template = synth.dev
    domain_id, _ = only(template, "AWS::Cognito::UserPoolDomain")
    template.has_output(
        "SiteUrl", {"Value": {"Fn::Join": ["", ["https://", site_domain(template), "/app/"]]}}
    )
    template.has_output(
        "SignInDomain",
        {
            "Value": {
                "Fn::Join": [
                    "",
                    ["https://", {"Ref": domain_id}, f".auth.{REGION}.amazoncognito.com"],
                ]
            }
        },
    )


def test_synthesis_without_a_built_web_app_says_how_to_build_it(tmp_path: Path) -> None:
    asset = tmp_path / "lambda.zip"
    asset.write_bytes(b"")
    config = DeployConfig(
        account=ACCOUNT, region=REGION, lambda_asset=asset, web_dist=tmp_path / "dist"
    )
    with pytest.raises(FileNotFoundError, match=r"index\.html is missing.*make web"):
        build(cdk.App(outdir=str(tmp_path / "out")), config)


# --- global database -------------------------------------------------------------------------


def test_the_global_flag_adds_a_secondary_region_cluster_and_the_default_does_not(
    synth: Synthesized,
) -> None:
    assert synth.stack_count_dev == 1
    synth.dev.resource_count_is("AWS::RDS::GlobalCluster", 0)
    global_id, global_cluster = only(synth.prod, "AWS::RDS::GlobalCluster")
    primary_id, _ = only(synth.prod, "AWS::RDS::DBCluster")
    assert ref_id(global_cluster["Properties"]["SourceDBClusterIdentifier"]) == primary_id
    identifier = global_cluster["Properties"]["GlobalClusterIdentifier"]
    _, secondary = only(synth.secondary, "AWS::RDS::DBCluster")
    assert secondary["Properties"]["GlobalClusterIdentifier"] == identifier
    assert secondary["Properties"]["StorageEncrypted"] is True
    assert "KmsKeyId" in secondary["Properties"]
    assert "MasterUsername" not in secondary["Properties"]  # credentials replicate
    _, reader = only(synth.secondary, "AWS::RDS::DBInstance")
    assert reader["Properties"]["PubliclyAccessible"] is False
    assert global_id
    _, secret = only(synth.prod, "AWS::SecretsManager::Secret")
    assert secret["Properties"]["ReplicaRegions"] == [{"Region": SECONDARY}]
    assert "ReplicaRegions" not in only(synth.dev, "AWS::SecretsManager::Secret")[1]["Properties"]
    regions = set(synth.templates.values())
    assert regions == {REGION, SECONDARY}


# --- lint ------------------------------------------------------------------------------------


def test_cfn_lint_finds_no_errors_in_the_synthesized_templates(synth: Synthesized) -> None:
    executable = Path(sys.executable).parent / "cfn-lint"
    assert executable.exists(), "cfn-lint is a dev dependency: run `make install`"
    # One run for every template, against every region any of them is deployed to (stricter
    # than each against its own, and one start of cfn-lint, which takes seconds, not three).
    regions = sorted(set(synth.templates.values()))
    paths = [str(path) for path in sorted(synth.templates)]
    result = subprocess.run(
        [str(executable), "--format", "parseable", "--regions", *regions, "--", *paths],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    # cfn-lint's exit code is a bit mask: 2 errors, 4 warnings, 8 informational.
    assert result.returncode & 2 == 0, f"{result.stdout}{result.stderr}"
