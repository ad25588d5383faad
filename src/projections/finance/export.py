"""CSV export of the finance refund rows: a streamed generator with a stable column order.

Amounts are written as decimals with two places (`239.88`, like the provider's files)
next to a `currency` column; times as ISO 8601 UTC. Text cells go through the one
formula-injection guard (`projections.csv_cells`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from domain.money import Money
from projections.csv_cells import safe_cell

COLUMNS = (
    "refund_id", "subscription_id", "package_id", "payer_type", "currency", "status", "scope",
    "channel", "reason_code", "requested_amount", "quoted_amount", "agreed_amount",
    "approved_amount", "paid_amount", "provider_ref", "requested_at", "requested_by",
    "quoted_at", "agreed_at", "agreed_by", "approved_at", "approved_by", "rejected_at",
    "rejected_by", "withdrawn_at", "withdrawn_by", "failed_at", "failure_reason", "paid_at",
    "paid_by",
)  # fmt: skip
_AMOUNTS = frozenset(c for c in COLUMNS if c.endswith("_amount"))


def _cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if column in _AMOUNTS:
        return Money(int(value)).amount
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(safe_cell(str(value)))


def csv_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The header, then one CSV line per refund row, each a `str` chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush(cells: list[str]) -> str:
        writer.writerow(cells)
        chunk = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return chunk

    yield flush(list(COLUMNS))
    for row in rows:
        yield flush([_cell(c, row.get(c)) for c in COLUMNS])
