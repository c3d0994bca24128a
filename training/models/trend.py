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
    """Tokens renewed by the database's triggers (migrations 0027 and 0030) when what the status query
    reads changes: row 1 with anything, row 2 with anything but course progress.

    Figures kept under a token (training/status/stamp.py) hold for as long as the token is the same.
    """

    __tablename__ = "status_stamp"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # 1 or 2
    token: Mapped[str] = mapped_column(String(64))


class DepartmentStamp(db.Model):
    """A token per department, renewed when the course progress of someone in it changes (0030).

    With status_stamp's row 2 it keeps the dashboard's counts per department (training/status/tally.py).
    """

    __tablename__ = "department_stamp"

    department: Mapped[str] = mapped_column(String(100), primary_key=True)
    token: Mapped[str] = mapped_column(String(64))
