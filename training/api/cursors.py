"""Cursors for paging: the position (an id or an offset) the next page starts after, as digits.

The document describes them exactly (schemas.CURSOR), so any cursor that matches is one the API
could have given: a position past the end is an empty last page, never an error. Positions past
the largest id an Integer column holds are read as that id (PostgreSQL refuses a larger number
compared with one: a 500), which is past the end as well.
"""

LAST = 2**31 - 1  # the largest value of an Integer column on PostgreSQL


def encode(**position: int) -> str:
    (value,) = position.values()
    return str(value)


def decode(cursor: str | None, name: str) -> int:
    """Return the position that `cursor` holds (0 with no cursor); the schema has checked its form."""
    return min(int(cursor), LAST) if cursor else 0
