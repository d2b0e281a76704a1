"""Where `quizflow import` reads from (a file, a .gdoc pointer, a Docs link or id) and the
progress bar over its stages."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from quizflow.cli.runtime import err_console
from quizflow.errors import DocumentTooLargeError, InvalidInputError, NotFoundError

if TYPE_CHECKING:
    from quizflow.documents.model import NormalizedDocument
    from quizflow.settings import Settings

_GOOGLE_DOC_ID: Final = re.compile(r"[A-Za-z0-9_-]{20,128}")


@dataclass(frozen=True, slots=True)
class Source:
    filename: str
    data: bytes
    media_type: str | None


class Stages:
    """One progress bar over an import's stages, on stderr (drawn only on a terminal)."""

    def __init__(self, progress: Progress, total: int) -> None:
        self._progress = progress
        self._task = progress.add_task("starting", total=total)
        self._done = -1

    def next(self, stage: str) -> None:
        self._done += 1
        self._progress.update(self._task, description=stage, completed=self._done)

    def note(self, detail: str) -> None:
        self._progress.update(self._task, description=detail)


@contextmanager
def stage_progress(total: int) -> Iterator[Stages]:
    columns = (SpinnerColumn(), TextColumn("{task.description:<28}"), BarColumn())
    with Progress(
        *columns,
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,  # a log or a pipe gets the outcome only
    ) as progress:
        yield Stages(progress, total)


def read_document(
    source: str, settings: Settings, stages: Stages
) -> tuple[Source, NormalizedDocument]:
    from quizflow.services import imports

    stages.next("reading")
    found = _read_source(source, settings, stages)
    stages.next("normalising")
    document = imports.normalise(
        found.data, filename=found.filename, media_type=found.media_type, settings=settings
    )
    return found, document


def _read_source(reference: str, settings: Settings, stages: Stages) -> Source:
    if reference.startswith(("http://", "https://")):
        return _google_doc(reference, settings, stages)
    path = Path(reference).expanduser()
    if path.is_file():
        data = read_file(path, settings)
        if path.suffix.lower() == ".gdoc":  # a Drive pointer: the document itself is fetched
            return _google_doc(data, settings, stages)
        return Source(path.name, data, None)
    if path.exists():
        raise InvalidInputError(f"{reference} is not a file")
    if _GOOGLE_DOC_ID.fullmatch(reference):
        return _google_doc(reference, settings, stages)
    raise NotFoundError(
        f"{reference}: no such file (give a .docx, .txt, .md, .html or .gdoc file, "
        "or a Google Docs link)"
    )


def read_file(path: Path, settings: Settings) -> bytes:
    try:
        size = path.stat().st_size
        if size > settings.max_upload_bytes:  # before reading it all into memory
            raise DocumentTooLargeError(
                f"{path.name} is {size} bytes; the limit is {settings.max_upload_bytes} bytes"
            )
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInputError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _google_doc(reference: bytes | str, settings: Settings, stages: Stages) -> Source:
    from quizflow.documents.importers import fetch_google_doc, gdoc_reference
    from quizflow.services import imports

    document_id = gdoc_reference(reference)
    stages.note("fetching the Google Doc")
    fetched = fetch_google_doc(document_id, max_bytes=settings.max_upload_bytes)
    # Kept as its documents.get JSON, which `imports.normalise` reads back later.
    title = str(fetched.get("title") or "").strip() or document_id
    data = json.dumps(fetched, ensure_ascii=False).encode()
    return Source(f"{title}.json", data, imports.GOOGLE_DOC_MEDIA_TYPE)
