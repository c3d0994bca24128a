"""Translations of published content into other languages; versions append-only, like the sources."""

from datetime import datetime

from sqlalchemy import JSON, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from training.db import UTCDateTime, db, utcnow


class Translation(db.Model):
    """One version of a policy, course, lesson or quiz in another language; never updated.

    `made_from` is what the translation translates: the source's material (the material hash of a
    lesson or quiz, the section material hashes of a policy, the text of a course) when this
    version was published. The translation is current while the source still has that material:
    a publish without retraining leaves it so, one that requires retraining makes it stale.
    """

    __table_args__ = (UniqueConstraint("kind", "source_id", "language", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # "policy", "course" or "item"
    source_id: Mapped[str] = mapped_column(String(100), index=True)
    language: Mapped[str] = mapped_column(String(20))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(Text)  # the file as written
    source_hash: Mapped[str] = mapped_column(String(64))
    # The text rendered once, at publish: {"html"} of a lesson, {"intro_html", "sections"} of a
    # policy, {"summary", "description_html"} of a course, {"intro_html", "steps"} of a quiz.
    content: Mapped[dict] = mapped_column(JSON)
    made_from: Mapped[str] = mapped_column(String(64))
    made_from_version: Mapped[int]  # the source's version number it was made from
    author: Mapped[str] = mapped_column(String(254), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
