"""Hostile input against the real server: injection, oversized, malformed, nested, XSS.

Schemathesis (tests/api/test_schemathesis.py: no 5xx and schema-conformant responses for
generated input to every operation) and the authorization matrix
(tests/api/test_authorization_matrix.py: every endpoint × role × owner) are the rest of the
hostile-input coverage; the run's summary counts their cases.
"""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from quizflow.db import models as orm
from quizflow.settings import Settings
from tests.reliability.harness import Caller, QuizflowServer, client, enrol
from tests.reliability.summary import SUMMARY

SQL_INJECTIONS = [
    "'; DROP TABLE users; --",
    '" OR 1=1 --',
    "' OR '1'='1",
    "Robert'); DROP TABLE answers;--",
    "1; SELECT pg_sleep(30); --",
    "' UNION SELECT email, role FROM users --",
    "admin'--",
    "$$; TRUNCATE user_progress CASCADE; $$",
    "\\'; DELETE FROM scenarios WHERE ''='",
    "%' AND 1=0 UNION ALL SELECT table_name FROM information_schema.tables --",
]
XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript&#58;alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    "<svg onload=alert(1)><circle/></svg>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<p onclick="alert(1)">click</p>',
    "<body onload=alert(1)>",
    '<img src="javascript:alert(1)">',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<scr<script>ipt>alert(1)</script>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<details open ontoggle=alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    '"><script>alert(1)</script>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "<<script>script>alert(1)<</script>/script>",
    '<form action="javascript:alert(1)"><button>go</button></form>',
]
XSS_DOCUMENT = """<html><head><script>alert('head')</script></head><body onload="steal()">
<h1 onclick="x()">XSS quiz<script>alert(0)</script></h1>
<p>Read <a href="javascript:alert(1)">the policy</a> <img src=x onerror=alert(2)>.</p>
<p>1. Which is safe? <svg onload=alert(3)></svg></p>
<p>A) <a href="JaVaScRiPt&#58;alert(4)">this one</a></p>
<p>B) <span onmouseover="alert(5)">that one</span></p>
<p>Answer: A</p>
<p>Explanation: <iframe src="javascript:alert(6)"></iframe><b style="x" onfocus=alert(7)>so</b></p>
<p>2. And now? <object data="javascript:alert(8)"></object></p>
<p>A) <img src="javascript:alert(9)" alt="img"> yes</p>
<p>B) <a href="data:text/html,&lt;script&gt;alert(10)&lt;/script&gt;">no</a></p>
<p>Answer: B</p>
</body></html>
"""
NESTING = 10_000
PROBLEM_JSON = "application/problem+json"


@dataclass(frozen=True)
class Cast:
    author: Caller
    learner: Caller


@pytest.fixture(scope="module")
def cast(live_sessions: sessionmaker[Session], signing: Settings) -> Cast:
    author = enrol(live_sessions, signing, "author", 1)[0]
    return Cast(author, enrol(live_sessions, signing, "learner", 1)[0])


@pytest.fixture(scope="module")
def http(live_server: QuizflowServer) -> Iterator[httpx.Client]:
    with client(live_server.base_url) as http:
        yield http


def _server_is_fine(server: QuizflowServer, http: httpx.Client) -> None:
    assert server.running, server.log_tail()
    assert http.get("/health").status_code == 200


def _tables(sessions: sessionmaker[Session]) -> set[str]:
    with sessions() as session:
        return set(inspect(session.connection()).get_table_names())


def test_sql_injection_strings_are_stored_and_returned_verbatim(
    live_server: QuizflowServer,
    live_sessions: sessionmaker[Session],
    http: httpx.Client,
    cast: Cast,
) -> None:
    tables = _tables(live_sessions)
    assert set(orm.Base.metadata.tables) <= tables
    with live_sessions() as session:
        users_before = session.scalar(select(func.count()).select_from(orm.User))
    author, learner = cast.author.headers, cast.learner.headers

    for hostile in SQL_INJECTIONS:
        as_html = f"<p>{html.escape(hostile, quote=False)}</p>"
        made = http.post(
            "/scenarios", json={"title": hostile, "context_html": as_html}, headers=author
        )
        assert made.status_code == 201, made.text
        sid = made.json()["id"]
        assert (made.json()["title"], made.json()["context_text"]) == (hostile, hostile)
        question = http.post(
            f"/scenarios/{sid}/questions",
            json={
                "prompt_html": as_html,
                "choices": [
                    {"body": hostile, "is_correct": True, "feedback": hostile},
                    {"body": "plain"},
                ],
                "explanation": as_html,
            },
            headers=author,
        )
        assert question.status_code == 201, question.text
        written = http.post(
            f"/scenarios/{sid}/questions",
            json={"prompt_html": "<p>Say it</p>", "is_multiple_choice": False},
            headers=author,
        )
        assert written.status_code == 201, written.text
        assert http.post(f"/scenarios/{sid}/publish", headers=author).status_code == 201
        detail = http.get(f"/scenarios/{sid}", headers=author).json()
        first = detail["questions"][0]
        assert detail["title"] == hostile
        assert first["prompt_text"] == hostile
        assert (first["choices"][0]["body"], first["choices"][0]["feedback"]) == (hostile, hostile)

        attempt = http.post("/attempts", json={"scenario_id": sid}, headers=learner).json()
        assert attempt["title"] == hostile
        assert attempt["current_question"]["choices"][0]["body"] == hostile
        path = f"/attempts/{attempt['id']}/answers"
        chose = http.post(
            path,
            json={"question_id": attempt["current_question"]["id"], "choices": ["A"]},
            headers={**learner, "Idempotency-Key": hostile},
        )
        assert chose.status_code == 201, chose.text
        said = http.post(
            path,
            json={"question_id": chose.json()["next_question"]["id"], "text": hostile},
            headers={**learner, "Idempotency-Key": uuid.uuid4().hex},
        )
        assert said.status_code == 201, said.text
        assert said.json()["text"] == hostile
        assert [a["text"] for a in http.get(path, headers=learner).json()] == [None, hostile]
        SUMMARY.hostile_input("sql injection in stored text", 8)

        for query in (
            f"/scenarios?status={quote(hostile)}",
            f"/attempts?scenario_id={quote(hostile)}",
            f"/scenarios/{sid}/diagram?format={quote(hostile)}",
            f"/scenarios/{quote(hostile, safe='')}",
            f"/catalog?{quote(hostile)}={quote(hostile)}",
        ):
            answered = http.get(query, headers=author)
            assert answered.status_code in (200, 404, 422), (query, answered.text)
            SUMMARY.hostile_input("sql injection in query and path parameters")

    with live_sessions() as session:
        assert session.scalar(select(func.count()).select_from(orm.User)) == users_before
    assert _tables(live_sessions) == tables
    _server_is_fine(live_server, http)


def test_oversized_bodies_are_refused_with_413(
    live_server: QuizflowServer, http: httpx.Client, cast: Cast
) -> None:
    headers = {**cast.author.headers, "Content-Type": "application/json"}
    huge = b'{"title": "' + b"x" * (1_048_576 + 10) + b'"}'

    declared = http.post("/scenarios", content=huge, headers=headers)
    streamed = http.post(
        "/scenarios",
        content=(huge[i : i + 65_536] for i in range(0, len(huge), 65_536)),
        headers=headers,
    )
    too_long = http.post("/scenarios", json={"title": "x" * 301}, headers=cast.author.headers)
    SUMMARY.hostile_input("oversized bodies", 3)

    assert declared.status_code == 413, declared.text
    assert "content-length" not in streamed.request.headers
    assert streamed.status_code == 413, streamed.text
    assert declared.headers["content-type"] == streamed.headers["content-type"] == PROBLEM_JSON
    assert too_long.status_code == 422
    _server_is_fine(live_server, http)


def test_an_upload_over_the_limit_is_refused_with_413(
    live_server: QuizflowServer, http: httpx.Client, cast: Cast
) -> None:
    data = b"a" * (Settings.model_fields["max_upload_bytes"].default + 1)  # the server's
    boundary = uuid.uuid4().hex
    multipart = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
            "Content-Type: text/plain\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )

    declared = http.post(
        "/documents", files={"file": ("big.txt", data, "text/plain")}, headers=cast.author.headers
    )
    streamed = http.post(
        "/documents",
        content=(multipart[i : i + 1_048_576] for i in range(0, len(multipart), 1_048_576)),
        headers={
            **cast.author.headers,
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    SUMMARY.hostile_input("oversized bodies", 2)

    assert declared.status_code == 413, declared.text
    assert "content-length" not in streamed.request.headers
    assert streamed.status_code == 413, streamed.text
    _server_is_fine(live_server, http)


@pytest.mark.parametrize(
    "body",
    [
        b'{"title": ',
        b"{title: 'x'}",
        b'{"title": "x"}}',
        b'{"title": "x",}',
        b"[1, 2",
        b'{"title": NaN}',
        b"",
        b"null",
        b'"just a string"',
        b'{"title": "x", "title": {"$ne": null}}',
    ],
)
def test_malformed_json_is_a_422(
    live_server: QuizflowServer, http: httpx.Client, cast: Cast, body: bytes
) -> None:
    headers = {**cast.author.headers, "Content-Type": "application/json"}

    response = http.post("/scenarios", content=body, headers=headers)
    SUMMARY.hostile_input("malformed json")

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM_JSON


@pytest.mark.parametrize(
    "body",
    [
        b'{"title": "\xff\xfe"}',
        b'{"title": "\xc3\x28"}',
        b'{"title": "\xc0\xaf"}',  # an overlong "/"
        b'{"title": "\xed\xa0\x80"}',  # a UTF-8-encoded surrogate
        b'{"title": "\\ud800"}',  # a lone surrogate, JSON-escaped
        b'{"title": "ok", "context_html": "<p>\\udfff</p>"}',
        b"\xef\xbb\xbf\xff",
    ],
)
def test_invalid_utf8_is_a_4xx(
    live_server: QuizflowServer, http: httpx.Client, cast: Cast, body: bytes
) -> None:
    headers = {**cast.author.headers, "Content-Type": "application/json"}

    response = http.post("/scenarios", content=body, headers=headers)
    SUMMARY.hostile_input("invalid utf-8")

    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"] == PROBLEM_JSON


def test_invalid_utf8_in_a_query_or_path_is_a_422(
    live_server: QuizflowServer, http: httpx.Client, cast: Cast
) -> None:
    query = http.get("/scenarios?status=%ff%fe", headers=cast.author.headers)
    path = http.get("/scenarios/%ff%fe", headers=cast.author.headers)
    SUMMARY.hostile_input("invalid utf-8", 2)

    assert (query.status_code, path.status_code) == (422, 422), (query.text, path.text)
    _server_is_fine(live_server, http)


@pytest.mark.parametrize(
    "body",
    [
        b"[" * NESTING + b"]" * NESTING,
        b'{"a":' * NESTING + b"1" + b"}" * NESTING,
        b'{"title": "x", "context_html": ' + b"[" * NESTING + b"]" * NESTING + b"}",
    ],
    ids=["arrays", "objects", "inside-a-field"],
)
def test_deeply_nested_json_is_a_4xx_and_the_server_stays_up(
    live_server: QuizflowServer, http: httpx.Client, cast: Cast, body: bytes
) -> None:
    headers = {**cast.author.headers, "Content-Type": "application/json"}

    response = http.post("/scenarios", content=body, headers=headers)
    SUMMARY.hostile_input("deeply nested json")

    assert 400 <= response.status_code < 500, response.text
    _server_is_fine(live_server, http)


class _Audit(HTMLParser):
    """Everything in a fragment that could run script in a browser."""

    UNSAFE_TAGS = frozenset({"script", "iframe", "object", "embed", "svg", "math", "style"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.UNSAFE_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            cleaned = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
            if name in {"href", "src", "action", "style", "data"} and re.search(
                r"javascript:|vbscript:|data:", cleaned
            ):
                self.found.append(f"{tag} {name}={value}")


def unsafe(fragment: str | None) -> list[str]:
    """What in this HTML could run script: script tags, on*= handlers, javascript: URLs."""
    if not fragment:
        return []
    audit = _Audit()
    audit.feed(fragment)
    audit.close()
    found = audit.found
    if re.search(r"<\s*script", fragment, re.IGNORECASE):
        found.append("<script")
    if re.search(r"<[^>]*\son[a-z]+\s*=", fragment, re.IGNORECASE):
        found.append("on*= inside a tag")
    if re.search(r"javascript\s*:", fragment, re.IGNORECASE):
        found.append("javascript:")
    return found


def _html_fields(value: Any) -> Iterator[tuple[str, str]]:
    """Every string in a response body that holds HTML (its key ends in _html, or body…)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and (
                key.endswith("_html") or key in {"body", "feedback", "explanation", "html"}
            ):
                yield key, item
            else:
                yield from _html_fields(item)
    elif isinstance(value, list):
        for item in value:
            yield from _html_fields(item)


def test_xss_in_authored_html_comes_out_sanitised(
    live_server: QuizflowServer, http: httpx.Client, cast: Cast
) -> None:
    author = cast.author.headers
    checked = 0
    for payload in XSS:
        made = http.post(
            "/scenarios", json={"title": "XSS", "context_html": payload}, headers=author
        )
        assert made.status_code == 201, made.text
        sid = made.json()["id"]
        question = http.post(
            f"/scenarios/{sid}/questions",
            json={
                "prompt_html": f"<p>Q</p>{payload}",
                "explanation": payload,
                "choices": [
                    {"body": f"yes {payload}", "is_correct": True, "feedback": payload},
                    {"body": "no"},
                ],
            },
            headers=author,
        )
        assert question.status_code == 201, question.text
        SUMMARY.hostile_input("xss in authored html", 5)
        assert http.post(f"/scenarios/{sid}/publish", headers=author).status_code == 201
        play = http.post("/attempts", json={"scenario_id": sid}, headers=cast.learner.headers)
        for body in (
            made.json(),
            question.json(),
            http.get(f"/scenarios/{sid}", headers=author).json(),
            play.json(),
        ):
            for key, fragment in _html_fields(body):
                assert unsafe(fragment) == [], (payload, key, fragment)
                checked += 1
    assert checked >= len(XSS) * 10
    _server_is_fine(live_server, http)


def test_xss_in_an_uploaded_html_document_comes_out_sanitised(
    live_server: QuizflowServer, http: httpx.Client, cast: Cast
) -> None:
    author = cast.author.headers
    upload = {"file": ("xss.html", XSS_DOCUMENT.encode(), "text/html")}

    kept = http.post("/documents", files=upload, headers=author)
    SUMMARY.hostile_input("xss in an uploaded document", XSS_DOCUMENT.count("alert("))
    assert kept.status_code == 201, kept.text
    document = http.get(f"/documents/{kept.json()['id']}", headers=author)
    preview = http.post(f"/documents/{kept.json()['id']}/preview", headers=author)
    imported = http.post(f"/documents/{kept.json()['id']}/import", json={}, headers=author)
    assert (document.status_code, preview.status_code, imported.status_code) == (200, 200, 201)
    scenario = http.get(f"/scenarios/{imported.json()['id']}", headers=author).json()

    assert "Which is safe?" in document.json()["text"]
    assert len(scenario["questions"]) == 2
    for body in (document.json(), preview.json(), scenario):
        fragments = list(_html_fields(body))
        assert fragments
        for key, fragment in fragments:
            assert unsafe(fragment) == [], (key, fragment)
    _server_is_fine(live_server, http)
