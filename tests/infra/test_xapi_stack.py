"""With `-c xapiEndpoint=…`: the xAPI deliverer runs every minute in the VPC, hands batches to a
poster outside it, and the API function queues statements. Without it, none of that exists."""

from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
import aws_cdk as cdk
from aws_cdk.assertions import Match, Template

INFRA = Path(__file__).resolve().parents[2] / "infra"
sys.path.insert(0, str(INFRA))
from quizflow_infra.stack import DeployConfig, build  # noqa: E402

LRS = "https://lrs.example.edu/xAPI"
DELIVER = "quizflow.aws.lambda_xapi.deliver"
POST = "quizflow.aws.lambda_xapi.post"


def synthesize(root: Path, **extra: Any) -> Template:
    asset = root / "lambda.zip"
    with zipfile.ZipFile(asset, "w") as archive:
        archive.writestr("quizflow/__init__.py", "")
    (root / "dist" / "assets").mkdir(parents=True)
    (root / "dist" / "index.html").write_text('<!doctype html><script src="/app/assets/i-1.js">')
    (root / "dist" / "assets" / "i-1.js").write_text("")
    app = cdk.App(outdir=str(root / "cdk.out"))
    config = DeployConfig(
        account="123456789012",
        region="eu-west-1",
        lambda_asset=asset,
        web_dist=root / "dist",
        deploy_id="test",
        **extra,
    )
    return Template.from_stack(build(app, config)[0])


@pytest.fixture(scope="module")
def with_lrs(tmp_path_factory: pytest.TempPathFactory) -> Template:
    return synthesize(tmp_path_factory.mktemp("xapi"), xapi_endpoint=LRS)


@pytest.fixture(scope="module")
def without_lrs(tmp_path_factory: pytest.TempPathFactory) -> Template:
    return synthesize(tmp_path_factory.mktemp("plain"))


def function(template: Template, handler: str) -> tuple[str, dict[str, Any]]:
    found = template.find_resources("AWS::Lambda::Function", {"Properties": {"Handler": handler}})
    assert len(found) == 1, sorted(found)
    return next(iter(found.items()))


def test_the_deliverer_runs_every_minute_in_the_vpc_and_may_invoke_the_poster(
    with_lrs: Template,
) -> None:
    deliverer_id, deliverer = function(with_lrs, DELIVER)
    poster_id, poster = function(with_lrs, POST)
    assert "VpcConfig" in deliverer["Properties"]
    assert "VpcConfig" not in poster["Properties"]  # it alone reaches the internet
    environment = deliverer["Properties"]["Environment"]["Variables"]
    assert environment["QUIZFLOW_XAPI_ENDPOINT"] == LRS
    assert environment["QUIZFLOW_XAPI_POSTER_FUNCTION"] == {"Ref": poster_id}
    with_lrs.has_resource_properties(
        "AWS::Events::Rule",
        {
            "ScheduleExpression": "rate(1 minute)",
            "Targets": [Match.object_like({"Arn": {"Fn::GetAtt": [deliverer_id, "Arn"]}})],
        },
    )
    with_lrs.has_resource_properties(
        "AWS::IAM::Policy",
        {
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        Match.object_like(
                            {
                                "Action": "lambda:InvokeFunction",
                                "Resource": Match.array_with([{"Fn::GetAtt": [poster_id, "Arn"]}]),
                            }
                        )
                    ]
                )
            }
        },
    )
    with_lrs.has_resource_properties(
        "AWS::EC2::VPCEndpoint",
        {"ServiceName": Match.string_like_regexp("lambda"), "VpcEndpointType": "Interface"},
    )


def test_the_poster_reads_the_lrs_credentials_from_their_secret(with_lrs: Template) -> None:
    _, poster = function(with_lrs, POST)
    variables = poster["Properties"]["Environment"]["Variables"]
    assert variables["QUIZFLOW_XAPI_ENDPOINT"] == LRS
    secret_ref = variables["QUIZFLOW_XAPI_CREDENTIALS_SECRET_ARN"]
    secrets = with_lrs.find_resources("AWS::SecretsManager::Secret")
    assert secret_ref["Ref"] in secrets


def test_the_api_function_queues_statements_only_when_an_lrs_is_configured(
    with_lrs: Template, without_lrs: Template
) -> None:
    _, api = function(with_lrs, "quizflow.aws.lambda_api.handler")
    assert api["Properties"]["Environment"]["Variables"]["QUIZFLOW_XAPI_ENDPOINT"] == LRS
    _, plain_api = function(without_lrs, "quizflow.aws.lambda_api.handler")
    assert "QUIZFLOW_XAPI_ENDPOINT" not in plain_api["Properties"]["Environment"]["Variables"]
    for handler in (DELIVER, POST):
        assert not without_lrs.find_resources(
            "AWS::Lambda::Function", {"Properties": {"Handler": handler}}
        )
    # No schedule at all: nothing keeps the pausing writer awake (requests count analytics).
    without_lrs.resource_count_is("AWS::Events::Rule", 0)
    # With an LRS, the deliverer keeps it awake anyway: the analytics recount runs too.
    function(with_lrs, "quizflow.aws.lambda_analytics.recount")
    assert not without_lrs.find_resources(
        "AWS::EC2::VPCEndpoint", {"Properties": {"ServiceName": Match.string_like_regexp("lambda")}}
    )
