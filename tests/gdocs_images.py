"""The real `images` response of the Docs API (../shared/documents/gdocs/SOURCES.md) with a
question written around its one inline image, and image bytes for Google to send.

The response is used as it is; only paragraphs typed the way Docs stores them are added to its
body, because the real document holds nothing but the image.
"""

from __future__ import annotations

import copy
import io
import json
from typing import Any

from googleapiclient.http import HttpMockSequence
from PIL import Image

from tests.gdocs_tabs import real

IMAGE_ID = "kix.4dmdp8b4zkkv"
PROMPT = "Which sign marks the fire exit?"


def picture(kind: str = "PNG", size: tuple[int, int] = (12, 8)) -> bytes:
    """A real image file, as Google's image servers send one."""
    out = io.BytesIO()
    Image.new("RGB", size, (0, 160, 60)).save(out, format=kind)
    return out.getvalue()


def paragraph(text: str) -> dict[str, Any]:
    return {"paragraph": {
        "elements": [{"textRun": {"content": f"{text}\n", "textStyle": {}}}],
        "paragraphStyle": {"namedStyleType": "NORMAL_TEXT", "direction": "LEFT_TO_RIGHT"},
    }}  # fmt: skip


def quiz_with_image(content_uri: str | None = None) -> dict[str, Any]:
    """The real response, a question before its image and the choices after it."""
    doc = copy.deepcopy(real("images"))
    section_break, _empty, image = doc["body"]["content"]
    doc["body"]["content"] = [
        section_break,
        paragraph(f"1. {PROMPT}"),
        image,
        paragraph("A) The green running man"),
        paragraph("B) The red triangle"),
        paragraph("Answer: A"),
    ]
    if content_uri is not None:
        properties = image_properties(doc)
        properties["contentUri"] = content_uri
    return doc


def image_properties(doc: dict[str, Any], object_id: str = IMAGE_ID) -> dict[str, Any]:
    embedded = doc["inlineObjects"][object_id]["inlineObjectProperties"]["embeddedObject"]
    properties: dict[str, Any] = embedded["imageProperties"]
    return properties


def content_uri(doc: dict[str, Any]) -> str:
    return str(image_properties(doc)["contentUri"])


def google(doc: dict[str, Any], *downloads: tuple[dict[str, str], bytes | str]) -> Any:
    """Google's own mock: `documents.get` answers with `doc`, then each image request in turn
    with the next of `downloads`; `request_sequence` records every URL asked for."""
    return HttpMockSequence([({"status": "200"}, json.dumps(doc)), *downloads])


def sent(data: bytes, content_type: str = "image/png") -> tuple[dict[str, str], bytes]:
    return {"status": "200", "content-type": content_type}, data
