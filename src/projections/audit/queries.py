"""Reading the audit entries and the access log, filtered and paged by position."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, func, select

from projections.reading import Db, connected
from projections.schema import access_log, audit_entries


@dataclass(frozen=True)
class AuditFilter:
    """Every given field must match; `since` is inclusive, `until` exclusive."""

    patient_id: str | None = None
    actor_id: str | None = None
    aggregate_type: str | None = None
    originator_id: str | None = None
    event_type: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    # An export's bound: positions up to this one (see `audit_patients`).
    through: int | None = None


@dataclass(frozen=True)
class AccessFilter:
    patient_id: str | None = None
    actor: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    # True: only break-the-glass accesses (what auditors review); False: only the others.
    emergency: bool | None = None
    # An export's bound: entries up to this sequence number (the log grows as it is read).
    through: int | None = None


def audit_conditions(f: AuditFilter) -> list[ColumnElement[bool]]:
    c = audit_entries.c
    equal = {
        c.patient_id: f.patient_id,
        c.actor_id: f.actor_id,
        c.aggregate_type: f.aggregate_type,
        c.originator_id: f.originator_id,
        c.event_type: f.event_type,
    }
    found = [column == value for column, value in equal.items() if value is not None]
    found += [c.occurred_at >= f.since] if f.since else []
    found += [c.occurred_at < f.until] if f.until else []
    found += [c.position <= f.through] if f.through is not None else []
    return found


def access_conditions(f: AccessFilter) -> list[ColumnElement[bool]]:
    c = access_log.c
    found = [c.patient_id == f.patient_id] if f.patient_id else []
    found += [c.actor == f.actor] if f.actor else []
    found += [c.at >= f.since] if f.since else []
    found += [c.at < f.until] if f.until else []
    found += [c.emergency == f.emergency] if f.emergency is not None else []
    found += [c.seq <= f.through] if f.through is not None else []
    return found


def access_head(engine: Db) -> int:
    """The access log's newest sequence number (0 when empty)."""
    with connected(engine) as conn:
        return int(conn.execute(select(func.max(access_log.c.seq))).scalar() or 0)


def page(
    engine: Db,
    table: Table,
    conditions: list[ColumnElement[bool]],
    *,
    after: int = 0,
    limit: int = 100,
) -> list[dict[str, Any]]:
    """Rows after the key `after` (position or seq), in order: pass the last key to go on."""
    key = table.primary_key.columns.values()[0]
    query = select(table).where(key > after, *conditions).order_by(key).limit(limit)
    with connected(engine) as conn:
        return [dict(row._mapping) for row in conn.execute(query)]


def list_audit_entries(
    engine: Db, f: AuditFilter, *, after: int = 0, limit: int = 100
) -> list[dict[str, Any]]:
    return page(engine, audit_entries, audit_conditions(f), after=after, limit=limit)


def audit_patients(engine: Db, f: AuditFilter) -> tuple[list[str], int]:
    """The patients of the matching entries, and the last match's position: an export
    bounded by it (`replace(f, through=...)`) shows exactly the patients logged for it."""
    conditions = audit_conditions(f)
    c = audit_entries.c
    with connected(engine) as conn:
        through = conn.execute(select(func.max(c.position)).where(*conditions)).scalar()
        if through is None:
            return [], 0
        query = (
            select(c.patient_id)
            .distinct()
            .where(*conditions, c.position <= through, c.patient_id.is_not(None))
        )
        return sorted(str(p) for (p,) in conn.execute(query)), int(through)


def list_access(
    engine: Db, f: AccessFilter, *, after: int = 0, limit: int = 100
) -> list[dict[str, Any]]:
    return page(engine, access_log, access_conditions(f), after=after, limit=limit)
