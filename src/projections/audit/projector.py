"""The audit projection: one entry per stored event, hash-chained over the record as stored."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from eventsourcing.persistence import Notification
from sqlalchemy import Connection, Table, insert, select

from projections.audit.chain import GENESIS, event_record_bytes, link, originator_text
from projections.audit.summary import Described, describe
from projections.projector import Item, Projector
from projections.schema import audit_aggregate_patients, audit_entries


def _utc(moment: Any) -> datetime | None:
    if not isinstance(moment, datetime):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _record_hash(previous: str, n: Notification) -> str:
    record = event_record_bytes(n.id, n.originator_id, n.originator_version, n.topic, n.state)
    return link(previous, record)


def _row(n: Notification, event: Any, d: Described, patient: str | None, hash_: str) -> Any:
    return {
        "position": n.id,
        "originator_id": originator_text(n.originator_id),
        "originator_version": n.originator_version,
        "aggregate_type": d.aggregate_type[:100],
        "event_type": d.event_type[:100],
        "topic": n.topic,
        "occurred_at": _utc(getattr(event, "timestamp", None)),
        "actor_id": d.actor_id,
        "actor_role": d.actor_role,
        "patient_id": patient,
        "correlation_id": d.correlation_id,
        "summary": d.summary,
        "hash": hash_,
    }


class AuditProjector(Projector):
    """Writes every event, in bulk per batch; the chain continues from the last entry.

    The patient of an event is the one it names (or the Patient aggregate itself), else
    the one an earlier event of the same aggregate named (remembered in
    `audit_aggregate_patients`), else the patient a proxy acted for.
    """

    name = "audit"
    tables = (audit_entries, audit_aggregate_patients)

    def apply_batch(self, conn: Connection, items: Sequence[Item]) -> None:
        entries, links = self.t[audit_entries.name], self.t[audit_aggregate_patients.name]
        last = conn.execute(
            select(entries.c.position, entries.c.hash).order_by(entries.c.position.desc()).limit(1)
        ).first()
        previous = GENESIS if last is None else str(last.hash)
        if last is not None:  # idempotent: an entry already written is never written twice
            items = [item for item in items if item[0].id > last.position]
        known = self._known_patients(conn, links, items)
        rows: list[dict[str, Any]] = []
        learnt: dict[str, str] = {}
        for notification, event in items:
            originator = originator_text(notification.originator_id)
            described = describe(event, originator, notification.topic)
            if described.patient_id and originator not in known:
                known[originator] = learnt[originator] = described.patient_id
            patient = described.patient_id or known.get(originator) or described.actor_patient_id
            previous = _record_hash(previous, notification)
            rows.append(_row(notification, event, described, patient, previous))
        if rows:
            conn.execute(insert(entries), rows)
        if learnt:
            conn.execute(
                insert(links), [{"originator_id": k, "patient_id": v} for k, v in learnt.items()]
            )

    @staticmethod
    def _known_patients(conn: Connection, links: Table, items: Sequence[Item]) -> dict[str, str]:
        """The patients already learnt for the aggregates in this batch."""
        ids = sorted({originator_text(n.originator_id) for n, _ in items})
        found: dict[str, str] = {}
        for start in range(0, len(ids), 500):  # stay under bind-parameter limits
            rows = conn.execute(
                select(links.c.originator_id, links.c.patient_id).where(
                    links.c.originator_id.in_(ids[start : start + 500])
                )
            )
            found.update({str(a): str(b) for a, b in rows})
        return found
