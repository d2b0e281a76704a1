"""PostgreSQL: Aurora Serverless v2 in the isolated subnets, RDS Proxy in front of it.

Aurora scales between `min_acu` and `max_acu`; with `min_acu` 0 the writer pauses after
`auto_pause` of idleness and resumes on the next connection (about 15 s), so a quiet night
costs storage only. RDS Proxy absorbs Lambda's connection bursts (each container holds one
connection) and waits for a resuming writer instead of refusing. The master credentials are
generated into Secrets Manager and rotated; the proxy and the functions read them there.

Port 5432 is reachable only from the proxy, the migration function and the rotation function:
every rule is added by `allow_from_*` below, nothing is open to the VPC.
"""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_kms as kms
from aws_cdk import aws_rds as rds
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from quizflow_infra.network import Network

ENGINE_VERSION = rds.AuroraPostgresEngineVersion.VER_16_9  # 16.3+ can scale to 0 ACU
DATABASE_NAME = "quizflow"
MASTER_USER = "quizflow_admin"
# Requests through the proxy get this; a session may still lower or raise it (migrations do).
STATEMENT_TIMEOUT_MS = 30_000


class Data(Construct):
    """The cluster, its secret (rotated), the proxy and, optionally, the global database."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        network: Network,
        stage: str,
        min_acu: float,
        max_acu: float,
        auto_pause: Duration,
        global_cluster_id: str | None,
        secondary_region: str | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        production = stage != "dev"
        # With a global database the secret is replicated too: after a failover the secondary
        # region has the (rotated) credentials at hand.
        replicas = (
            [secretsmanager.ReplicaRegion(region=secondary_region)] if secondary_region else []
        )
        self.security_group = ec2.SecurityGroup(
            self,
            "ClusterSecurityGroup",
            vpc=network.vpc,
            description="quizflow Aurora: 5432 from the proxy, migrations and rotation only",
            allow_all_outbound=False,
        )
        self.cluster = rds.DatabaseCluster(
            self,
            "Cluster",
            engine=rds.DatabaseClusterEngine.aurora_postgres(version=ENGINE_VERSION),
            writer=rds.ClusterInstance.serverless_v2(
                "Writer", publicly_accessible=False, auto_minor_version_upgrade=True
            ),
            serverless_v2_min_capacity=min_acu,
            serverless_v2_max_capacity=max_acu,
            serverless_v2_auto_pause_duration=auto_pause if min_acu == 0 else None,
            credentials=rds.Credentials.from_generated_secret(
                MASTER_USER, secret_name=f"quizflow/{stage}/database", replica_regions=replicas
            ),
            default_database_name=DATABASE_NAME,
            parameters={"statement_timeout": str(STATEMENT_TIMEOUT_MS)},
            vpc=network.vpc,
            vpc_subnets=network.db_subnets,
            security_groups=[self.security_group],
            storage_encrypted=True,
            backup=rds.BackupProps(
                retention=Duration.days(14 if production else 1),
                preferred_window="03:00-04:00",
            ),
            cloudwatch_logs_exports=["postgresql"],
            deletion_protection=production,
            removal_policy=RemovalPolicy.SNAPSHOT if production else RemovalPolicy.DESTROY,
        )
        secret = self.cluster.secret
        assert secret is not None  # from_generated_secret always makes one
        self.secret: secretsmanager.ISecret = secret

        # The rotation function (from the Serverless Application Repository) runs in the app
        # subnets and reaches Secrets Manager through the endpoint, the cluster directly.
        self.rotation_security_group = network.function_security_group("Rotation", self)
        network.allow_https_from(self.rotation_security_group)
        self.cluster.add_rotation_single_user(
            automatically_after=Duration.days(30),
            endpoint=network.secrets_endpoint,
            vpc_subnets=network.app_subnets,
            security_group=self.rotation_security_group,
        )

        self.proxy_security_group = ec2.SecurityGroup(
            self,
            "ProxySecurityGroup",
            vpc=network.vpc,
            description="quizflow RDS Proxy: 5432 from the API function only",
            allow_all_outbound=False,
        )
        self.proxy = self.cluster.add_proxy(
            "Proxy",
            db_proxy_name=f"quizflow-{stage}",
            secrets=[self.secret],
            vpc=network.vpc,
            vpc_subnets=network.db_subnets,
            security_groups=[self.proxy_security_group],
            require_tls=True,
            # Waits out a paused writer's resume rather than failing the request.
            borrow_timeout=Duration.seconds(60),
            # A proxy holding idle connections would keep a 0-ACU writer from ever pausing.
            max_idle_connections_percent=0 if min_acu == 0 else 50,
            max_connections_percent=90,
        )
        self.proxy_security_group.add_egress_rule(
            self.security_group, ec2.Port.tcp(5432), "to Aurora"
        )  # (the proxy adds the matching ingress on the cluster's group itself)

        self.global_cluster: rds.CfnGlobalCluster | None = None
        if global_cluster_id is not None:
            # The cluster becomes the primary of a global database; the secondary region's
            # cluster (SecondaryRegionStack) joins it by this identifier.
            self.global_cluster = rds.CfnGlobalCluster(
                self,
                "GlobalCluster",
                global_cluster_identifier=global_cluster_id,
                source_db_cluster_identifier=self.cluster.cluster_identifier,
                deletion_protection=production,
            )

    def allow_from(self, peer: ec2.ISecurityGroup, description: str) -> None:
        """Let `peer` connect to PostgreSQL on the cluster itself (not via the proxy)."""
        self.cluster.connections.allow_default_port_from(peer, description)

    def allow_proxy_from(self, peer: ec2.ISecurityGroup, description: str) -> None:
        """Let `peer` connect to PostgreSQL through the proxy."""
        self.proxy_security_group.add_ingress_rule(peer, ec2.Port.tcp(5432), description)

    def proxy_environment(self, *, max_overflow: int = 0) -> dict[str, str]:
        """What a function needs to reach PostgreSQL through the proxy: one connection per
        container (it serves one invocation at a time), `max_overflow` more at a pinch."""
        return {
            "QUIZFLOW_DB_SECRET_ARN": self.secret.secret_arn,
            "QUIZFLOW_DB_HOST": self.proxy.endpoint,
            "QUIZFLOW_DB_STARTUP_OPTIONS": "false",  # RDS Proxy refuses them
            "QUIZFLOW_DB_POOL_SIZE": "1",
            "QUIZFLOW_DB_POOL_MAX_OVERFLOW": str(max_overflow),
        }


class SecondaryCluster(Construct):
    """A headless Aurora cluster in another region, replicating the global database.

    It has no credentials of its own (they replicate) and its own KMS key (keys are regional).
    Failover promotes it; the API is then deployed in its region (see docs/deploy.md).
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        network: Network,
        stage: str,
        global_cluster_id: str,
        min_acu: float,
        max_acu: float,
    ) -> None:
        super().__init__(scope, construct_id)
        production = stage != "dev"
        self.security_group = ec2.SecurityGroup(
            self,
            "ClusterSecurityGroup",
            vpc=network.vpc,
            description="quizflow Aurora secondary: no ingress until it is promoted",
            allow_all_outbound=False,
        )
        key = kms.Key(
            self,
            "StorageKey",
            description="quizflow Aurora secondary storage",
            enable_key_rotation=True,
            removal_policy=RemovalPolicy.RETAIN if production else RemovalPolicy.DESTROY,
        )
        subnets = rds.SubnetGroup(
            self,
            "Subnets",
            description="quizflow Aurora secondary: isolated subnets",
            vpc=network.vpc,
            vpc_subnets=network.db_subnets,
        )
        self.cluster = rds.CfnDBCluster(
            self,
            "Cluster",
            engine="aurora-postgresql",
            engine_version=ENGINE_VERSION.aurora_postgres_full_version,
            global_cluster_identifier=global_cluster_id,
            db_subnet_group_name=subnets.subnet_group_name,
            vpc_security_group_ids=[self.security_group.security_group_id],
            storage_encrypted=True,
            kms_key_id=key.key_arn,
            serverless_v2_scaling_configuration=rds.CfnDBCluster.ServerlessV2ScalingConfigurationProperty(
                min_capacity=min_acu, max_capacity=max_acu
            ),
            backup_retention_period=14 if production else 1,
            deletion_protection=production,
        )
        self.cluster.apply_removal_policy(
            RemovalPolicy.SNAPSHOT if production else RemovalPolicy.DESTROY
        )
        self.reader = rds.CfnDBInstance(
            self,
            "Reader",
            db_instance_class="db.serverless",
            engine="aurora-postgresql",
            db_cluster_identifier=self.cluster.ref,
            publicly_accessible=False,
        )
        self.reader.apply_removal_policy(RemovalPolicy.DESTROY)
