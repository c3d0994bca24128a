"""The mail service talks to a real SMTP server (aiosmtpd) started in the test."""

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from tests.smtp import Inbox, body, free_port, no_smtp_fixture, smtp_fixture  # noqa: F401 - fixtures
from training.accounts import mail


def test_plain_text_message_reaches_the_server_with_its_headers(app, smtp):
    mail.send(mail.Message("ann@example.com", "Hello Ann", "Line one.\nLine two, with ünïcode.\n"))
    message = smtp.only("ann@example.com")
    assert message["From"] == "training@example.com"
    assert message["Subject"] == "Hello Ann"
    assert message["Date"] and message["Message-ID"].endswith("@example.com>")
    assert message.get_content_type() == "text/plain"
    assert body(message) == "Line one.\nLine two, with ünïcode.\n"


def test_message_with_html_is_multipart_alternative(app, smtp):
    mail.send(mail.Message("ann@example.com", "Hi", "plain words", html="<p>rich words</p>"))
    message = smtp.only("ann@example.com")
    assert message.get_content_type() == "multipart/alternative"
    assert body(message).strip() == "plain words"
    assert message.get_body(("html",)).get_content().strip() == "<p>rich words</p>"


def test_compose_renders_the_plain_text_template(app, make_user):
    user = make_user(email="ann@example.com", name="Ann & <Bo>")
    message = mail.compose(
        user.email,
        "Subject",
        "invite",
        user=user,
        url="https://x/password/abc",
        hours=72,
        forgot_url="https://x/password/forgot",
    )
    assert "Hello Ann & <Bo>," in message.text  # plain text: nothing is HTML-escaped
    assert "https://x/password/abc" in message.text and "72 hours" in message.text


def test_refused_recipient_raises_an_error_naming_them_and_the_connection_goes_on(app, smtp):
    smtp.refuse.add("bounce@example.com")
    with mail.Mailer() as mailer:
        with pytest.raises(mail.MailError) as caught:
            mailer.send(mail.Message("bounce@example.com", "One", "text"))
        mailer.send(mail.Message("ann@example.com", "Two", "text"))
    assert caught.value.recipient == "bounce@example.com"
    assert "bounce@example.com" in str(caught.value) and "550" in str(caught.value)
    assert smtp.recipients == ["ann@example.com"]


def test_unreachable_server_raises_an_error_naming_the_recipient(app, no_smtp):
    with pytest.raises(mail.MailError) as caught:
        mail.send(mail.Message("ann@example.com", "Hi", "text"))
    assert "ann@example.com" in str(caught.value)
    assert "SMTP server 127.0.0.1" in str(caught.value)


def test_username_and_password_log_in_to_the_server(app):
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"s3cret")

    inbox = Inbox()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=free_port(), authenticator=authenticator, auth_require_tls=False
    )
    controller.start()
    try:
        app.config.update(
            MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USERNAME="robot", MAIL_PASSWORD="s3cret"
        )
        mail.send(mail.Message("ann@example.com", "Hi", "text"))
    finally:
        controller.stop()
    assert logins == [(b"robot", b"s3cret")]
    assert inbox.recipients == ["ann@example.com"]
