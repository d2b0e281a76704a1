"""Reset mail over TLS: STARTTLS and smtps:// against a real SMTP server on loopback whose
certificate the client must verify (SSL_CERT_FILE points at it, as at a private CA)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path

import pytest

from quizflow.errors import ConfigurationError
from quizflow.services.mail import SmtpServer, reset_message
from quizflow.settings import Settings
from tests.smtp_server import PASSWORD, USER, running_smtp_server, self_signed_certificate


@pytest.fixture
def server_tls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ssl.SSLContext:
    cert, key = self_signed_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the client trusts this certificate only
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def message(to: str = "ada@example.com") -> EmailMessage:
    return reset_message(Settings(), to=to, url="http://x/app/reset#token=t", ttl_s=7200)


@pytest.mark.parametrize("implicit", [False, True], ids=["starttls", "smtps"])
def test_mail_goes_over_verified_tls(server_tls: ssl.SSLContext, implicit: bool) -> None:
    with running_smtp_server(tls=server_tls, implicit_tls=implicit) as inbox:
        scheme, query = ("smtps", "") if implicit else ("smtp", "?starttls=true")
        url = f"{scheme}://{USER}:{PASSWORD}@{inbox.host}:{inbox.port}{query}"
        SmtpServer.from_url(url).send(message())
        assert inbox.arrived.wait(10)
    assert inbox.messages[0]["To"] == "ada@example.com"
    assert "works once, for 2 hours" in inbox.messages[0].get_content()


def test_a_server_that_requires_tls_refuses_plain_mail(server_tls: ssl.SSLContext) -> None:
    with running_smtp_server(tls=server_tls) as inbox:
        url = f"smtp://{USER}:{PASSWORD}@{inbox.host}:{inbox.port}"
        with pytest.raises(smtplib.SMTPException):
            SmtpServer.from_url(url).send(message())
    assert inbox.messages == []


def test_an_untrusted_certificate_is_refused(
    server_tls: ssl.SSLContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "other").mkdir()
    other, _ = self_signed_certificate(tmp_path / "other")  # not the server's certificate
    monkeypatch.setenv("SSL_CERT_FILE", str(other))
    with running_smtp_server(tls=server_tls, implicit_tls=True) as inbox:
        url = f"smtps://{USER}:{PASSWORD}@{inbox.host}:{inbox.port}"
        with pytest.raises(ssl.SSLError):
            SmtpServer.from_url(url).send(message())


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example.org", ("mail.example.org", 25, False, False, None, None)),
        (
            "smtps://u%40x:p%2Fw@mail.example.org",
            ("mail.example.org", 465, True, False, "u@x", "p/w"),
        ),
        ("smtp://u:p@h:587?starttls=true", ("h", 587, False, True, "u", "p")),
    ],
)
def test_smtp_urls_are_read_as_documented(url: str, expected: tuple[object, ...]) -> None:
    s = SmtpServer.from_url(url)
    assert (s.host, s.port, s.implicit_tls, s.starttls, s.username, s.password) == expected


@pytest.mark.parametrize("url", ["http://mail.example.org", "smtp://", "smtp://h:notaport"])
def test_a_wrong_smtp_url_is_a_configuration_error(url: str) -> None:
    with pytest.raises(ConfigurationError):
        SmtpServer.from_url(url)
