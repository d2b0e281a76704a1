"""Our Lambda functions' common shape: the asset's Python and architecture, a log group of
their own, and (for those that reach the database) the app subnets."""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from quizflow_infra.network import Network

# scripts/package-lambda compiles the asset's bytecode for this Python (LAMBDA_PYTHON).
RUNTIME = lambda_.Runtime.PYTHON_3_11


def app_function(
    scope: Construct,
    construct_id: str,
    *,
    handler: str,
    code: lambda_.Code,
    memory_size: int,
    timeout: Duration,
    environment: dict[str, str],
    network: Network | None = None,
    security_group: ec2.ISecurityGroup | None = None,
    logs_id: str = "FunctionLogs",
    log_retention: logs.RetentionDays = logs.RetentionDays.ONE_MONTH,
) -> lambda_.Function:
    """A function running `handler` from the asset: in the app subnets behind
    `security_group` when `network` is given (else outside the VPC), writing to /tmp only."""
    in_vpc: dict[str, object] = {}
    if network is not None:
        assert security_group is not None, "a function in the VPC needs its security group"
        in_vpc = {
            "vpc": network.vpc,
            "vpc_subnets": network.app_subnets,
            "security_groups": [security_group],
        }
    return lambda_.Function(
        scope,
        construct_id,
        runtime=RUNTIME,
        architecture=lambda_.Architecture.X86_64,  # the asset holds manylinux x86_64 wheels
        handler=handler,
        code=code,
        memory_size=memory_size,
        timeout=timeout,
        log_group=logs.LogGroup(
            scope, logs_id, retention=log_retention, removal_policy=RemovalPolicy.DESTROY
        ),
        environment={
            **environment,
            "QUIZFLOW_DATA_DIR": "/tmp/quizflow",  # noqa: S108 (Lambda's only writable dir)
        },
        **in_vpc,  # type: ignore[arg-type]
    )
