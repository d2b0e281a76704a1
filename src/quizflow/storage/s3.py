"""The object store on S3 or any S3-compatible server (MinIO, Ceph, moto…), through boto3.

Imported only when the S3 backend is chosen (see factory.py); the client is built on first
use. Every boto3/botocore failure leaves this module as one of ours: a missing object is
NotFoundError, a missing bucket or absent credentials ConfigurationError, anything else
(unreachable endpoint, timeouts, refusals) StorageError, each naming the endpoint and bucket.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, BinaryIO
from urllib.parse import urlsplit

import boto3.session
from boto3.exceptions import Boto3Error
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError
from botocore.response import StreamingBody

from quizflow.errors import (
    ConfigurationError,
    InvalidInputError,
    NotFoundError,
    QuizflowError,
    StorageError,
)
from quizflow.storage.base import check_content, validate_key, validate_prefix

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

CHUNK_BYTES = 64 * 1024
MIN_PART_BYTES = 5 * 1024 * 1024  # S3 refuses smaller parts (but the last)
MAX_PRESIGN_TTL_S = 7 * 24 * 3600  # SigV4's limit
_NOT_FOUND = frozenset({"404", "NoSuchKey", "NotFound"})
_LIBRARY_ERRORS = (BotoCoreError, ClientError, Boto3Error)


class S3BlobStore:
    """Objects in one bucket, under an optional key prefix, referred to by ``s3://`` URLs."""

    scheme = "s3"

    def __init__(
        self,
        *,
        bucket: str,
        prefix: str = "",
        endpoint_url: str | None = None,
        region: str = "us-east-1",
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        connect_timeout_s: float = 2.0,
        read_timeout_s: float = 10.0,
        max_attempts: int = 3,
        multipart_threshold_bytes: int = 8 * 1024 * 1024,
    ) -> None:
        if not bucket:
            raise ConfigurationError("the S3 bucket name is empty")
        if (access_key_id is None) != (secret_access_key is None):
            raise ConfigurationError("set both S3 credentials (access key id and secret) or none")
        self.bucket = bucket
        self.prefix = _normalize_prefix(prefix)
        self.endpoint_url = endpoint_url
        self.region = region
        self._credentials = (access_key_id, secret_access_key)
        self._config = Config(
            region_name=region,
            connect_timeout=connect_timeout_s,
            read_timeout=read_timeout_s,
            retries={"total_max_attempts": max_attempts, "mode": "standard"},
            signature_version="s3v4",  # presigned URLs would otherwise be SigV2 off AWS
            # Other S3 servers are rarely reachable as bucket.host, and many reject the
            # checksum headers boto3 sends by default since 1.36 (boto/boto3#4392).
            s3={"addressing_style": "path" if endpoint_url else "auto"},
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        )
        part = max(multipart_threshold_bytes, MIN_PART_BYTES)
        self._transfer = TransferConfig(
            multipart_threshold=multipart_threshold_bytes,
            multipart_chunksize=part,
            max_concurrency=4,  # parts buffered in memory at once per upload
        )
        self._lock = threading.Lock()
        self._client: S3Client | None = None
        self._bucket_seen = False

    def __repr__(self) -> str:
        return f"S3BlobStore(s3://{self.bucket}/{self.prefix} at {self._where})"

    def url_for(self, key: str) -> str:
        """The ``s3://bucket/prefix/key`` URL of ``key``."""
        return f"s3://{self.bucket}/{self.prefix}{validate_key(key)}"

    def put(self, key: str, data: bytes | BinaryIO, *, content_type: str) -> str:
        """Upload (in parts when large); a content key already stored is not uploaded again."""
        url = self.url_for(key)
        digest = check_content(key, data)
        object_key = self.prefix + key
        self._ensure_bucket()
        if digest is not None and self._head(object_key):
            return url
        body = io.BytesIO(data) if isinstance(data, bytes | bytearray | memoryview) else data
        with self._translated("upload", object_key):
            self._s3().upload_fileobj(
                body,
                self.bucket,
                object_key,
                ExtraArgs={"ContentType": content_type},
                Config=self._transfer,
            )
        return url

    def exists(self, key: str) -> bool:
        """Whether ``key`` is stored (a HEAD request)."""
        object_key = self.prefix + validate_key(key)
        self._ensure_bucket()
        return self._head(object_key)

    def get(self, url: str) -> bytes:
        """The object's bytes; NotFoundError when missing."""
        object_key = self._object_key(url)
        self._ensure_bucket()
        with self._translated("download", object_key):
            response = self._s3().get_object(Bucket=self.bucket, Key=object_key)
            return response["Body"].read()

    def open(self, url: str) -> Iterator[bytes]:
        """The object's bytes in chunks; the GET is sent now, so NotFoundError comes first."""
        object_key = self._object_key(url)
        self._ensure_bucket()
        with self._translated("download", object_key):
            response = self._s3().get_object(Bucket=self.bucket, Key=object_key)
        return self._chunks(response["Body"], object_key)

    def delete(self, url: str) -> None:
        """Remove the object; S3 answers the same whether it existed or not."""
        object_key = self._object_key(url)
        self._ensure_bucket()
        with self._translated("delete", object_key):
            self._s3().delete_object(Bucket=self.bucket, Key=object_key)

    def presigned_url(self, url: str, *, ttl_s: int) -> str | None:
        """A SigV4 GET URL valid for ``ttl_s`` seconds (signed locally: no request is made)."""
        object_key = self._object_key(url)
        if not 1 <= ttl_s <= MAX_PRESIGN_TTL_S:
            raise InvalidInputError(f"a presigned URL lives 1 to {MAX_PRESIGN_TTL_S} seconds")
        with self._translated("presign", object_key):
            return self._s3().generate_presigned_url(
                "get_object",
                Params={"Bucket": self.bucket, "Key": object_key},
                ExpiresIn=ttl_s,
            )

    def iter_keys(self, prefix: str = "") -> Iterator[str]:
        """Every stored key starting with ``prefix`` (without the store's own prefix)."""
        validate_prefix(prefix)
        self._ensure_bucket()
        return self._listing(self.prefix + prefix)

    # -- internals

    @property
    def _where(self) -> str:
        return self.endpoint_url or f"AWS S3 ({self.region})"

    def _s3(self) -> S3Client:
        with self._lock:
            if self._client is None:
                access_key_id, secret_access_key = self._credentials
                try:
                    session = boto3.session.Session(
                        aws_access_key_id=access_key_id,
                        aws_secret_access_key=secret_access_key,
                        region_name=self.region,
                    )
                    self._client = session.client(
                        "s3", endpoint_url=self.endpoint_url, config=self._config
                    )
                # ValueError is botocore's word for a malformed endpoint URL; BotoCoreError
                # covers e.g. an AWS_PROFILE that names no profile.
                except (ValueError, BotoCoreError) as exc:
                    raise ConfigurationError(f"S3 client for {self._where}: {exc}") from exc
            return self._client

    def _ensure_bucket(self) -> None:
        """Check once that the bucket exists: HEAD answers a bare 404 for bucket and key alike."""
        if self._bucket_seen:
            return
        try:
            with self._translated("bucket check", None):
                self._s3().head_bucket(Bucket=self.bucket)
        except NotFoundError as exc:
            raise self._missing_bucket() from exc.__cause__
        self._bucket_seen = True

    def _head(self, object_key: str) -> bool:
        try:
            with self._translated("existence check", object_key):
                self._s3().head_object(Bucket=self.bucket, Key=object_key)
        except NotFoundError:
            return False
        return True

    def _listing(self, object_prefix: str) -> Iterator[str]:
        paginator = self._s3().get_paginator("list_objects_v2")
        with self._translated("listing", object_prefix):
            for page in paginator.paginate(Bucket=self.bucket, Prefix=object_prefix):
                for item in page.get("Contents", []):
                    yield item["Key"][len(self.prefix) :]

    def _chunks(self, body: StreamingBody, object_key: str) -> Iterator[bytes]:
        try:
            with self._translated("download", object_key):
                yield from body.iter_chunks(CHUNK_BYTES)
        finally:
            body.close()

    def _object_key(self, url: str) -> str:
        """The object key an ``s3://`` URL of this store names; InvalidInputError otherwise."""
        parts = urlsplit(url)
        key = parts.path[1:]
        if parts.scheme != "s3" or parts.netloc != self.bucket or not key.startswith(self.prefix):
            raise InvalidInputError(f"{url!r} is not a URL of s3://{self.bucket}/{self.prefix}")
        if parts.query or parts.fragment:
            raise InvalidInputError(f"{url!r} is not an object URL")
        return self.prefix + validate_key(key[len(self.prefix) :])

    def _missing_bucket(self) -> ConfigurationError:
        return ConfigurationError(
            f"S3 bucket {self.bucket!r} does not exist at {self._where}"
            " (create it, or set QUIZFLOW_S3_BUCKET)"
        )

    @contextmanager
    def _translated(self, action: str, object_key: str | None) -> Iterator[None]:
        """Re-raise boto3/botocore errors as ours, with the endpoint, bucket and cause."""
        try:
            yield
        except _LIBRARY_ERRORS as exc:
            raise self._our_error(exc, action, object_key) from exc

    def _our_error(self, exc: Exception, action: str, object_key: str | None) -> QuizflowError:
        target = f"s3://{self.bucket}/{object_key or ''}"
        if isinstance(exc, NoCredentialsError):
            return ConfigurationError(
                f"no S3 credentials for {self._where}: set QUIZFLOW_S3_ACCESS_KEY_ID and"
                " QUIZFLOW_S3_SECRET_ACCESS_KEY, or give the process an AWS role"
            )
        cause = str(exc)
        if isinstance(exc, ClientError):
            error = exc.response.get("Error", {})
            code = str(error.get("Code", ""))
            if code == "NoSuchBucket":
                return self._missing_bucket()
            if code in _NOT_FOUND:
                return NotFoundError(f"object {target} does not exist")
            cause = f"{code}: {error.get('Message') or 'no message'}"
        message = f"S3 {action} of {target} at {self._where} failed: {cause}"
        return StorageError(" ".join(message.split()))


def _normalize_prefix(prefix: str) -> str:
    """The prefix as "" or "a/b/" (from "a/b", "/a/b/"…); ConfigurationError if unsafe."""
    stripped = prefix.strip("/")
    if not stripped:
        return ""
    try:
        validate_key(stripped)
    except InvalidInputError as exc:
        raise ConfigurationError(f"S3 prefix {prefix!r} is invalid: {exc.message}") from exc
    return stripped + "/"
