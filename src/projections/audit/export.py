"""Streamed export of the audit entries and the access log as JSON Lines or CSV.

Each function is a generator of text chunks (one per batch of rows), read with keyset
pagination, so memory stays flat however long the history; a web handler streams
the chunks as they come, a CLI writes them to a file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, Engine, Table

from projections.audit.queries import (
    AccessFilter,
    AuditFilter,
    access_conditions,
    audit_conditions,
    page,
)
from projections.csv_cells import csv_text
from projections.schema import access_log, audit_entries

Format = Literal["jsonl", "csv"]


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _chunk(rows: list[dict[str, Any]], columns: list[str], fmt: Format, header: bool) -> str:
    if fmt == "jsonl":
        lines = (
            json.dumps({k: _plain(row[k]) for k in columns}, ensure_ascii=False) for row in rows
        )
        return "".join(line + "\n" for line in lines)
    cells = [["" if row[k] is None else _plain(row[k]) for k in columns] for row in rows]
    return csv_text([columns, *cells] if header else cells)


def _check(fmt: str) -> None:
    # Checked on the call, not on the first chunk: a web handler can still answer 400.
    if fmt not in ("jsonl", "csv"):
        raise ValueError(f"unknown export format {fmt!r}: use jsonl or csv")


def _export(
    engine: Engine, table: Table, conditions: list[ColumnElement[bool]], fmt: Format, batch: int
) -> Iterator[str]:
    columns = [column.name for column in table.columns]
    key = columns[0]
    after, first = 0, True
    while True:
        rows = page(engine, table, conditions, after=after, limit=batch)
        if rows or (first and fmt == "csv"):
            yield _chunk(rows, columns, fmt, header=first)
        if len(rows) < batch:
            return
        after, first = int(rows[-1][key]), False


def export_audit(
    engine: Engine, fmt: Format, f: AuditFilter | None = None, *, batch: int = 2000
) -> Iterator[str]:
    """Audit entries in position order; filter by patient, actor, aggregate, type, time."""
    _check(fmt)
    return _export(engine, audit_entries, audit_conditions(f or AuditFilter()), fmt, batch)


def export_access_log(
    engine: Engine, fmt: Format, f: AccessFilter | None = None, *, batch: int = 2000
) -> Iterator[str]:
    """Access-log entries in sequence order; filter by patient, actor and time."""
    _check(fmt)
    return _export(engine, access_log, access_conditions(f or AccessFilter()), fmt, batch)
