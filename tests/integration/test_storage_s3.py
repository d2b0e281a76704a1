"""The S3 object store against a real S3 HTTP endpoint (moto's server on loopback)."""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import socket
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

import pytest

from quizflow.errors import ConfigurationError, InvalidInputError, NotFoundError, StorageError
from quizflow.settings import Settings
from quizflow.storage import build_blob_store, content_key
from quizflow.storage.s3 import S3BlobStore
from tests.s3_server import ACCESS_KEY_ID, REGION, SECRET_ACCESS_KEY, MotoServer

MiB = 1024 * 1024
# An outage must surface within this many seconds (1 s connect/2 s read timeouts, 2 attempts).
OUTAGE_BOUND_S = 10.0


def s3_settings(endpoint: str, bucket: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "storage_backend": "s3",
        "s3_bucket": bucket,
        "s3_endpoint_url": endpoint,
        "s3_region": REGION,
        "s3_access_key_id": ACCESS_KEY_ID,
        "s3_secret_access_key": SECRET_ACCESS_KEY,
        "s3_multipart_threshold_bytes": 5 * MiB,
        "s3_connect_timeout_s": 1.0,
        "s3_read_timeout_s": 2.0,
        "s3_max_attempts": 2,
    }
    values.update(overrides)
    return Settings(**values)


def s3_store(endpoint: str, bucket: str, **overrides: Any) -> S3BlobStore:
    store = build_blob_store(s3_settings(endpoint, bucket, **overrides))
    assert isinstance(store, S3BlobStore)
    return store


@pytest.fixture
def store(s3_server: str, s3_bucket: str) -> S3BlobStore:
    return s3_store(s3_server, s3_bucket)


@pytest.fixture
def restartable_s3(s3_server_process: MotoServer) -> Iterator[MotoServer]:
    """The server, put back in service whatever the test did to it."""
    yield s3_server_process
    s3_server_process.ensure_running()


def object_keys(server: MotoServer, bucket: str) -> list[str]:
    listing = server.client().list_objects_v2(Bucket=bucket)
    return [item["Key"] for item in listing.get("Contents", [])]


def test_small_object_round_trips_with_its_content_type(
    store: S3BlobStore, s3_server_process: MotoServer, s3_bucket: str
) -> None:
    data = b"hello, quizflow"
    key = content_key(data, extension="txt")

    url = store.put(key, data, content_type="text/plain")

    assert url == f"s3://{s3_bucket}/{key}"
    assert store.get(url) == data
    assert store.exists(key)
    head = s3_server_process.client().head_object(Bucket=s3_bucket, Key=key)
    assert head["ContentType"] == "text/plain"


def test_object_over_one_mebibyte_round_trips_in_a_single_request(
    store: S3BlobStore, s3_server_process: MotoServer, s3_bucket: str
) -> None:
    data = os.urandom(MiB + MiB // 2)
    key = content_key(data, extension="bin")

    url = store.put(key, data, content_type="application/octet-stream")

    assert store.get(url) == data
    etag = s3_server_process.client().head_object(Bucket=s3_bucket, Key=key)["ETag"]
    assert "-" not in etag  # below the 5 MiB threshold: one PutObject


def test_upload_over_the_multipart_threshold_is_sent_in_parts(
    store: S3BlobStore, s3_server_process: MotoServer, s3_bucket: str
) -> None:
    data = os.urandom(6 * MiB + 123)
    key = content_key(data, extension="bin")

    url = store.put(key, io.BytesIO(data), content_type="application/octet-stream")

    etag = s3_server_process.client().head_object(Bucket=s3_bucket, Key=key)["ETag"]
    assert etag.strip('"').endswith("-2")  # a multipart ETag names its part count
    assert store.get(url) == data


def test_open_streams_the_object_in_chunks(store: S3BlobStore) -> None:
    data = os.urandom(300 * 1024)
    url = store.put("streams/big.bin", data, content_type="application/octet-stream")

    chunks = list(store.open(url))

    assert len(chunks) > 1
    assert all(len(chunk) <= 64 * 1024 for chunk in chunks)
    assert b"".join(chunks) == data


def test_putting_the_same_bytes_twice_stores_one_object_and_uploads_once(
    store: S3BlobStore, s3_server_process: MotoServer, s3_bucket: str
) -> None:
    data = b"the same document, uploaded twice"
    key = content_key(data, extension="txt")
    first = store.put(key, data, content_type="text/plain")
    # Swap the stored bytes behind the store's back: a second upload would put them back.
    s3_server_process.client().put_object(Bucket=s3_bucket, Key=key, Body=b"marker")

    second = store.put(key, data, content_type="text/plain")

    assert second == first
    assert store.get(second) == b"marker"
    assert object_keys(s3_server_process, s3_bucket) == [key]


def test_plain_keys_are_overwritten(store: S3BlobStore) -> None:
    url = store.put("notes/latest.txt", b"one", content_type="text/plain")
    store.put("notes/latest.txt", b"two", content_type="text/plain")

    assert store.get(url) == b"two"


def test_bytes_that_do_not_match_their_content_key_are_refused(store: S3BlobStore) -> None:
    key = content_key(b"the real bytes", extension="txt")

    with pytest.raises(InvalidInputError):
        store.put(key, b"other bytes", content_type="text/plain")
    assert not store.exists(key)


def test_missing_object_is_not_found_and_deleting_it_is_fine(store: S3BlobStore) -> None:
    url = store.url_for("objects/nothing-here.txt")

    assert not store.exists("objects/nothing-here.txt")
    with pytest.raises(NotFoundError):
        store.get(url)
    with pytest.raises(NotFoundError):
        store.open(url)  # raised on the call, before any chunk is asked for
    store.delete(url)


def test_delete_removes_the_object(store: S3BlobStore) -> None:
    url = store.put("objects/gone.txt", b"bye", content_type="text/plain")

    store.delete(url)

    assert not store.exists("objects/gone.txt")
    with pytest.raises(NotFoundError):
        store.get(url)


def test_iter_keys_lists_what_was_stored_under_the_store_prefix(
    s3_server: str, s3_server_process: MotoServer, s3_bucket: str
) -> None:
    store = s3_store(s3_server, s3_bucket, s3_prefix="tenant-a")
    contents = [bytes([n]) for n in range(3)]
    keys = {content_key(data, extension="png", namespace="images") for data in contents}
    keys.add(content_key(b"doc", extension="docx"))
    for data in [*contents, b"doc"]:
        extension, namespace = ("docx", "objects") if data == b"doc" else ("png", "images")
        key = content_key(data, extension=extension, namespace=namespace)
        url = store.put(key, data, content_type="application/octet-stream")
        assert url == f"s3://{s3_bucket}/tenant-a/{key}"
    s3_server_process.client().put_object(Bucket=s3_bucket, Key="elsewhere/x", Body=b"")

    assert set(store.iter_keys()) == keys
    assert set(store.iter_keys("images/")) == {k for k in keys if k.startswith("images/")}
    assert list(store.iter_keys("nothing/")) == []
    assert "tenant-a/" + sorted(keys)[0] in object_keys(s3_server_process, s3_bucket)


def test_urls_of_another_bucket_or_scheme_are_refused(store: S3BlobStore) -> None:
    for url in (
        "s3://some-other-bucket/objects/a.txt",
        "file:///etc/passwd",
        store.url_for("objects/a.txt") + "?versionId=1",
        store.url_for("objects/a.txt").replace("objects/a.txt", "objects/../../a.txt"),
    ):
        with pytest.raises(InvalidInputError):
            store.get(url)


def test_missing_bucket_is_a_configuration_error_naming_it(s3_server: str) -> None:
    store = s3_store(s3_server, "quizflow-no-such-bucket")

    with pytest.raises(ConfigurationError, match="quizflow-no-such-bucket"):
        store.put("objects/a.txt", b"a", content_type="text/plain")
    with pytest.raises(ConfigurationError, match="quizflow-no-such-bucket"):
        store.exists("objects/a.txt")
    with pytest.raises(ConfigurationError, match="quizflow-no-such-bucket"):
        store.get(store.url_for("objects/a.txt"))


def test_stopped_server_fails_fast_with_storage_error_then_recovers_after_restart(
    store: S3BlobStore, restartable_s3: MotoServer, s3_bucket: str
) -> None:
    url = store.put("objects/before.txt", b"before", content_type="text/plain")
    restartable_s3.stop()

    started = time.monotonic()
    with pytest.raises(StorageError) as raised:
        store.get(url)
    with pytest.raises(StorageError):
        store.put("objects/during.txt", b"during", content_type="text/plain")
    elapsed = time.monotonic() - started

    assert elapsed < OUTAGE_BOUND_S
    message = raised.value.message
    assert "\n" not in message
    assert restartable_s3.endpoint_url in message
    assert s3_bucket in message
    assert isinstance(raised.value.__cause__, Exception)

    restartable_s3.start()
    restartable_s3.create_bucket(s3_bucket)  # moto keeps nothing across a restart
    after = store.put("objects/after.txt", b"after", content_type="text/plain")
    assert store.get(after) == b"after"


def test_unresponsive_server_times_out_with_storage_error(
    store: S3BlobStore, restartable_s3: MotoServer
) -> None:
    url = store.put("objects/x.txt", b"x", content_type="text/plain")
    restartable_s3.pause()
    try:
        started = time.monotonic()
        with pytest.raises(StorageError, match=r"(?i)read timeout"):
            store.get(url)
        elapsed = time.monotonic() - started
    finally:
        restartable_s3.resume()

    assert elapsed < OUTAGE_BOUND_S
    assert store.get(url) == b"x"


def test_store_is_built_without_contacting_s3() -> None:
    # A listener that only records: building the store, naming and presigning an object must
    # not connect to it (a Lambda cold start would wait on S3 otherwise).
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.setblocking(False)
        endpoint = f"http://127.0.0.1:{listener.getsockname()[1]}"

        store = s3_store(endpoint, "quizflow-anything")
        url = store.url_for("objects/a.txt")
        presigned = store.presigned_url(url, ttl_s=60)

        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody connected
    assert presigned is not None and presigned.startswith(endpoint)
    with pytest.raises(StorageError, match=endpoint):
        store.exists("objects/a.txt")  # the first real call does, and says where it failed


def test_s3_backend_needs_a_bucket_and_both_credentials(s3_server: str) -> None:
    with pytest.raises(ConfigurationError, match="S3_BUCKET"):
        build_blob_store(Settings(storage_backend="s3", s3_bucket=None))
    with pytest.raises(ConfigurationError, match="credentials"):
        build_blob_store(s3_settings(s3_server, "quizflow-x", s3_secret_access_key=None))


# -- presigned URLs


def test_presigned_url_serves_the_bytes_to_a_plain_http_client(store: S3BlobStore) -> None:
    data = os.urandom(2048)
    url = store.put(content_key(data, extension="bin"), data, content_type="image/png")

    presigned = store.presigned_url(url, ttl_s=120)

    assert presigned is not None
    with urllib.request.urlopen(presigned, timeout=5) as response:
        assert response.read() == data
        assert response.headers["Content-Type"] == "image/png"


def test_presigned_url_is_sigv4_signed_for_this_object_and_lifetime(store: S3BlobStore) -> None:
    """moto's server does not check presigned signatures or expiry (it serves tampered and
    expired URLs alike), so the URL is checked here with S3's SigV4 query-auth algorithm,
    written from AWS's documentation rather than taken from botocore."""
    url = store.put("objects/signed.txt", b"signed", content_type="text/plain")
    presigned = store.presigned_url(url, ttl_s=300)
    assert presigned is not None
    now = datetime.now(UTC)

    assert sigv4_query_auth_valid(presigned, secret=SECRET_ACCESS_KEY, now=now)
    assert dict(parse_qsl(urlsplit(presigned).query))["X-Amz-Expires"] == "300"
    assert not sigv4_query_auth_valid(
        presigned, secret=SECRET_ACCESS_KEY, now=now + timedelta(seconds=301)
    )
    assert not sigv4_query_auth_valid(presigned, secret="another-secret", now=now)
    for tampered in (
        presigned.replace("objects/signed.txt", "objects/other.txt"),
        presigned.replace("X-Amz-Expires=300", "X-Amz-Expires=999999"),
        _flip_signature(presigned),
    ):
        assert not sigv4_query_auth_valid(tampered, secret=SECRET_ACCESS_KEY, now=now)


def test_presigned_url_lifetime_is_bounded(store: S3BlobStore) -> None:
    url = store.url_for("objects/a.txt")
    for ttl_s in (0, 7 * 24 * 3600 + 1):
        with pytest.raises(InvalidInputError):
            store.presigned_url(url, ttl_s=ttl_s)


def _flip_signature(url: str) -> str:
    head, signature = url.rsplit("X-Amz-Signature=", 1)
    flipped = ("0" if signature[0] != "0" else "1") + signature[1:]
    return f"{head}X-Amz-Signature={flipped}"


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def sigv4_query_auth_valid(url: str, *, secret: str, now: datetime) -> bool:
    """Whether S3 would accept this presigned GET at ``now`` (SigV4, query-string auth)."""
    parts = urlsplit(url)
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    signature = params.pop("X-Amz-Signature", "")
    if params.get("X-Amz-Algorithm") != "AWS4-HMAC-SHA256":
        return False
    amz_date = params["X-Amz-Date"]
    signed_at = datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    if now > signed_at + timedelta(seconds=int(params["X-Amz-Expires"])):
        return False
    _, date, region, service, terminator = params["X-Amz-Credential"].split("/")
    scope = f"{date}/{region}/{service}/{terminator}"
    canonical_query = "&".join(
        f"{quote(name, safe='-_.~')}={quote(value, safe='-_.~')}"
        for name, value in sorted(params.items())
    )
    assert params["X-Amz-SignedHeaders"] == "host"
    canonical_request = "\n".join(
        ["GET", parts.path, canonical_query, f"host:{parts.netloc}\n", "host", "UNSIGNED-PAYLOAD"]
    )
    string_to_sign = "\n".join(
        [
            "AWS4-HMAC-SHA256",
            amz_date,
            scope,
            hashlib.sha256(canonical_request.encode()).hexdigest(),
        ]
    )
    key = _hmac(("AWS4" + secret).encode(), date)
    for part in (region, service, terminator):
        key = _hmac(key, part)
    expected = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)
