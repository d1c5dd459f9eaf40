"""Report periods in the organisation's time zone, and local time inside SQL.

A report covers whole local days: ``start``..``end`` inclusive, in ``ORG_TIMEZONE``. SQL never
sees a time zone name. Instead each timestamp becomes epoch seconds (the one dialect-specific
piece, :func:`peerlearn.dialect.epoch_seconds`) plus the zone's UTC offset, which is
piecewise constant: the offsets in force during the period are found in Python (exactly, from
the IANA database) and written as a ``CASE`` on the epoch. Local day, hour and weekday are
then integer arithmetic that SQLite and PostgreSQL evaluate alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import ColumnElement, case, literal

EPOCH_DAY = date(1970, 1, 1)
DEFAULT_DAYS = 30


def org_zone() -> ZoneInfo:
    """The organisation's time zone (``PEERLEARN_TIMEZONE``)."""
    return ZoneInfo(current_app.config["ORG_TIMEZONE"])


def local_today(zone: ZoneInfo | None = None, now: datetime | None = None) -> date:
    """Today's date in the organisation's time zone."""
    return (now or datetime.now(UTC)).astimezone(zone or org_zone()).date()


def local_midnight_utc(day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant at which local ``day`` begins."""
    return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)


def to_epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def day_from_number(number: int) -> date:
    """The date of a local day number (days since 1970-01-01)."""
    return EPOCH_DAY + timedelta(days=int(number))


def offset_segments(zone: ZoneInfo, start: datetime, end: datetime) -> list[tuple[int, int]]:
    """``[(until_epoch, offset_seconds), …]``: the zone's UTC offsets between two instants.

    The last segment's ``until`` is ``end``. Offsets change at most a few times a year, so the
    search steps an hour at a time and bisects each change to the second.
    """

    def offset(epoch: int) -> int:
        moment = datetime.fromtimestamp(epoch, UTC).astimezone(zone)
        return int(moment.utcoffset().total_seconds())  # type: ignore[union-attr]

    lo, hi = to_epoch(start), to_epoch(end)
    segments: list[tuple[int, int]] = []
    current, cursor = offset(lo), lo
    while cursor < hi:
        step = min(cursor + 3600, hi)
        if offset(step) != current:
            left, right = cursor, step  # offset(left) == current != offset(right)
            while right - left > 1:
                middle = (left + right) // 2
                left, right = (middle, right) if offset(middle) == current else (left, middle)
            segments.append((right, current))
            current = offset(right)
            cursor = right
        else:
            cursor = step
    segments.append((hi, current))
    return segments


@dataclass(frozen=True)
class Period:
    """Whole local days ``start``..``end`` (inclusive) in ``zone``."""

    start: date
    end: date
    zone: ZoneInfo = field(default_factory=org_zone)

    @classmethod
    def last_days(cls, days: int = DEFAULT_DAYS, today: date | None = None) -> Period:
        """The ``days`` local days ending today (the dashboard's default)."""
        zone = org_zone()
        end = today or local_today(zone)
        return cls(end - timedelta(days=days - 1), end, zone)

    @property
    def utc_start(self) -> datetime:
        return local_midnight_utc(self.start, self.zone)

    @property
    def utc_end(self) -> datetime:
        """Exclusive: the start of the day after ``end``."""
        return local_midnight_utc(self.end + timedelta(days=1), self.zone)

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    def ending_window(self, days: int, today: date | None = None) -> Period:
        """The ``days`` local days ending on this period's last day, or on ``today`` when the
        period ends later (a range ending in the future has no activity there yet)."""
        end = min(self.end, today) if today is not None else self.end
        return Period(end - timedelta(days=days - 1), end, self.zone)

    def local_seconds(self, epoch: ColumnElement[int]) -> ColumnElement[int]:
        """``epoch`` shifted into local wall-clock seconds (still counted from 1970)."""
        segments = offset_segments(self.zone, self.utc_start, self.utc_end)
        if len(segments) == 1:
            return epoch + literal(segments[0][1])
        whens = [(epoch < until, literal(off)) for until, off in segments[:-1]]
        return epoch + case(*whens, else_=literal(segments[-1][1]))

    def local_day(self, epoch: ColumnElement[int]) -> ColumnElement[int]:
        """Local day number (days since 1970-01-01): see :func:`day_from_number`."""
        return self.local_seconds(epoch) // 86400

    def local_hour(self, epoch: ColumnElement[int]) -> ColumnElement[int]:
        return (self.local_seconds(epoch) % 86400) // 3600

    def local_weekday(self, epoch: ColumnElement[int]) -> ColumnElement[int]:
        """0 = Monday … 6 = Sunday (1970-01-01 was a Thursday)."""
        return (self.local_seconds(epoch) // 86400 + 3) % 7

    def as_dict(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}
