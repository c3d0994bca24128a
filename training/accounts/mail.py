"""Email through SMTP with the MAIL_* settings: plain text, optionally with an HTML part."""

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, render_template

from training.errors import DomainError


class MailError(DomainError):
    """The SMTP server could not be reached or refused a message; names the recipient."""

    def __init__(self, recipient: str, reason: str):
        super().__init__(f"could not send email to {recipient}: {reason}")
        self.recipient = recipient
        self.reason = reason


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    text: str
    html: str | None = None


def compose(to: str, subject: str, template: str, **context) -> Message:
    """Render `templates/email/<template>.txt` into a plain-text message."""
    return Message(to=to, subject=subject, text=render_template(f"email/{template}.txt", **context))


def link(path: str) -> str:
    """Return the absolute address of `path` on this site, from BASE_URL."""
    return current_app.config["BASE_URL"].rstrip("/") + path


class Mailer:
    """One SMTP connection reused for many messages; use as a context manager.

    A message the server refuses (a 4xx/5xx reply) raises MailError and leaves the connection
    usable for the next one; a lost connection is opened again for the next message.
    """

    def __init__(self, config: Mapping | None = None):
        self.config = config if config is not None else current_app.config
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> "Mailer":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None

    def _connect(self) -> smtplib.SMTP:
        cfg = self.config
        smtp = smtplib.SMTP(cfg["MAIL_SERVER"], int(cfg["MAIL_PORT"]), timeout=cfg.get("MAIL_TIMEOUT", 30))
        try:
            if cfg.get("MAIL_USE_TLS"):
                smtp.starttls(context=ssl.create_default_context())
            if cfg.get("MAIL_USERNAME"):
                smtp.login(cfg["MAIL_USERNAME"], cfg.get("MAIL_PASSWORD", ""))
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, message: Message) -> None:
        """Hand the message to the SMTP server; raise MailError unless it accepted it."""
        email = build(message, self.config["MAIL_FROM"])
        try:
            if self._smtp is None:
                self._smtp = self._connect()
            self._smtp.send_message(email)
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()))
            raise MailError(message.to, _reply(code, reply)) from None
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            raise MailError(message.to, _reply(exc.smtp_code, exc.smtp_error)) from None
        except (smtplib.SMTPException, OSError) as exc:
            if self._smtp is not None:
                self._smtp.close()
            self._smtp = None
            server = f"{self.config['MAIL_SERVER']}:{self.config['MAIL_PORT']}"
            raise MailError(message.to, f"SMTP server {server}: {exc or type(exc).__name__}") from None


def _reply(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"the server refused it ({code} {text})"


def build(message: Message, sender: str) -> EmailMessage:
    """Return the MIME message: text/plain, or multipart/alternative when there is HTML."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to
    email["Subject"] = message.subject
    email["Date"] = formatdate(usegmt=True)
    domain = sender.rpartition("@")[2] or "localhost"
    email["Message-ID"] = make_msgid(domain=domain)
    email.set_content(message.text)
    if message.html:
        email.add_alternative(message.html, subtype="html")
    return email


def send(message: Message) -> None:
    """Send one message on its own connection."""
    with Mailer() as mailer:
        mailer.send(message)
