"""Skip when a real part (browser, database, SMTP) is missing, unless CI requires it."""

import os

import pytest


def required() -> bool:
    return bool(os.environ.get("REQUIRE_REAL_PARTS") or os.environ.get("CI"))


def missing(what: str, how: str) -> None:
    """Skip on a laptop with a message that says what to install; fail in CI."""
    message = f"{what} is not available: {how}"
    if required():
        pytest.fail(message + " (CI requires every real part)", pytrace=False)
    pytest.skip(message)
