"""The VPC: isolated subnets only, and endpoints instead of a NAT gateway.

Nothing in the VPC can reach the internet, and nothing on the internet can reach in (there is
no internet gateway). What the functions need from AWS comes through endpoints: S3 by a free
gateway endpoint; Secrets Manager (credentials) and Cognito (the JWKS the API verifies tokens
with) by interface endpoints, which are cheaper than a NAT gateway and its data charges.
"""

from __future__ import annotations

from aws_cdk import aws_ec2 as ec2
from constructs import Construct

APP_SUBNETS = "app"  # the functions (and the endpoints they use)
DB_SUBNETS = "db"  # Aurora and RDS Proxy


class Network(Construct):
    """The VPC, its subnet groups and the endpoints the functions use."""

    def __init__(self, scope: Construct, construct_id: str, *, azs: list[str]) -> None:
        super().__init__(scope, construct_id)
        self.vpc = ec2.Vpc(
            self,
            "Vpc",
            ip_addresses=ec2.IpAddresses.cidr("10.40.0.0/16"),
            availability_zones=azs,
            nat_gateways=0,
            subnet_configuration=[
                ec2.SubnetConfiguration(
                    name=APP_SUBNETS, subnet_type=ec2.SubnetType.PRIVATE_ISOLATED, cidr_mask=22
                ),
                ec2.SubnetConfiguration(
                    name=DB_SUBNETS, subnet_type=ec2.SubnetType.PRIVATE_ISOLATED, cidr_mask=24
                ),
            ],
        )
        self.app_subnets = ec2.SubnetSelection(subnet_group_name=APP_SUBNETS)
        self.db_subnets = ec2.SubnetSelection(subnet_group_name=DB_SUBNETS)
        self.vpc.add_gateway_endpoint(
            "S3", service=ec2.GatewayVpcEndpointAwsService.S3, subnets=[self.app_subnets]
        )
        self.secrets_endpoint = self._interface("SecretsManager", "SECRETS_MANAGER")
        self.cognito_endpoint = self._interface("CognitoIdp", "COGNITO_IDP")
        self._lambda_endpoint: ec2.InterfaceVpcEndpoint | None = None

    def _interface(self, construct_id: str, service: str) -> ec2.InterfaceVpcEndpoint:
        # open=False: only the security groups given to `allow_https_from` may use it.
        return self.vpc.add_interface_endpoint(
            construct_id,
            service=getattr(ec2.InterfaceVpcEndpointAwsService, service),
            subnets=self.app_subnets,
            private_dns_enabled=True,
            open=False,
        )

    def allow_https_from(self, peer: ec2.ISecurityGroup, *, cognito: bool = False) -> None:
        """Let `peer` reach Secrets Manager (and Cognito's JWKS with `cognito`)."""
        self.secrets_endpoint.connections.allow_default_port_from(peer, "AWS API over TLS")
        if cognito:
            self.cognito_endpoint.connections.allow_default_port_from(peer, "Cognito JWKS")

    def allow_lambda_from(self, peer: ec2.ISecurityGroup) -> None:
        """Let `peer` invoke functions (the Lambda endpoint is made on first use: only the
        xAPI deliverer needs one)."""
        if self._lambda_endpoint is None:
            self._lambda_endpoint = self._interface("Lambda", "LAMBDA_")
        self._lambda_endpoint.connections.allow_default_port_from(peer, "Lambda API over TLS")

    def function_security_group(self, construct_id: str, scope: Construct) -> ec2.SecurityGroup:
        """A security group for a function in the app subnets (no rules of its own yet)."""
        return ec2.SecurityGroup(
            scope,
            construct_id,
            vpc=self.vpc,
            description=f"quizflow {construct_id}",
            allow_all_outbound=True,  # there is no route out of the VPC anyway
        )
