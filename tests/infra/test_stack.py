"""The CDK app, synthesized offline and checked resource by resource (and by cfn-lint).

Two configurations are synthesized once for the module (synthesis takes seconds): the default
development deployment, and a production one with the Aurora Global Database switched on.
"""

from __future__ import annotations

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
from aws_cdk.assertions import Template

INFRA = Path(__file__).resolve().parents[2] / "infra"
sys.path.insert(0, str(INFRA))
from quizflow_infra.stack import DeployConfig, build  # noqa: E402

ACCOUNT = "123456789012"
REGION = "eu-west-1"
SECONDARY = "eu-central-1"
DEPLOY_ID = "test-deploy-1"
API_HANDLER = "quizflow.aws.lambda_api.handler"
MIGRATE_HANDLER = "quizflow.aws.lambda_migrate.handler"


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
    app = cdk.App(outdir=str(root / "cdk.out"))
    common: dict[str, Any] = {
        "account": ACCOUNT,
        "region": REGION,
        "lambda_asset": asset,
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
    assert sources[proxy_group] == {api_group}
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
    assert DeployConfig.from_context(cdk.App(), account=None, region=REGION).min_acu == 0


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
    bucket_id, bucket = only(template, "AWS::S3::Bucket")
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
    _, policy = only(template, "AWS::S3::BucketPolicy")
    assert ref_id(policy["Properties"]["Bucket"]) == bucket_id
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    assert any(
        s["Effect"] == "Deny"
        and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
        and s["Principal"] == {"AWS": "*"}
        for s in statements
    )
    assert only(synth.prod, "AWS::S3::Bucket")[1]["DeletionPolicy"] == "Retain"


# --- API -------------------------------------------------------------------------------------


def test_the_functions_run_the_app_on_the_python_its_bytecode_is_compiled_for(
    synth: Synthesized,
) -> None:
    # scripts/package-lambda compiles the asset with LAMBDA_PYTHON: another runtime would
    # ignore every pyc and compile the sources at each cold start.
    script = (INFRA.parent / "scripts" / "package-lambda").read_text()
    (version,) = re.findall(r'^LAMBDA_PYTHON = "(\d+\.\d+)"', script, re.MULTILINE)
    template = synth.dev
    for handler in (API_HANDLER, MIGRATE_HANDLER):
        _, fn = function(template, handler)
        assert fn["Properties"]["Runtime"] == f"python{version}" == "python3.11"
        subnets = {ref_id(s) for s in fn["Properties"]["VpcConfig"]["SubnetIds"]}
        assert subnets == subnets_named(template, "app")
    env = function(template, API_HANDLER)[1]["Properties"]["Environment"]["Variables"]
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


def test_every_route_needs_a_jwt_from_the_cognito_user_pool(synth: Synthesized) -> None:
    template = synth.dev
    authorizer_id, authorizer = only(template, "AWS::ApiGatewayV2::Authorizer")
    pool_id, _ = only(template, "AWS::Cognito::UserPool")
    client_id, _ = only(template, "AWS::Cognito::UserPoolClient")
    assert authorizer["Properties"]["AuthorizerType"] == "JWT"
    jwt = authorizer["Properties"]["JwtConfiguration"]
    assert [ref_id(a) for a in jwt["Audience"]] == [client_id]
    assert {"Ref": pool_id} in jwt["Issuer"]["Fn::Join"][1]
    routes = resources(template, "AWS::ApiGatewayV2::Route")
    assert routes
    for route in routes.values():
        assert route["Properties"]["AuthorizationType"] == "JWT"
        assert ref_id(route["Properties"]["AuthorizerId"]) == authorizer_id


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
    for path, region in sorted(synth.templates.items()):
        result = subprocess.run(
            [str(executable), "--format", "parseable", "--regions", region, "--", str(path)],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        # cfn-lint's exit code is a bit mask: 2 errors, 4 warnings, 8 informational.
        assert result.returncode & 2 == 0, f"{path.name}:\n{result.stdout}{result.stderr}"
