"""Google Docs: find the document a .gdoc pointer or a link names, fetch it with the Docs API,
and turn its `documents.get` JSON into blocks.

Images: the API only gives each inline image a short-lived `contentUri` on Google's servers,
so `fetch_google_doc` downloads them at once through the same `http` and keeps them in the
JSON (see gdocs_images for what is refused and why). `google_doc_to_document` never fetches:
a downloaded image becomes `<img src="objects/ab/<sha256>.<ext>" alt="…">` and an ImageRef,
stored with the document like a Word image; one that was refused, failed or never downloaded
(a JSON kept before images were) stays `<img alt="…">` without a source, and the preview says
why for each one (`NormalizedDocument.notices`). A remote URL never reaches our HTML (it would
be a tracker). A positioned (floating) image is shown after its paragraph's text.

Lists as Docs renders them: every item, bulleted or numbered, heading or not, advances its
list's counters, so lettered items restart under each new bullet or numbered heading;
checklists (a level with neither glyph type nor symbol) are bulleted, a checked item (Docs
strikes it through) carries the ✓ of a correct choice.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qs, urlparse

from quizflow.documents.importers.gdocs_images import (
    EXTENSIONS,
    DownloadedImage,
    Images,
    embedded_object,
    stored_images,
    with_images,
)
from quizflow.documents.importers.limits import require_text
from quizflow.documents.importers.lists import ListCounters, expand_label, format_number
from quizflow.documents.model import (
    Block,
    ImageRef,
    ListKind,
    NormalizedDocument,
    Notice,
    Section,
)
from quizflow.documents.sanitize import html_to_text, sanitize_html
from quizflow.errors import GoogleCredentialsMissingError, GoogleDocUnavailableError
from quizflow.storage.base import content_key

DOCS_SCOPE = "https://www.googleapis.com/auth/documents.readonly"
#: The default upload limit (Settings.max_upload_bytes): the fetched JSON is kept as an upload.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: Seconds one request to Google may take before it is given up.
_TIMEOUT_S = 60
_DOCS_URL = re.compile(r"^https?://docs\.google\.com/document/(?:u/\d+/)?d/([A-Za-z0-9_-]+)")
_DOCUMENT_ID = re.compile(r"^[A-Za-z0-9_-]{20,128}$")
_HEADINGS = {f"HEADING_{n}": n for n in range(1, 7)} | {"TITLE": 1}
_GLYPHS = {
    "DECIMAL": "decimal", "ZERO_DECIMAL": "decimalZero", "ALPHA": "lowerLetter",
    "UPPER_ALPHA": "upperLetter", "ROMAN": "lowerRoman", "UPPER_ROMAN": "upperRoman",
    "NONE": "none",
}  # fmt: skip


def gdoc_reference(data_or_text: bytes | str) -> str:
    """The document id in a .gdoc pointer file, a Google Docs URL, or a bare id.

    Raises GoogleDocUnavailableError when none can be found.
    """
    if isinstance(data_or_text, bytes):
        text = data_or_text.decode("utf-8-sig", errors="replace").strip()
    else:
        text = data_or_text.strip()
    if text.startswith(("{", "[")):
        try:
            pointer = json.loads(text)
        except ValueError as exc:
            raise GoogleDocUnavailableError(f"the .gdoc file is not valid JSON: {exc}") from exc
        if not isinstance(pointer, dict):
            raise GoogleDocUnavailableError("the .gdoc file does not name a Google Doc")
        resource = str(pointer.get("resource_id") or "")
        candidates = [pointer.get("doc_id"), pointer.get("url"),
                      resource.removeprefix("document:") if resource.startswith("document:")
                      else None]  # fmt: skip
        for candidate in candidates:
            if isinstance(candidate, str) and candidate.strip():
                return gdoc_reference(candidate)
        raise GoogleDocUnavailableError("the .gdoc file does not name a Google Doc (no doc_id)")
    found = _DOCS_URL.match(text)
    if found:
        return found.group(1)
    if text.startswith(("http://", "https://")):
        url = urlparse(text)
        ids = parse_qs(url.query).get("id", [])
        if url.hostname == "drive.google.com" and ids and _DOCUMENT_ID.match(ids[0]):
            return ids[0]
        raise GoogleDocUnavailableError(f"{text[:100]} is not a Google Docs document link")
    if _DOCUMENT_ID.match(text):
        return text
    shown = text[:100] or "an empty reference"
    raise GoogleDocUnavailableError(f"{shown!r} is not a Google Docs link or document id")


def fetch_google_doc(
    document_id: str,
    *,
    http: object | None = None,
    credentials: object | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> dict[str, Any]:
    """The `documents.get` JSON of a Google Doc, through `http` (tests, proxies) or with
    `credentials` (else the application default credentials), its images downloaded through
    the same `http` into it (gdocs_images.with_images) while the JSON stays within `max_bytes`.
    An image that cannot be downloaded is noted in the JSON; it never fails the fetch.

    Raises GoogleCredentialsMissingError when no usable credentials are configured, and
    GoogleDocUnavailableError when the document is not shared with us, does not exist, or
    Google cannot be reached.
    """
    import httplib2  # type: ignore[import-untyped]
    from google.auth.exceptions import DefaultCredentialsError, GoogleAuthError
    from googleapiclient.discovery import build  # type: ignore[import-untyped]
    from googleapiclient.errors import HttpError  # type: ignore[import-untyped]

    try:
        if http is None:
            if credentials is None:
                import google.auth

                credentials, _ = google.auth.default(scopes=[DOCS_SCOPE])
            from google_auth_httplib2 import AuthorizedHttp  # type: ignore[import-untyped]

            http = AuthorizedHttp(credentials, http=httplib2.Http(timeout=_TIMEOUT_S))
        service = build("docs", "v1", http=http, static_discovery=True, cache_discovery=False)
        request = service.documents().get(
            documentId=document_id,
            suggestionsViewMode="PREVIEW_WITHOUT_SUGGESTIONS",
            # Without it only the first tab comes back, and the others are lost unseen.
            includeTabsContent=True,
        )
        document = request.execute(num_retries=2)
    except DefaultCredentialsError as exc:
        raise GoogleCredentialsMissingError(
            "Google Docs import needs Google credentials: set GOOGLE_APPLICATION_CREDENTIALS "
            f"to a service-account key file ({exc})"
        ) from exc
    except HttpError as exc:
        raise _http_problem(document_id, int(exc.resp.status)) from exc
    except GoogleAuthError as exc:
        raise GoogleCredentialsMissingError(
            f"Google rejected our credentials; check the service-account key ({exc})"
        ) from exc
    except (httplib2.HttpLib2Error, OSError, ValueError) as exc:
        raise GoogleDocUnavailableError(
            f"Google Docs could not be reached to fetch {document_id}: {exc}"
        ) from exc
    if not isinstance(document, dict):
        raise GoogleDocUnavailableError(f"Google Docs sent an unexpected answer for {document_id}")
    return with_images(document, http, max_bytes=max_bytes)


def _http_problem(document_id: str, status: int) -> GoogleDocUnavailableError:
    if status == 403:
        return GoogleDocUnavailableError(
            f"Google Doc {document_id} is not shared with the service account; share it "
            "(Viewer is enough) with the service account's e-mail address and try again"
        )
    if status == 404:
        return GoogleDocUnavailableError(f"Google Doc {document_id} does not exist or was deleted")
    if status in (400, 401):
        return GoogleDocUnavailableError(
            f"Google refused the request for {document_id} (HTTP {status}): "
            "check the document id and the service-account key"
        )
    return GoogleDocUnavailableError(
        f"Google Docs failed to return {document_id} (HTTP {status}); try again later"
    )


def google_doc_to_document(doc: dict[str, Any], images: Images | None = None) -> NormalizedDocument:
    """The blocks of a `documents.get` response: every tab and child tab in order, each
    after a heading with its title when there are several, and each a section.

    `images` maps inline object ids to their downloaded bytes (or why there are none); by
    default, those `fetch_google_doc` kept in `doc`. Nothing is fetched here.
    Raises InvalidDocumentError when it has no text.
    """
    found_images = stored_images(doc) if images is None else images
    refs: dict[str, ImageRef] = {}
    tabbed = "body" not in doc
    tabs = list(_tabs(doc.get("tabs", []))) if tabbed else [(None, doc)]
    blocks_out: list[Block] = []
    notices: list[Notice] = []
    sections: list[Section] = []
    for number, (title, tab) in enumerate(tabs, start=1):
        converter = _Converter(tab, found_images, refs)
        content = converter.blocks(tab.get("body", {}).get("content", []))
        found = converter.notices
        if len(tabs) > 1:
            prefix = f"tab {number}, "
            content = [replace(b, source=prefix + b.source) for b in content]
            found = [replace(n, source=prefix + n.source) for n in found]
            if title:
                blocks_out.append(Block("heading", title, html.escape(title), f"tab {number}",
                                        level=1))  # fmt: skip
        if tabbed:  # the legacy shape (no `tabs`) has no sections to offer
            sections.append(Section(
                title=title,
                source=f"tab {number}",
                blocks=range(len(blocks_out), len(blocks_out) + len(content)),
                notices=range(len(notices), len(notices) + len(found)),
            ))  # fmt: skip
        notices.extend(found)
        blocks_out.extend(content)
    title = str(doc.get("title") or "").strip() or None
    document = NormalizedDocument(
        title=title,
        blocks=tuple(blocks_out),
        images=tuple(refs.values()),
        notices=tuple(notices),
        sections=tuple(sections),
    )
    require_text(document, filename=title or "the Google Doc")
    return document


def _tabs(tabs: list[dict[str, Any]]) -> Iterator[tuple[str | None, dict[str, Any]]]:
    """(title, documentTab) of every tab, child tabs right after their parent."""
    for tab in tabs:
        title = str(tab.get("tabProperties", {}).get("title") or "").strip() or None
        yield title, tab.get("documentTab", {})
        yield from _tabs(tab.get("childTabs", []))


class _Converter:
    def __init__(self, tab: dict[str, Any], images: Images, refs: dict[str, ImageRef]) -> None:
        self.lists: dict[str, Any] = tab.get("lists", {})
        self.inline_objects: dict[str, Any] = tab.get("inlineObjects", {})
        self.positioned_objects: dict[str, Any] = tab.get("positionedObjects", {})
        self.images = images
        #: The document's images by key, shared by its tabs (one object per content).
        self.refs = refs
        self.counters = ListCounters()
        self.paragraphs = 0
        self.tables = 0
        self.notices: list[Notice] = []
        self._source = ""
        #: Whether all the text of the paragraph last converted is struck through.
        self._struck = False

    def blocks(self, content: list[dict[str, Any]]) -> list[Block]:
        out: list[Block] = []
        for element in content:
            if "paragraph" in element:
                self.paragraphs += 1
                block = self._paragraph(element["paragraph"], f"paragraph {self.paragraphs}")
                if block is not None:
                    out.append(block)
            elif "table" in element:
                self.tables += 1
                out.extend(self._table(element["table"], f"table {self.tables}"))
            # sectionBreak and tableOfContents carry nothing an author wrote for learners.
        return out

    def _paragraph(self, paragraph: dict[str, Any], source: str) -> Block | None:
        self._source = source
        fragment, all_bold = self._inline(paragraph)
        bullet = paragraph.get("bullet")
        # Counted even when empty or a heading: Docs numbers them, and what follows goes on.
        kind, label, level, checked = (
            self._list_item(bullet) if bullet is not None else ("bulleted", None, 0, False)
        )
        text = _fold(html_to_text(fragment))
        if not text and "<img" not in fragment:
            return None
        style = paragraph.get("paragraphStyle", {}).get("namedStyleType", "NORMAL_TEXT")
        if style in _HEADINGS:
            if bullet is not None and label:  # a numbered heading shows its number
                fragment, text = f"{html.escape(label)} {fragment}", f"{label} {text}"
            return Block("heading", text, fragment, source, level=_HEADINGS[style],
                         all_bold=all_bold)  # fmt: skip
        if bullet is not None:
            if checked:
                fragment, text = f"✓ {_unstruck(fragment)}", f"✓ {text}"
            return Block("list_item", text, fragment, source, level=level, list_kind=kind,
                         list_label=label, all_bold=all_bold)  # fmt: skip
        return Block("paragraph", text, fragment, source, all_bold=all_bold)

    def _list_item(self, bullet: dict[str, Any]) -> tuple[ListKind, str | None, int, bool]:
        """Kind, label and level of a list item, and whether it is a checked checklist item."""
        list_id = str(bullet.get("listId", ""))
        level = int(bullet.get("nestingLevel", 0))
        levels = self.lists.get(list_id, {}).get("listProperties", {}).get("nestingLevels", [])
        spec = levels[level] if level < len(levels) else {}
        self.counters.advance(list_id, level, start=int(spec.get("startNumber", 1)))
        glyph = spec.get("glyphType")
        if "glyphSymbol" in spec or (glyph is None and spec):
            return "bulleted", None, level, False
        if glyph in (None, "GLYPH_TYPE_UNSPECIFIED"):
            # A checklist: Docs gives its levels no glyph at all.
            return "bulleted", None, level, self._struck

        def number_at(index: int) -> str:
            other = levels[index] if 0 <= index < len(levels) else {}
            start = int(other.get("startNumber", 1))
            value = self.counters.current(list_id, index, start=start)
            return format_number(value, _GLYPHS.get(other.get("glyphType", ""), "decimal"))

        template = spec.get("glyphFormat", f"%{level}.")
        label = expand_label(template, first_level=0, number_at=number_at)
        return "numbered", label or None, level, False

    def _inline(self, paragraph: dict[str, Any]) -> tuple[str, bool]:
        out: list[str] = []
        bold_seen = not_bold_seen = False
        struck = unstruck = False
        for element in paragraph.get("elements", []):
            if "textRun" in element:
                run = element["textRun"]
                content = str(run.get("content", "")).replace("\n", "")
                style = run.get("textStyle", {})
                if content.strip():
                    bold_seen |= bool(style.get("bold"))
                    not_bold_seen |= not style.get("bold")
                    struck |= bool(style.get("strikethrough"))
                    unstruck |= not style.get("strikethrough")
                out.append(_styled(html.escape(content).replace("\x0b", "<br>"), style))
            elif "inlineObjectElement" in element:
                object_id = str(element["inlineObjectElement"].get("inlineObjectId", ""))
                found = self.inline_objects.get(object_id)
                out.append(self._image(object_id, embedded_object(found, "inlineObjectProperties")))
            elif "richLink" in element:
                link = element["richLink"].get("richLinkProperties", {})
                title = html.escape(str(link.get("title") or link.get("uri") or ""))
                out.append(f'<a href="{html.escape(str(link.get("uri", "")))}">{title}</a>')
            elif "person" in element:
                person = element["person"].get("personProperties", {})
                out.append(html.escape(str(person.get("name") or person.get("email") or "")))
        # A floating image is anchored to its paragraph: shown after the paragraph's text.
        for object_id in paragraph.get("positionedObjectIds", []):
            found = self.positioned_objects.get(str(object_id))
            embedded = embedded_object(found, "positionedObjectProperties")
            if "imageProperties" in embedded:
                out.append(self._image(str(object_id), embedded))
        self._struck = struck and not unstruck
        return sanitize_html("".join(out)), bold_seen and not not_bold_seen

    def _image(self, object_id: str, embedded: dict[str, Any]) -> str:
        alt = str(embedded.get("description") or embedded.get("title") or "").strip()
        image = self.images.get(object_id)
        if isinstance(image, DownloadedImage):
            key = content_key(image.data, extension=EXTENSIONS.get(image.media_type, "bin"))
            self.refs.setdefault(key, ImageRef(key, image.media_type, image.data))
            return f'<img src="{key}" alt="{html.escape(alt)}">'
        why = image or (
            "it was not downloaded when the document was fetched"
            if "imageProperties" in embedded
            else "it is not a picture the Docs API can give (a drawing or chart?)"
        )
        described = f"its alt text {alt[:80]!r} is kept" if alt else "it has no alt text"
        self.notices.append(Notice(
            f"an image from Google Docs is not imported: {why} ({described}); insert it "
            "again in the editor", self._source,
        ))  # fmt: skip
        return f'<img alt="{html.escape(alt)}">'

    def _table(self, table: dict[str, Any], source: str) -> list[Block]:
        out = []
        self._source = source
        for number, row in enumerate(table.get("tableRows", []), start=1):
            htmls = [self._cell(cell.get("content", [])) for cell in row.get("tableCells", [])]
            cells = tuple(_fold(html_to_text(cell)) for cell in htmls)
            if any(cells):
                out.append(Block("table_row", " | ".join(cells), " | ".join(htmls),
                                 f"{source}, row {number}", cells=cells,
                                 cell_html=tuple(htmls)))  # fmt: skip
        return out

    def _cell(self, content: list[dict[str, Any]]) -> str:
        parts = []
        for element in content:
            if "paragraph" in element:
                fragment = self._inline(element["paragraph"])[0]
                bullet = element["paragraph"].get("bullet")
                label = self._list_item(bullet)[1] if bullet is not None else None
                parts.append(f"{html.escape(label)} {fragment}" if label and fragment else fragment)
            elif "table" in element:
                parts.extend(self._cell(cell.get("content", []))
                             for row in element["table"].get("tableRows", [])
                             for cell in row.get("tableCells", []))  # fmt: skip
        return sanitize_html("<br>".join(part for part in parts if part))


def _styled(fragment: str, style: dict[str, Any]) -> str:
    if not fragment:
        return ""
    offset = style.get("baselineOffset")
    url = style.get("link", {}).get("url")
    for enabled, tag in (
        (offset == "SUBSCRIPT", "sub"), (offset == "SUPERSCRIPT", "sup"),
        (style.get("strikethrough"), "s"),
        # Docs underlines every link; <a> already shows that.
        (style.get("underline") and not url, "u"),
        (style.get("italic"), "em"), (style.get("bold"), "strong"),
    ):  # fmt: skip
        if enabled:
            fragment = f"<{tag}>{fragment}</{tag}>"
    return f'<a href="{html.escape(url)}">{fragment}</a>' if url else fragment


def _unstruck(fragment: str) -> str:
    return fragment.replace("<s>", "").replace("</s>", "")


def _fold(text: str) -> str:
    return " ".join(text.split())
