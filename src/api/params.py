"""Time parameters read the same way by every endpoint: as UTC, or a 422.

Each turns input the database would choke on (a 500) into a 422 with a stable code,
before any query runs — a streamed export cannot answer a problem once it has started.
"""

from __future__ import annotations

from datetime import UTC, datetime

from api.problems import ApiProblem


def as_utc(moment: datetime) -> datetime:
    """A time without an offset is taken as UTC (as `as_of` always was). Raises
    OverflowError for a time UTC cannot hold (year 1 at +05:00, year 9999 at -05:00)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def utc_param(value: datetime | None, name: str) -> datetime | None:
    """A time filter in UTC, or 422 `time_out_of_range`."""
    if value is None:
        return None
    try:
        return as_utc(value)
    except OverflowError:
        raise ApiProblem(
            422, "time_out_of_range", f"{name} is outside the times UTC can hold"
        ) from None
