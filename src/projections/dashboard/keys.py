"""How the dashboard's tables key their rows: ids as text, weeks as ISO week names."""

from __future__ import annotations

from datetime import date
from uuid import UUID


def text_id(value: UUID | str) -> str:
    return str(value)


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
