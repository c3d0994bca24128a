"""The German catalogue as the page tests read it: which English texts German writes differently."""

from collections.abc import Iterator
from pathlib import Path

from babel.messages.pofile import read_po

CATALOGUE = Path(__file__).resolve().parents[2] / "training/translations/de/LC_MESSAGES/messages.po"


def changed_texts() -> Iterator[str]:
    """Each English text (each form of a plural) whose German translation differs from it."""
    with open(CATALOGUE, "rb") as handle:
        catalogue = read_po(handle, locale="de")
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and all(strings) and not set(ids) & set(strings):
            yield from ids
