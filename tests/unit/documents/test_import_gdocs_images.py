"""Google Docs images: downloaded at fetch time through the same `http` as the Docs API
(Google's HttpMockSequence answering both), only from Google's image servers, only real
images within the limits; a refused one keeps its alt text and says why, never more."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from googleapiclient.http import HttpMockSequence

from quizflow.documents.extract import extract_questions
from quizflow.documents.importers import fetch_google_doc, google_doc_to_document
from quizflow.documents.importers.gdocs_images import (
    MAX_IMAGE_BYTES,
    DownloadedImage,
    with_images,
)
from quizflow.documents.model import NormalizedDocument
from quizflow.storage.base import content_key
from tests import gdocs_images
from tests.gdocs_images import IMAGE_ID, PROMPT, content_uri, google, picture, quiz_with_image, sent

DOC_ID = "1vKqAsTALHsU6AviqRVqofzhfYOr29JLo4Zoemz9fRUw"  # the real document's id


def imported(http: Any, **options: Any) -> NormalizedDocument:
    return google_doc_to_document(fetch_google_doc(DOC_ID, http=http, **options))


def urls(http: Any) -> list[str]:
    return [uri for uri, *_ in http.request_sequence]


def image_block_html(document: NormalizedDocument) -> str:
    (block,) = [b for b in document.blocks if "<img" in b.html]
    return block.html


def test_an_image_is_downloaded_and_referenced_by_its_stored_key() -> None:
    doc = quiz_with_image()
    png = picture()
    http = google(doc, sent(png))

    document = imported(http)

    key = content_key(png, extension="png")
    assert urls(http)[1] == content_uri(doc)  # the real contentUri, through the same http
    assert image_block_html(document) == f'<img src="{key}" alt="">'
    assert [(i.key, i.media_type, i.data) for i in document.images] == [(key, "image/png", png)]
    assert document.notices == ()
    (question,) = extract_questions(document).questions
    assert question.prompt_text == PROMPT
    assert key in question.prompt_html


def test_the_kept_json_gives_the_same_images_without_the_network() -> None:
    fetched = fetch_google_doc(DOC_ID, http=google(quiz_with_image(), sent(picture())))

    again = google_doc_to_document(json.loads(json.dumps(fetched, ensure_ascii=False)))

    assert again == google_doc_to_document(fetched)
    assert len(again.images) == 1


def test_the_converter_takes_downloaded_bytes_and_fetches_nothing() -> None:
    gif = picture("GIF")
    document = google_doc_to_document(
        quiz_with_image(), images={IMAGE_ID: DownloadedImage(gif, "image/gif")}
    )
    assert image_block_html(document) == f'<img src="{content_key(gif, extension="gif")}" alt="">'


def test_the_media_type_comes_from_the_bytes_not_the_header() -> None:
    jpeg = picture("JPEG")
    document = imported(google(quiz_with_image(), sent(jpeg, "image/png")))
    (image,) = document.images
    assert (image.media_type, image.key.rsplit(".", 1)[1]) == ("image/jpeg", "jpg")
    webp = picture("WEBP")
    (image,) = imported(google(quiz_with_image(), sent(webp, "text/html"))).images
    assert image.media_type == "image/webp"


@pytest.mark.parametrize(
    "uri",
    [
        "http://lh6.googleusercontent.com/pZBSuNhNbnEaBQ",  # not https
        "https://169.254.169.254/latest/meta-data/",  # cloud metadata
        "https://127.0.0.1:8000/admin",
        "https://attacker.example/pixel.png",
        "https://lh6.googleusercontent.com.attacker.example/x",
        "https://attacker.example/?lh6.googleusercontent.com",
        "https://lh6.googleusercontent.com@attacker.example/x",
        "https://lh6.googleusercontent.com:8443/x",
        "https://lh6.googleusercontent.com\\@attacker.example/x",
        "file:///etc/passwd",
        "",
    ],
)
def test_a_link_off_googles_image_servers_is_never_fetched(uri: str) -> None:
    http = google(quiz_with_image(uri))

    document = imported(http)

    assert urls(http) == [urls(http)[0]]  # documents.get only
    assert image_block_html(document) == '<img alt="">'
    (notice,) = document.notices
    assert "does not point to Google's image servers, so it was not fetched" in notice.message
    assert document.images == ()


def test_a_redirect_off_googles_image_servers_is_not_followed() -> None:
    png = picture()
    inside = "https://lh3.googleusercontent.com/moved"
    http = google(
        quiz_with_image(),
        ({"status": "302", "location": inside}, ""),
        ({"status": "302", "location": "http://169.254.169.254/latest/meta-data/"}, ""),
        sent(png),  # never asked for
    )

    document = imported(http)

    assert urls(http)[1:] == [content_uri(quiz_with_image()), inside]
    assert "not fetched" in document.notices[0].message
    assert document.images == ()


def test_an_image_over_the_limit_is_refused_with_a_notice() -> None:
    huge = picture() + b"\0" * MAX_IMAGE_BYTES

    document = imported(google(quiz_with_image(), sent(huge)))

    assert document.images == ()
    assert "over the 10 MB limit for an image" in document.notices[0].message
    assert extract_questions(document).questions[0].prompt_text == PROMPT


def test_a_body_that_is_not_an_image_is_refused_whatever_its_header_says() -> None:
    page = b"<html><body>Sign in to continue</body></html>"

    document = imported(google(quiz_with_image(), sent(page, "image/png")))

    assert document.images == ()
    (notice,) = document.notices
    assert "not a PNG, JPEG, GIF or WebP image" in notice.message
    assert "it has no alt text" in notice.message


def test_a_403_on_the_image_keeps_the_rest_of_the_import() -> None:
    denied = ({"status": "403", "content-type": "text/html"}, "<html>403 Forbidden</html>")

    document = imported(google(quiz_with_image(), denied))

    (notice,) = document.notices
    assert notice.source == "paragraph 2"
    assert "Google refused to send it (HTTP 403)" in notice.message
    (question,) = extract_questions(document).questions
    assert [c.body_text for c in question.choices] == ["The green running man", "The red triangle"]


def test_images_past_the_documents_size_limit_are_refused_one_by_one() -> None:
    doc = quiz_with_image()
    # A second image, same real object shape, after the first in the body.
    doc["inlineObjects"]["kix.second"] = json.loads(json.dumps(doc["inlineObjects"][IMAGE_ID]))
    doc["body"]["content"].insert(
        4,
        {
            "paragraph": {
                "elements": [
                    {"inlineObjectElement": {"inlineObjectId": "kix.second", "textStyle": {}}}
                ]
            }
        },
    )
    small, large = picture(), picture() + os.urandom(100_000)  # a PNG is one by its signature
    size = len(json.dumps(doc, ensure_ascii=False).encode())
    budget = size + 1000 + len(small) * 2  # room for the small one only

    document = imported(google(doc, sent(small), sent(large)), max_bytes=budget)

    assert [i.data for i in document.images] == [small]
    (notice,) = document.notices
    assert "images together pass" in notice.message


def test_a_json_kept_before_images_were_downloaded_still_imports() -> None:
    document = google_doc_to_document(gdocs_images.quiz_with_image())
    assert image_block_html(document) == '<img alt="">'
    assert "not downloaded when the document was fetched" in document.notices[0].message


def test_a_positioned_image_is_downloaded_and_shown_after_its_paragraphs_text() -> None:
    doc = quiz_with_image()
    # The real image made floating: Docs keeps it in positionedObjects, anchored by id.
    (inline,) = doc.pop("inlineObjects").values()
    embedded = inline["inlineObjectProperties"]["embeddedObject"]
    doc["positionedObjects"] = {"kix.floating": {"objectId": "kix.floating",
        "positionedObjectProperties": {"embeddedObject": embedded,
                                       "positioning": {"layout": "WRAP_TEXT"}}}}  # fmt: skip
    del doc["body"]["content"][2]  # the inline image's paragraph
    doc["body"]["content"][1]["paragraph"]["positionedObjectIds"] = ["kix.floating"]
    png = picture()
    http = google(doc, sent(png))

    document = imported(http)

    key = content_key(png, extension="png")
    assert urls(http)[1] == embedded["imageProperties"]["contentUri"]
    (question,) = extract_questions(document).questions
    assert question.prompt_html == f'<p>{PROMPT}<img src="{key}" alt=""></p>'
    assert [i.key for i in document.images] == [key]


def test_images_are_not_downloaded_past_the_time_budget() -> None:
    http = HttpMockSequence([])  # any request would fail the test

    fetched = with_images(quiz_with_image(), http, max_bytes=1024 * 1024, budget_s=0)

    document = google_doc_to_document(fetched)
    assert http.request_sequence == []
    assert "took over 0 seconds" in document.notices[0].message
    assert extract_questions(document).questions[0].prompt_text == PROMPT
