"""Production errors: a plain 500 page with an incident id, logged with the traceback; no forged lines."""

import logging
import re

import pytest
from flask import request

from training.logs import TRACEBACK_MARK, OneLine, escape

FORGED = "2030-01-01 INFO admin signed in"


@pytest.fixture
def failing(app):
    """Every path under /boom/ fails with a message that quotes it, answered as in production."""

    def boom():
        if request.path.startswith("/boom/"):
            raise RuntimeError(f"could not handle {request.path.removeprefix('/boom/')}")

    app.before_request(boom)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


def test_a_failure_shows_an_incident_id_that_the_log_has_with_the_traceback(failing, client, caplog):
    response = client.get("/boom/here")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    incident = re.search(r"quote incident <code>([0-9a-f]{8})</code>", page).group(1)
    assert "Traceback" not in page and "RuntimeError" not in page and "could not handle" not in page
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.getMessage() == f"incident {incident}: GET /boom/here failed"
    assert "RuntimeError: could not handle here" in caplog.text
    assert f"{TRACEBACK_MARK}Traceback (most recent call last):" in caplog.text


def test_incident_ids_differ(failing, client):
    pages = [client.get("/boom/x").get_data(as_text=True) for _ in range(2)]
    first, second = (re.search(r"<code>([0-9a-f]{8})</code>", page).group(1) for page in pages)
    assert first != second


@pytest.mark.parametrize("newline", ["%0A", "%0D", "%0D%0A", "%E2%80%A8"], ids=["LF", "CR", "CRLF", "U+2028"])
def test_a_path_with_line_breaks_cannot_forge_a_log_line(failing, client, caplog, newline):
    response = client.get(f"/boom/x{newline}{FORGED}")
    assert response.status_code == 500
    lines = caplog.text.splitlines()
    assert not [line for line in lines if FORGED in line and not line.startswith(("ERROR", TRACEBACK_MARK))]
    message = next(r.getMessage() for r in caplog.records if r.levelno == logging.ERROR)
    assert message.endswith(" failed") and "\n" not in message and "\r" not in message and FORGED in message


def test_the_filter_escapes_arguments_and_keeps_tabs():
    record = logging.LogRecord(
        "training", logging.WARNING, __file__, 1, "user %s\tsaid %r", ("a\nb", "c\rd"), None
    )
    assert OneLine().filter(record)
    assert record.getMessage() == "user a\\nb\tsaid 'c\\rd'"
    assert escape("\x1b[31mred\x00") == "\\x1b[31mred\\x00"
