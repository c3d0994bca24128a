"""The dashboard's trend, kept per closed week once it has been counted."""

from datetime import date, datetime

from sqlalchemy import Date, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from training.db import UTCDateTime, db, utcnow


class TrendWeek(db.Model):
    """How many people were fully trained at the end of a closed week, for one choice of filters.

    Written the first time the dashboard shows the week with these filters and never changed: the
    evidence behind it is append-only and stamped with the time it was made, so a week that has ended
    keeps its figures. `department` and `course` are the dashboard's filters, "" for none.
    """

    __tablename__ = "trend_week"
    __table_args__ = (UniqueConstraint("week_start", "department", "course"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    week_start: Mapped[date] = mapped_column(Date)  # a Monday
    department: Mapped[str] = mapped_column(String(100))
    course: Mapped[str] = mapped_column(String(100))
    trained: Mapped[int]  # complete and current on every course assigned to them then
    assigned: Mapped[int]  # with at least one course assigned then
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StatusStamp(db.Model):
    """One row whose token changes with anything the status query reads (migration 0027's triggers).

    Counts kept under a token (training/status/tally.py) hold for as long as the token is the same.
    """

    __tablename__ = "status_stamp"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # always 1
    token: Mapped[str] = mapped_column(String(64))
