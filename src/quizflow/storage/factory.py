"""Builds the configured object store; the API and the CLI both get theirs here."""

from __future__ import annotations

from quizflow.errors import ConfigurationError
from quizflow.settings import Settings
from quizflow.storage.base import BlobStore
from quizflow.storage.local import LocalBlobStore


def build_blob_store(settings: Settings) -> BlobStore:
    """The store ``settings`` choose; no connection is made yet.

    Raises ConfigurationError when the S3 backend is chosen without a bucket, or with only
    one of the two credentials.
    """
    if settings.storage_backend == "local":
        return LocalBlobStore(settings.storage_root)
    if not settings.s3_bucket:
        raise ConfigurationError("storage_backend is s3 but QUIZFLOW_S3_BUCKET is not set")
    from quizflow.storage.s3 import S3BlobStore  # boto3 is loaded only when S3 is used

    access_key_id, secret_access_key = settings.s3_access_key_id, settings.s3_secret_access_key
    return S3BlobStore(
        bucket=settings.s3_bucket,
        prefix=settings.s3_prefix,
        endpoint_url=settings.s3_endpoint_url,
        region=settings.s3_region,
        access_key_id=access_key_id.get_secret_value() if access_key_id else None,
        secret_access_key=secret_access_key.get_secret_value() if secret_access_key else None,
        connect_timeout_s=settings.s3_connect_timeout_s,
        read_timeout_s=settings.s3_read_timeout_s,
        max_attempts=settings.s3_max_attempts,
        multipart_threshold_bytes=settings.s3_multipart_threshold_bytes,
    )
