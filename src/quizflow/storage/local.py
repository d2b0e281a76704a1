"""The object store in a local directory: for a single machine, development and tests."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit
from urllib.request import url2pathname

from quizflow.errors import InvalidInputError, NotFoundError, StorageError
from quizflow.storage.base import check_content, validate_key, validate_prefix

CHUNK_BYTES = 64 * 1024
_TEMP_PREFIX = ".tmp-"  # keys never start a segment with ".", so these are never keys


class LocalBlobStore:
    """Objects as files under ``root``, written atomically, referred to by ``file://`` URLs.

    Content types are not kept: the database row that refers to an object records its own.
    """

    scheme = "file"

    def __init__(self, root: Path) -> None:
        self.root = root.expanduser().resolve()

    def __repr__(self) -> str:
        return f"LocalBlobStore({str(self.root)!r})"

    def url_for(self, key: str) -> str:
        """The ``file://`` URL of ``key``."""
        return self._path_for(key).as_uri()

    def put(self, key: str, data: bytes | BinaryIO, *, content_type: str) -> str:
        """Write the object atomically (temp file + rename); a content key already there is kept.

        An error reading ``data`` itself propagates unchanged: it is the caller's, not ours.
        """
        path = self._path_for(key)
        if check_content(key, data) is not None and path.is_file():
            return path.as_uri()
        with _failures(f"cannot write {key} under {self.root}"):
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp_name = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                for piece in _pieces(data):
                    with _failures(f"cannot write {key} under {self.root}"):
                        out.write(piece)
                with _failures(f"cannot write {key} under {self.root}"):
                    out.flush()
                    os.fsync(out.fileno())
            with _failures(f"cannot write {key} under {self.root}"):
                os.chmod(temp_name, 0o644)  # mkstemp's 0600 would hide objects from other users
                os.replace(temp_name, path)
                _fsync_directory(path.parent)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        return path.as_uri()

    def exists(self, key: str) -> bool:
        """Whether a file is stored for ``key``."""
        return self._path_for(key).is_file()

    def get(self, url: str) -> bytes:
        """The file's bytes; NotFoundError when missing."""
        path = self._path_from_url(url)
        try:
            return path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            raise NotFoundError(f"object {url} does not exist") from exc
        except OSError as exc:
            raise StorageError(f"cannot read {url}: {exc}") from exc

    def open(self, url: str) -> Iterator[bytes]:
        """The file's bytes in chunks; the file is opened now, so NotFoundError comes first."""
        path = self._path_from_url(url)
        try:
            handle = path.open("rb")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            raise NotFoundError(f"object {url} does not exist") from exc
        except OSError as exc:
            raise StorageError(f"cannot read {url}: {exc}") from exc
        return _chunks(handle, url)

    def delete(self, url: str) -> None:
        """Remove the file; a missing one is fine."""
        path = self._path_from_url(url)
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot delete {url}: {exc}") from exc

    def presigned_url(self, url: str, *, ttl_s: int) -> str | None:
        """None: files are served by the API itself, not by a URL of their own."""
        self._path_from_url(url)
        return None

    def iter_keys(self, prefix: str = "") -> Iterator[str]:
        """Every stored key starting with ``prefix``, in sorted order per directory."""
        validate_prefix(prefix)
        start = self.root / prefix.rsplit("/", 1)[0] if "/" in prefix else self.root
        for directory, subdirs, files in os.walk(start):
            subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
            base = Path(directory).relative_to(self.root)
            for name in sorted(files):
                if name.startswith("."):
                    continue
                key = (base / name).as_posix()
                if key.startswith(prefix):
                    yield key

    def _path_for(self, key: str) -> Path:
        return self.root.joinpath(*validate_key(key).split("/"))

    def _path_from_url(self, url: str) -> Path:
        """The file a URL of this store names; InvalidInputError for any other URL."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise InvalidInputError(f"{url!r} is not a file:// URL of this store")
        path = Path(url2pathname(parts.path))  # also undoes the %-escapes
        try:
            relative = path.resolve().relative_to(self.root)
        except ValueError:
            raise InvalidInputError(f"{url!r} is outside the store {self.root}") from None
        validate_key(relative.as_posix())
        return self.root / relative


@contextmanager
def _failures(message: str) -> Iterator[None]:
    """The store's own OSErrors (disk full, permissions…) become StorageError."""
    try:
        yield
    except OSError as exc:
        raise StorageError(f"{message}: {exc}") from exc


def _pieces(data: bytes | BinaryIO) -> Iterator[bytes]:
    if isinstance(data, bytes | bytearray | memoryview):
        yield bytes(data)  # no copy when it already is bytes
        return
    while piece := data.read(CHUNK_BYTES):
        yield piece


def _fsync_directory(directory: Path) -> None:
    """Make a rename durable: the directory entry is data too."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _chunks(handle: BinaryIO, url: str) -> Iterator[bytes]:
    with handle:
        while True:
            try:
                chunk = handle.read(CHUNK_BYTES)
            except OSError as exc:
                raise StorageError(f"cannot read {url}: {exc}") from exc
            if not chunk:
                return
            yield chunk
