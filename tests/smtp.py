"""A real SMTP server for tests: aiosmtpd on 127.0.0.1 and a free port, collecting messages.

Use it with `from tests.smtp import smtp_fixture  # noqa: F401` and a test argument named `smtp`.
"""

import email
import socket
from email.message import EmailMessage
from email.policy import default

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """The aiosmtpd handler: keeps every accepted message; refuses addresses in `refuse` with 550."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.lower() in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    def only(self, address: str) -> EmailMessage:
        found = self.to(address)
        assert len(found) == 1, f"{len(found)} messages to {address}: {[m['Subject'] for m in found]}"
        return found[0]

    @property
    def recipients(self) -> list[str]:
        return sorted(m["To"] for m in self.messages)


def body(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


@pytest.fixture(name="smtp")
def smtp_fixture(app):
    """Start the SMTP server and point the app's MAIL_SERVER and MAIL_PORT at it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=controller.port,
        MAIL_FROM="training@example.com",
        BASE_URL="https://training.example.com",
    )
    yield inbox
    controller.stop()


@pytest.fixture(name="no_smtp")
def no_smtp_fixture(app):
    """Point the app at a port where nothing listens: every connection is refused."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
