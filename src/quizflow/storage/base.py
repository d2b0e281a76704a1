"""The object store port: what services need from S3 or a local directory, and key rules.

Objects are referred to by URL (``s3://bucket/prefix/key`` or ``file:///…``), which is what the
database keeps; keys are the store-relative names that callers choose, usually with
`content_key` so that the same bytes are stored once whatever the number of uploads.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import BinaryIO, Protocol

from quizflow.errors import InvalidInputError

#: Longest key accepted; S3 allows 1024 bytes, and the store's prefix comes on top.
MAX_KEY_LENGTH = 512

_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_CONTENT_KEY = re.compile(r"(?:.+/)?([0-9a-f]{2})/([0-9a-f]{64})\.[a-z0-9]{1,16}")


class BlobStore(Protocol):
    """Where objects (document originals, images, large content) are kept."""

    #: "s3" or "file": the scheme of the URLs this store hands out.
    scheme: str

    def put(self, key: str, data: bytes | BinaryIO, *, content_type: str) -> str:
        """Store ``data`` under ``key`` and return its URL; a content key already there is kept.

        Raises InvalidInputError for a bad key (or bytes that do not match their content key),
        StorageError when the store fails, ConfigurationError when it is misconfigured.
        """
        ...

    def exists(self, key: str) -> bool:
        """Whether an object is stored under ``key``; raises StorageError when unsure."""
        ...

    def get(self, url: str) -> bytes:
        """The object's bytes; raises NotFoundError when it is missing."""
        ...

    def open(self, url: str) -> Iterator[bytes]:
        """The object's bytes in chunks; NotFoundError is raised here, before any chunk."""
        ...

    def delete(self, url: str) -> None:
        """Remove the object; one already missing is fine."""
        ...

    def presigned_url(self, url: str, *, ttl_s: int) -> str | None:
        """A URL anyone may GET for ``ttl_s`` seconds, or None when the store has no such thing."""
        ...

    def iter_keys(self, prefix: str = "") -> Iterator[str]:
        """Every stored key starting with ``prefix`` (for garbage collection)."""
        ...

    def url_for(self, key: str) -> str:
        """The URL `put` returns for ``key``, without touching the store."""
        ...


def validate_key(key: str) -> str:
    """Return ``key`` if it is a safe relative object name, else raise InvalidInputError.

    Segments are separated by "/" and made of letters, digits, ".", "_" and "-", never starting
    with "." (so no "..", no hidden or temporary files): a key can never leave its store.
    """
    if not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidInputError(f"object key must be 1 to {MAX_KEY_LENGTH} characters")
    for segment in key.split("/"):
        if not _SEGMENT.fullmatch(segment):
            raise InvalidInputError(f"object key {key!r} has an invalid segment {segment!r}")
    return key


def validate_prefix(prefix: str) -> str:
    """Return ``prefix`` (a key's beginning, possibly ending in "/") if it is safe, else raise."""
    if prefix.rstrip("/"):
        validate_key(prefix.rstrip("/"))
    elif prefix:
        raise InvalidInputError(f"object key prefix {prefix!r} is invalid")
    return prefix


def normalize_extension(extension: str) -> str:
    """Lower-cased, only a-z and 0-9, at most 16 characters; "bin" if nothing is left."""
    cleaned = re.sub(r"[^a-z0-9]", "", extension.lower())[:16]
    return cleaned or "bin"


def content_key(data: bytes, *, extension: str, namespace: str = "objects") -> str:
    """The content-addressed key of ``data``: ``namespace/ab/abcdef….ext`` (SHA-256).

    The same bytes always get the same key, so storing them twice keeps one object.
    """
    validate_key(namespace)
    digest = hashlib.sha256(data).hexdigest()
    return f"{namespace}/{digest[:2]}/{digest}.{normalize_extension(extension)}"


def content_digest(key: str) -> str | None:
    """The SHA-256 a content key names, or None when ``key`` is not content-addressed."""
    match = _CONTENT_KEY.fullmatch(key)
    if match is None or not match.group(2).startswith(match.group(1)):
        return None
    return match.group(2)


def check_content(key: str, data: bytes | BinaryIO) -> str | None:
    """The digest of a content key; for bytes, also check they are the bytes the key names.

    Raises InvalidInputError when bytes do not match their content key (storing them would
    break deduplication for everyone who later uploads the real content).
    """
    digest = content_digest(key)
    if digest is None or not isinstance(data, bytes | bytearray | memoryview):
        return digest
    if hashlib.sha256(data).hexdigest() != digest:
        raise InvalidInputError(f"the bytes given for {key} do not have that SHA-256")
    return digest
