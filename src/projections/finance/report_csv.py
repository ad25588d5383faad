"""A reconciliation report as CSV, for finance's spreadsheet: one line per settlement line.

Amounts as decimals with two places next to `currency`, times ISO 8601 UTC. The provider
reference comes from the provider's file, so text cells go through the formula guard.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.money import Money
from projections.csv_cells import csv_text

COLUMNS = (
    "seq", "file_line", "provider_ref", "kind", "currency", "amount", "provider_amount",
    "our_amount", "settled_at", "status", "subscription_id", "refund_id",
)  # fmt: skip
_AMOUNTS = frozenset({"amount", "provider_amount", "our_amount"})


def _cell(column: str, value: Any) -> Any:
    if value is None:
        return ""
    if column in _AMOUNTS:
        return Money(int(value)).amount
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def report_csv(report: dict[str, Any]) -> str:
    """The lines of a report from `queries.get_report`, header first (CRLF, as RFC 4180)."""
    rows = [[_cell(c, line.get(c)) for c in COLUMNS] for line in report["lines"]]
    return csv_text([list(COLUMNS), *rows])
