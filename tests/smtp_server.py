"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the mail tests."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "quizflow", "mail-secret"


@dataclass
class Inbox:
    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)

    @property
    def url(self) -> str:
        return f"smtp://{USER}:{PASSWORD}@{self.host}:{self.port}"


class _Keep:
    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.inbox.messages.append(parsed)
        self.inbox.arrived.set()
        return "250 OK"


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> Any:
    ok = isinstance(auth_data, LoginPassword) and (
        auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
    )
    return AuthResult(success=ok)


def _free_port() -> int:
    # aiosmtpd connects to its own port to check it started, so it cannot be given port 0.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def running_smtp_server() -> Iterator[Inbox]:
    inbox = Inbox(host="127.0.0.1", port=_free_port())
    controller = Controller(
        _Keep(inbox),
        hostname=inbox.host,
        port=inbox.port,
        authenticator=_authenticate,
        auth_required=True,
        auth_require_tls=False,  # loopback only: the credentials never leave this machine
    )
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
