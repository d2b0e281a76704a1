"""Google Docs images (inline and positioned): downloaded when the document is fetched, kept
inside its JSON.

The Docs API gives each image only a `contentUri`, a short-lived link on Google's servers, so
the bytes must be taken at fetch time, through the same `http` as `documents.get` (the
authorized one in production, Google's HttpMock in tests). They are put into the fetched JSON
under `IMAGES_KEY` (base64, with the media type, or why the image was not taken), so the JSON
kept as the document's original is a complete snapshot: reading it again later gives the same
images without the network, and `google_doc_to_document` stays a pure conversion.

The JSON is data an author (or someone sharing a doc with them) controls, so a download is
refused unless the link is `https://` on `*.googleusercontent.com` (redirects included: each
one is checked the same way), and the bytes are kept only when their own signature says PNG,
JPEG, GIF or WebP (the response's Content-Type is not trusted), within `MAX_IMAGE_BYTES` each,
`MAX_IMAGES` in all, and the whole snapshot within the upload limit. A refused or failed
download only costs that image: it keeps its alt text and a notice says why.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from quizflow.documents.importers.limits import megabytes

#: Where a fetched document keeps its images; never a field of Google's own.
IMAGES_KEY = "quizflowImages"
#: Google Docs itself refuses images over 50 MB; a question needs far less.
MAX_IMAGE_BYTES = 10 * 1024 * 1024
#: More images than a question bank needs; each one costs a request at import time.
MAX_IMAGES = 200
_MAX_REDIRECTS = 3
#: Seconds all the downloads of one document may take: the author is waiting for the import.
DOWNLOAD_BUDGET_S = 120.0
#: `https://`, a host under googleusercontent.com, no user-info, port or backslash: nothing
#: another URL parser could read as a different host.
_GOOGLE_IMAGE_URL = re.compile(
    r"https://(?:[a-z0-9-]{1,63}\.){1,8}googleusercontent\.com(?:/[^\s\\@]{0,4000})?",
    re.IGNORECASE,
)
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}


@dataclass(frozen=True, slots=True)
class DownloadedImage:
    data: bytes
    #: Decided by the bytes' signature, never by what the server said.
    media_type: str


#: Object id → the image, or why it was not imported (for the notice).
Images = Mapping[str, DownloadedImage | str]


def image_media_type(data: bytes) -> str | None:
    """The media type the bytes' own signature shows, among those we keep; else None."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return next((kind for magic, kind in _SIGNATURES if data.startswith(magic)), None)


def is_google_image_url(url: str) -> bool:
    return _GOOGLE_IMAGE_URL.fullmatch(url) is not None


def image_objects(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(object id, embeddedObject) of every inline and positioned image, in every tab."""
    for tab in _document_tabs(doc):
        for objects, properties in (
            (tab.get("inlineObjects"), "inlineObjectProperties"),
            (tab.get("positionedObjects"), "positionedObjectProperties"),
        ):
            for object_id, found in (objects if isinstance(objects, dict) else {}).items():
                embedded = embedded_object(found, properties)
                if "imageProperties" in embedded:
                    yield str(object_id), embedded


def embedded_object(found: Any, properties: str) -> dict[str, Any]:
    """The `embeddedObject` of an inline or positioned object, {} when it has none."""
    embedded = found.get(properties, {}).get("embeddedObject") if isinstance(found, dict) else {}
    return embedded if isinstance(embedded, dict) else {}


def _document_tabs(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if "body" in doc:
        yield doc

    def walk(tabs: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for tab in tabs:
            yield tab.get("documentTab", {})
            yield from walk(tab.get("childTabs", []))

    tabs = doc.get("tabs")
    yield from walk(tabs if isinstance(tabs, list) else [])


def with_images(
    doc: dict[str, Any], http: Any, *, max_bytes: int, budget_s: float = DOWNLOAD_BUDGET_S
) -> dict[str, Any]:
    """`doc` with its images downloaded through `http` into `IMAGES_KEY`, as long as the JSON
    stays within `max_bytes` (it is kept as the document's original, an upload like any other)
    and the downloads started within `budget_s` seconds."""
    used = len(json.dumps(doc, ensure_ascii=False).encode())
    deadline = time.monotonic() + budget_s
    entries: dict[str, dict[str, str]] = {}
    taken = 0
    for object_id, embedded in image_objects(doc):
        if object_id in entries:
            continue
        if taken >= MAX_IMAGES:
            entries[object_id] = {"problem": f"the document has more than {MAX_IMAGES} images"}
            continue
        if time.monotonic() >= deadline:
            entries[object_id] = {
                "problem": f"downloading the document's images took over {budget_s:.0f} seconds"
            }
            continue
        taken += 1
        uri = str(embedded.get("imageProperties", {}).get("contentUri") or "")
        found = download_image(http, uri)
        if isinstance(found, str):
            entries[object_id] = {"problem": found}
            continue
        encoded = base64.b64encode(found.data).decode("ascii")
        if used + len(encoded) + 200 > max_bytes:
            entries[object_id] = {
                "problem": f"the document's images together pass the {megabytes(max_bytes)} "
                "limit of a document"
            }
            continue
        used += len(encoded) + 200
        entries[object_id] = {"mediaType": found.media_type, "data": encoded}
    return {**doc, IMAGES_KEY: entries} if entries else doc


def download_image(http: Any, uri: str) -> DownloadedImage | str:
    """The image at a Google `contentUri`, or why it was not taken."""
    import httplib2  # type: ignore[import-untyped]
    from google.auth.exceptions import GoogleAuthError

    for _ in range(_MAX_REDIRECTS + 1):
        if not is_google_image_url(uri):
            return "its link does not point to Google's image servers, so it was not fetched"
        try:
            # Redirects are followed here, not by httplib2, so each target is checked first.
            response, content = http.request(uri, "GET", redirections=0)
        except httplib2.RedirectLimit as redirect:
            response, content = redirect.response, redirect.content
        except (httplib2.HttpLib2Error, GoogleAuthError, OSError, ValueError) as exc:
            return f"Google could not be reached to download it: {exc}"
        # A cached permanent redirect over the limit comes as a bare {} (httplib2).
        status = int(getattr(response, "status", 0))
        location = response.get("location")
        if status in (301, 302, 303, 307, 308) and location:
            uri = urljoin(uri, str(location))
            continue
        if status != 200:
            return f"Google refused to send it (HTTP {status})"
        data = bytes(content or b"")
        if len(data) > MAX_IMAGE_BYTES:
            return (
                f"it is {megabytes(len(data))}, over the {megabytes(MAX_IMAGE_BYTES)} limit "
                "for an image"
            )
        media_type = image_media_type(data)
        if media_type is None:
            return "what Google sent is not a PNG, JPEG, GIF or WebP image"
        return DownloadedImage(data, media_type)
    return f"Google redirected it more than {_MAX_REDIRECTS} times"


def stored_images(doc: dict[str, Any]) -> dict[str, DownloadedImage | str]:
    """The images `with_images` put into `doc`, checked again: the JSON may have been edited."""
    entries = doc.get(IMAGES_KEY)
    out: dict[str, DownloadedImage | str] = {}
    for object_id, entry in (entries if isinstance(entries, dict) else {}).items():
        if len(out) >= MAX_IMAGES:
            break
        if not isinstance(entry, dict):
            continue
        if isinstance(entry.get("problem"), str):
            out[str(object_id)] = entry["problem"][:300]
            continue
        try:
            data = base64.b64decode(str(entry.get("data", "")), validate=True)
        except (binascii.Error, ValueError):
            data = b""
        media_type = image_media_type(data)
        if media_type is None or len(data) > MAX_IMAGE_BYTES:
            out[str(object_id)] = "the image kept with the document is damaged"
        else:
            out[str(object_id)] = DownloadedImage(data, media_type)
    return out
