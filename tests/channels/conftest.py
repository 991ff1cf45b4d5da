"""A real local SMTP server (aiosmtpd's threaded Controller) as the outbound sink, and a
desk whose inbound SMTP listener runs on a free loopback port."""

from __future__ import annotations

import smtplib
import time
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import make_msgid
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient

from tests import support
from walletdesk.config import Settings

SUPPORT = "support@wallet.example"


free_port = support.free_port


class Sink:
    """Collects every message the desk sends (parsed, with its envelope recipients)."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []
        self.port = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        message = BytesParser(policy=policy.default).parsebytes(raw)
        assert isinstance(message, EmailMessage)
        self.recipients.append(list(envelope.rcpt_tos))
        self.messages.append(message)
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 60) -> list[EmailMessage]:
        """The first ``count`` messages, once they arrived (a deadline, not a timing test)."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.messages) >= count, f"expected {count} emails, got {len(self.messages)}"
        return self.messages[:count]


@pytest.fixture
def sink() -> Iterator[Sink]:
    handler = Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def email_settings(settings: Settings, sink: Sink) -> Settings:
    return settings.model_copy(
        update={
            "smtp_listen": "127.0.0.1:0",
            "smtp_url": f"smtp://127.0.0.1:{sink.port}",
            "email_from": SUPPORT,
            "email_max_bytes": 200_000,
        }
    )


@pytest.fixture
def email_client(email_settings: Settings) -> Iterator[TestClient]:
    from walletdesk.app import create_app

    with TestClient(create_app(email_settings)) as test_client:
        yield test_client


def compose(
    sender: str,
    subject: str,
    body: str,
    *,
    reply_to: EmailMessage | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = SUPPORT
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="customer.example")
    if reply_to is not None:
        message["In-Reply-To"] = reply_to["Message-ID"]
        message["References"] = f"{reply_to.get('References', '')} {reply_to['Message-ID']}"
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    return message


def deliver(client: TestClient, message: EmailMessage) -> None:
    """Hand a message to the desk's own SMTP listener, as a mail server would."""
    host, port = client.app.state.integrations.smtp_address  # type: ignore[attr-defined]
    with smtplib.SMTP(host, port, timeout=300) as smtp:
        smtp.send_message(message)
