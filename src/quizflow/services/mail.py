"""Sending mail over SMTP (QUIZFLOW_SMTP_URL): the reset links people ask for themselves.

smtp://USER:PASS@HOST:PORT sends in the clear unless `?starttls=true` upgrades the connection;
smtps://… speaks TLS from the first byte (port 465). Certificates are checked against the
system's trust store. Without a URL nothing is sent: an admin hands out reset links instead.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Final
from urllib.parse import parse_qs, unquote, urlsplit

from quizflow.errors import ConfigurationError
from quizflow.settings import Settings

TIMEOUT_S: Final = 10.0
_TRUE: Final = frozenset({"1", "true", "yes", "on"})


@dataclass(frozen=True, slots=True)
class SmtpServer:
    host: str
    port: int
    implicit_tls: bool
    starttls: bool
    username: str | None
    password: str | None

    @classmethod
    def from_url(cls, url: str) -> SmtpServer:
        """Raises ConfigurationError for anything but smtp:// or smtps:// with a host."""
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ConfigurationError(
                "QUIZFLOW_SMTP_URL must look like smtp://USER:PASS@HOST:PORT or smtps://…"
            )
        implicit = parts.scheme == "smtps"
        query = parse_qs(parts.query)
        starttls = query.get("starttls", ["false"])[0].lower() in _TRUE
        try:
            port = parts.port or (465 if implicit else 25)
        except ValueError as exc:
            raise ConfigurationError("QUIZFLOW_SMTP_URL has an invalid port") from exc
        return cls(
            host=parts.hostname,
            port=port,
            implicit_tls=implicit,
            starttls=starttls and not implicit,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
        )

    def send(self, message: EmailMessage) -> None:
        """Raises OSError / smtplib.SMTPException when the server cannot take it."""
        context = ssl.create_default_context()
        connection: smtplib.SMTP
        if self.implicit_tls:
            connection = smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT_S, context=context)
        else:
            connection = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_S)
        with connection:
            if self.starttls:
                connection.starttls(context=context)
            if self.username is not None:
                connection.login(self.username, self.password or "")
            connection.send_message(message)


def configured_server(settings: Settings) -> SmtpServer | None:
    if settings.smtp_url is None:
        return None
    return SmtpServer.from_url(settings.smtp_url.get_secret_value())


def reset_message(settings: Settings, *, to: str, url: str, ttl_s: int) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = "Choose a new quizflow password"
    hours = max(1, ttl_s // 3600)
    message.set_content(
        "Someone (we hope you) asked to choose a new password for your quizflow account.\n\n"
        f"Open this link to choose one; it works once, for {hours} hours:\n\n{url}\n\n"
        "If you did not ask for it, ignore this mail: your password stays as it is.\n"
    )
    return message
