"""Cursors for paging: the position (an id or an offset) the next page starts after, as digits.

The document describes them exactly (schemas.CURSOR), so any cursor that matches is one the API
could have given: a position past the end is an empty last page, never an error.
"""


def encode(**position: int) -> str:
    (value,) = position.values()
    return str(value)


def decode(cursor: str | None, name: str) -> int:
    """Return the position that `cursor` holds (0 with no cursor); the schema has checked its form."""
    return int(cursor) if cursor else 0
