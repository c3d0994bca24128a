"""Opaque cursors for paging: base64 of a small JSON object, checked when read back."""

import base64
import binascii
import json

from training.api.problems import Problem
from training.db import MAX_ID


def encode(**position: int) -> str:
    return base64.urlsafe_b64encode(json.dumps(position, separators=(",", ":")).encode()).decode().rstrip("=")


def decode(cursor: str | None, name: str) -> int:
    """Return the number `name` that `cursor` holds (0 with no cursor); a bad cursor is a 422."""
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)[name]
    except (binascii.Error, ValueError, KeyError, TypeError):
        value = None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_ID * 100:
        raise Problem(422, "The cursor is not one this API gave; start again without it.")
    return value
