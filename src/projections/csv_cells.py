"""The one guard every CSV Carepack writes uses against spreadsheet formula injection.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, in some, a tab or
carriage return) as a formula — `=HYPERLINK(...)` or `=cmd|...` from a header a client
chose, a token's subject or a provider's reference. Such text gets a leading apostrophe,
which spreadsheets show as text and strip (OWASP, "CSV Injection"). Numbers and times are
written as they are: they never start with one of these, except a negative number, which
is a number, not text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """`value`, with text a spreadsheet would take for a formula made inert."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """`rows` as CSV text, every cell through `safe_cell`. Lines end in CRLF (RFC 4180):
    the writer then quotes any cell holding a CR or LF, which with a bare LF it would not,
    and a CR inside a cell would start a new row (with an unguarded first cell)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()
