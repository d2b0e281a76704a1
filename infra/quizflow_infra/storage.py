"""The documents bucket: originals and large content (>= 1 MB) that stay out of PostgreSQL.

Private (public access blocked, bucket-owner objects), encrypted at rest, reachable only over
TLS. Versioned, so an overwritten or deleted object can be recovered for `noncurrent_days`.
"""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_s3 as s3
from constructs import Construct


class Storage(Construct):
    """The bucket the API's S3 blob store writes to."""

    def __init__(
        self, scope: Construct, construct_id: str, *, stage: str, noncurrent_days: int = 30
    ) -> None:
        super().__init__(scope, construct_id)
        production = stage != "dev"
        self.bucket = s3.Bucket(
            self,
            "Documents",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            versioned=True,
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="expire-old-versions",
                    noncurrent_version_expiration=Duration.days(noncurrent_days),
                    abort_incomplete_multipart_upload_after=Duration.days(7),
                    expired_object_delete_marker=True,
                )
            ],
            removal_policy=RemovalPolicy.RETAIN if production else RemovalPolicy.DESTROY,
            auto_delete_objects=not production,
        )
