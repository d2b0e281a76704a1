"""The local object store on a real directory, and the key rules both stores share."""

from __future__ import annotations

import hashlib
import io
import os
import threading
from pathlib import Path

import pytest

from quizflow.errors import InvalidInputError, NotFoundError
from quizflow.settings import Settings
from quizflow.storage import LocalBlobStore, build_blob_store, content_key


@pytest.fixture
def store(tmp_path: Path) -> LocalBlobStore:
    return LocalBlobStore(tmp_path / "objects")


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_content_key_is_namespace_shard_and_sha256() -> None:
    digest = hashlib.sha256(b"abc").hexdigest()

    assert content_key(b"abc", extension="txt") == f"objects/{digest[:2]}/{digest}.txt"
    assert content_key(b"abc", extension=".PNG", namespace="images").endswith(f"{digest}.png")
    assert content_key(b"abc", extension="d o/c?").endswith(".doc")
    assert content_key(b"abc", extension="").endswith(".bin")


def test_bytes_round_trip_through_a_file_url_inside_the_root(store: LocalBlobStore) -> None:
    url = store.put("objects/a/b.txt", b"hello", content_type="text/plain")

    assert url == (store.root / "objects" / "a" / "b.txt").as_uri()
    assert url.startswith("file:///")
    assert store.get(url) == b"hello"
    assert store.exists("objects/a/b.txt")


def test_a_stream_is_stored_as_is(store: LocalBlobStore) -> None:
    data = os.urandom(200_000)

    url = store.put("uploads/big.bin", io.BytesIO(data), content_type="application/octet-stream")

    assert store.get(url) == data


def test_open_streams_the_file_in_chunks(store: LocalBlobStore) -> None:
    data = os.urandom(200_000)
    url = store.put("uploads/big.bin", data, content_type="application/octet-stream")

    chunks = list(store.open(url))

    assert len(chunks) == 4
    assert all(len(chunk) <= 64 * 1024 for chunk in chunks)
    assert b"".join(chunks) == data


def test_missing_object_is_not_found_when_opened_before_any_chunk(store: LocalBlobStore) -> None:
    url = store.url_for("objects/missing.txt")

    assert not store.exists("objects/missing.txt")
    with pytest.raises(NotFoundError):
        store.get(url)
    with pytest.raises(NotFoundError):
        store.open(url)  # not a lazy generator: the caller learns before streaming anything


def test_delete_removes_the_file_and_a_missing_one_is_fine(store: LocalBlobStore) -> None:
    url = store.put("objects/x.txt", b"x", content_type="text/plain")

    store.delete(url)
    store.delete(url)

    assert not store.exists("objects/x.txt")


def test_putting_the_same_bytes_twice_keeps_one_file_untouched(store: LocalBlobStore) -> None:
    data = b"same document"
    key = content_key(data, extension="txt")
    first = store.put(key, data, content_type="text/plain")
    before = os.stat(store.root / key)

    second = store.put(key, data, content_type="text/plain")

    after = os.stat(store.root / key)
    assert second == first
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert files_under(store.root) == [key]


def test_concurrent_puts_of_the_same_content_leave_one_complete_file(
    store: LocalBlobStore,
) -> None:
    data = os.urandom(500_000)
    key = content_key(data, extension="bin")
    urls: list[str] = []

    def put() -> None:
        urls.append(store.put(key, data, content_type="application/octet-stream"))

    threads = [threading.Thread(target=put) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(set(urls)) == 1 and len(urls) == 8
    assert store.get(urls[0]) == data
    assert files_under(store.root) == [key]


class _FailingStream(io.RawIOBase):
    """Gives some bytes, then fails like a dropped upload connection."""

    def __init__(self) -> None:
        self.sent = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self.sent >= 100_000:
            raise ConnectionResetError("client went away")
        buffer[:1000] = b"n" * 1000
        self.sent += 1000
        return 1000


def test_a_failed_write_leaves_the_previous_object_and_no_temporary_file(
    store: LocalBlobStore,
) -> None:
    url = store.put("notes/current.txt", b"version 1", content_type="text/plain")

    with pytest.raises(ConnectionResetError):
        store.put("notes/current.txt", _FailingStream(), content_type="text/plain")  # type: ignore[arg-type]

    assert store.get(url) == b"version 1"
    assert files_under(store.root) == ["notes/current.txt"]


def test_plain_keys_are_replaced_whole(store: LocalBlobStore) -> None:
    url = store.put("notes/current.txt", b"a much longer first version", content_type="text/plain")

    store.put("notes/current.txt", b"v2", content_type="text/plain")

    assert store.get(url) == b"v2"


def test_bytes_that_do_not_match_their_content_key_are_refused(store: LocalBlobStore) -> None:
    key = content_key(b"real", extension="txt")

    with pytest.raises(InvalidInputError):
        store.put(key, b"fake", content_type="text/plain")
    assert not store.exists(key)


@pytest.mark.parametrize(
    "key",
    [
        "../escape.txt",
        "objects/../../escape.txt",
        "/etc/passwd",
        "objects//double.txt",
        "objects/.hidden",
        "objects/a\\..\\b",
        "objects/trailing/",
        "objects/nul\x00.txt",
        "",
        "a" * 600,
    ],
)
def test_unsafe_keys_are_refused(store: LocalBlobStore, tmp_path: Path, key: str) -> None:
    with pytest.raises(InvalidInputError):
        store.put(key, b"x", content_type="text/plain")
    with pytest.raises(InvalidInputError):
        store.exists(key)
    assert files_under(tmp_path) == []


def test_urls_outside_the_store_are_refused(store: LocalBlobStore, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"secret")
    inside = store.put("objects/a.txt", b"a", content_type="text/plain")
    (store.root / "objects" / "link.txt").symlink_to(secret)

    for url in (
        secret.as_uri(),
        inside.replace("objects/a.txt", "../secret.txt"),
        inside.replace("objects/a.txt", "objects/%2E%2E/%2E%2E/secret.txt"),
        store.url_for("objects/link.txt"),
        store.root.as_uri(),
        "s3://bucket/objects/a.txt",
        "file://otherhost" + secret.as_posix(),
    ):
        with pytest.raises(InvalidInputError):
            store.get(url)
        with pytest.raises(InvalidInputError):
            store.delete(url)
    assert secret.read_bytes() == b"secret"


def test_iter_keys_lists_stored_keys_but_never_temporary_files(store: LocalBlobStore) -> None:
    image = content_key(b"img", extension="png", namespace="images")
    document = content_key(b"doc", extension="docx")
    for key, data in ((image, b"img"), (document, b"doc")):
        store.put(key, data, content_type="application/octet-stream")
    (store.root / "images" / ".tmp-half-written").write_bytes(b"partial")

    assert sorted(store.iter_keys()) == sorted([image, document])
    assert list(store.iter_keys("images/")) == [image]
    assert list(store.iter_keys(image[:9])) == [image]  # a prefix may end mid-segment
    assert list(store.iter_keys("nothing/")) == []
    with pytest.raises(InvalidInputError):
        list(store.iter_keys("../"))


def test_local_store_has_no_presigned_urls(store: LocalBlobStore) -> None:
    url = store.put("objects/a.txt", b"a", content_type="text/plain")

    assert store.presigned_url(url, ttl_s=60) is None


def test_local_backend_is_the_default_and_lives_under_data_dir(tmp_path: Path) -> None:
    store = build_blob_store(Settings(data_dir=tmp_path, storage_backend="local"))
    explicit = build_blob_store(Settings(data_dir=tmp_path, storage_dir=tmp_path / "blobs"))

    assert Settings().storage_backend == "local"
    assert isinstance(store, LocalBlobStore) and store.root == (tmp_path / "objects").resolve()
    assert isinstance(explicit, LocalBlobStore) and explicit.root == (tmp_path / "blobs").resolve()
