"""Where AuditEvent comes from: the audit trail (`audit_entries`) and the access log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select

from api.fhir import audit
from api.fhir.search import Built, DateRange, Key, Params, Reader, SearchError
from api.fhir.sources_care import _rows, reference_id
from domain.context import SYSTEM
from domain.errors import NotFound
from projections.schema import access_log, audit_entries

ACTIONS = frozenset({"C", "U", "E", "R"})


def _dated(column: Any, wanted: DateRange | None) -> list[Any]:
    if wanted is None:
        return []
    found = []
    if wanted.start is not None:
        found.append(column >= wanted.start)
    if wanted.end is not None:
        found.append(column < wanted.end)
    found.extend(~((column >= lo) & (column < hi)) for lo, hi in wanted.excluded)
    return found


def _actions(params: Params) -> set[str]:
    if "action" not in params.values:
        return set(ACTIONS)
    wanted = set(params.values["action"].split(","))
    if not wanted <= ACTIONS:
        raise SearchError(
            f"action is one of {sorted(ACTIONS)} (D never happens: nothing is deleted)"
        )
    return wanted


def _entry_actions(wanted: set[str]) -> list[Any]:
    c = audit_entries.c
    created, by_system = c.originator_version == 1, c.actor_role == SYSTEM
    parts = {
        "C": created,
        "E": ~created & by_system,
        "U": ~created & ((c.actor_role != SYSTEM) | c.actor_role.is_(None)),
    }
    chosen = [parts[a] for a in sorted(wanted - {"R"})]
    if len(chosen) == 3:
        return []
    condition = chosen[0]
    for part in chosen[1:]:
        condition = condition | part
    return [condition]


def event(reader: Reader, position: int) -> Built:
    rows = _rows(reader, select(audit_entries).where(audit_entries.c.position == position))
    if not rows:
        raise NotFound(f"no audit event {position}", kind="audit_event")
    row = dict(rows[0]._mapping)
    return Built(audit.from_entry(row), row["patient_id"])


def access(reader: Reader, seq: int) -> Built:
    rows = _rows(reader, select(access_log).where(access_log.c.seq == seq))
    if not rows:
        raise NotFound(f"no access-log entry {seq}", kind="audit_event")
    row = dict(rows[0]._mapping)
    return Built(audit.from_access(row), row["patient_id"])


class AuditEventSource:
    resource_type = "AuditEvent"
    parameters = {"patient": "reference", "date": "date", "agent": "reference", "action": "token"}

    def fetch(
        self, reader: Reader, params: Params, after: Key | None, limit: int
    ) -> Sequence[tuple[Key, Any]]:
        """Access-log rows (`access`, seq) first, then audit-trail entries (`event`, position)."""
        kind, start = (str(after[0]), int(after[1])) if after and len(after) == 2 else ("", 0)
        wanted = _actions(params)
        patient = reference_id(params.values["patient"]) if "patient" in params.values else None
        agent = params.values.get("agent")
        found: list[tuple[Key, Any]] = []
        if kind <= "access" and "R" in wanted:
            c = access_log.c
            if params.until is None:  # this search's snapshot of the log (see Params.until)
                head = _rows(reader, select(func.max(c.seq)))[0][0]
                params.until = int(head or 0)
            where = [c.seq > (start if kind == "access" else -1), c.seq <= params.until]
            where += _dated(c.at, params.date)
            where += [c.patient_id == patient] if patient else []
            where += [c.actor == agent] if agent else []
            query = select(access_log).where(*where).order_by(c.seq).limit(limit)
            found += [
                (("access", int(r.seq)), ("access", dict(r._mapping))) for r in _rows(reader, query)
            ]
        if len(found) < limit and wanted - {"R"}:
            e = audit_entries.c
            where = [
                e.position > (start if kind == "event" else -1),
                *_dated(e.occurred_at, params.date),
            ]
            where += [e.patient_id == patient] if patient else []
            where += [e.actor_id == agent] if agent else []
            where += _entry_actions(wanted)
            query = (
                select(audit_entries).where(*where).order_by(e.position).limit(limit - len(found))
            )
            found += [
                (("event", int(r.position)), ("event", dict(r._mapping)))
                for r in _rows(reader, query)
            ]
        return found

    def build(self, reader: Reader, params: Params, item: Any) -> Built | None:
        kind, row = item
        made = audit.from_access(row) if kind == "access" else audit.from_entry(row)
        return Built(made, row["patient_id"])
