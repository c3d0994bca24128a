"""Log records that stay one record per line, and incident ids that tie a 500 page to its traceback."""

import logging
import secrets

from flask import Flask

# Every character that ends or rewrites a line in a log file or terminal, tab aside, written as its escape.
_CONTROLS = [chr(n) for n in (*range(32), 0x7F, 0x85, 0x2028, 0x2029) if chr(n) != "\t"]
_ESCAPES = str.maketrans({c: c.encode("unicode_escape").decode() for c in _CONTROLS})
TRACEBACK_MARK = "  | "


def escape(text: str) -> str:
    r"""Write line breaks and other control characters as escapes: "a\nb" becomes "a\\nb"."""
    return text.translate(_ESCAPES)


class OneLine(logging.Filter):
    """Keep each record's message on one line, and mark every line of its traceback.

    A path or form value with a line break in it can then not start a line that reads like a record
    of its own, whatever handler and format the deployment configures.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = escape(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and not record.exc_text.startswith(TRACEBACK_MARK):
            record.exc_text = "\n".join(TRACEBACK_MARK + line for line in record.exc_text.splitlines())
        return True


ONE_LINE = OneLine()  # one instance: apps share their logger by name, and addFilter skips a repeat


def install(app: Flask) -> None:
    app.logger.addFilter(ONE_LINE)


def new_incident() -> str:
    """Return a short random id that the 500 page shows and the log records with the traceback."""
    return secrets.token_hex(4)
