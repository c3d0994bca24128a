"""Editors' working copies of content: kept apart from the published versions learners see."""

from datetime import datetime

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from training.db import UTCDateTime, db, utcnow

DRAFT_KINDS = ("policy", "course", "item")


class ContentDraft(db.Model):
    """The unpublished text of one policy, course or item; shared by every editor.

    There is at most one draft per thing. `revision` becomes a new random token on every save,
    so a form can tell whether the draft changed since it was opened, without locks. Publishing
    or discarding deletes the draft; the published versions are the history.
    """

    __table_args__ = (UniqueConstraint("kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # one of DRAFT_KINDS
    key: Mapped[str] = mapped_column(String(100))  # the policy, course or item id
    item_kind: Mapped[str] = mapped_column(String(10), default="")  # "lesson" or "quiz" for items
    # The course an item belongs to; the course may itself be an unpublished draft.
    course_id: Mapped[str] = mapped_column(String(100), default="")
    text: Mapped[str] = mapped_column(Text)  # the whole file, as in content/
    base_number: Mapped[int] = mapped_column(default=0)  # published version it started from; 0: new
    revision: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(254))
    updated_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
