"""The audit projection: one entry per stored event, hash-chained over the record as stored."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, insert, select

from projections.audit.chain import GENESIS, event_record_bytes, link, originator_text
from projections.audit.summary import describe
from projections.projector import Item, Projector
from projections.schema import audit_aggregate_patients, audit_entries


def _utc(moment: Any) -> datetime | None:
    if not isinstance(moment, datetime):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class AuditProjector(Projector):
    """Writes every event, in bulk per batch; the chain continues from the last entry."""

    name = "audit"
    tables = (audit_entries, audit_aggregate_patients)

    def apply_batch(self, conn: Connection, items: Sequence[Item]) -> None:
        entries, links = self.t[audit_entries.name], self.t[audit_aggregate_patients.name]
        last = conn.execute(
            select(entries.c.position, entries.c.hash).order_by(entries.c.position.desc()).limit(1)
        ).first()
        previous = GENESIS if last is None else str(last.hash)
        if last is not None:  # idempotent: entries already written are never written twice
            items = [item for item in items if item[0].id > last.position]
        known = self._known_patients(conn, links, items)
        rows: list[dict[str, Any]] = []
        new_links: dict[str, str] = {}
        for notification, event in items:
            originator = originator_text(notification.originator_id)
            described = describe(event, originator, notification.topic)
            if described.patient_id and originator not in known:
                known[originator] = new_links[originator] = described.patient_id
            previous = link(
                previous,
                event_record_bytes(
                    notification.id,
                    notification.originator_id,
                    notification.originator_version,
                    notification.topic,
                    notification.state,
                ),
            )
            rows.append(
                {
                    "position": notification.id,
                    "originator_id": originator,
                    "originator_version": notification.originator_version,
                    "aggregate_type": described.aggregate_type[:100],
                    "event_type": described.event_type[:100],
                    "topic": notification.topic,
                    "occurred_at": _utc(getattr(event, "timestamp", None)),
                    "actor_id": described.actor_id,
                    "actor_role": described.actor_role,
                    "patient_id": described.patient_id
                    or known.get(originator)
                    or described.actor_patient_id,
                    "correlation_id": described.correlation_id,
                    "summary": described.summary,
                    "hash": previous,
                }
            )
        if rows:
            conn.execute(insert(entries), rows)
        if new_links:
            conn.execute(
                insert(links), [{"originator_id": k, "patient_id": v} for k, v in new_links.items()]
            )

    @staticmethod
    def _known_patients(conn: Connection, links: Table, items: Sequence[Item]) -> dict[str, str]:
        """The patients already learnt for the aggregates in this batch."""
        ids = sorted({originator_text(n.originator_id) for n, _ in items})
        found: dict[str, str] = {}
        for start in range(0, len(ids), 500):  # stay under bind-parameter limits
            chunk = ids[start : start + 500]
            rows = conn.execute(
                select(links.c.originator_id, links.c.patient_id).where(
                    links.c.originator_id.in_(chunk)
                )
            )
            found.update({str(a): str(b) for a, b in rows})
        return found
