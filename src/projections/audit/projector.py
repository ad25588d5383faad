"""The audit projection: one entry per stored event, hash-chained over the record as stored."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from sqlalchemy import Connection, Table, select

from projections.audit.chain import GENESIS, event_record_bytes, link, originator_text
from projections.audit.stored import StoredEventReader
from projections.audit.summary import Described, describe
from projections.lowlevel.bulk_insert import insert_rows
from projections.projector import Item, Projector
from projections.schema import audit_aggregate_patients, audit_entries


def _utc(moment: Any) -> datetime | None:
    if not isinstance(moment, datetime):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _record_hash(previous: str, n: Notification, originator: str) -> str:
    record = event_record_bytes(n.id, originator, n.originator_version, n.topic, n.state)
    return link(previous, record)


def _row(
    n: Notification, originator: str, occurred: Any, d: Described, patient: str | None, hash_: str
) -> tuple[Any, ...]:
    """An `audit_entries` row, in the table's column order (for `insert_rows`)."""
    return (
        n.id,
        originator,
        n.originator_version,
        d.aggregate_type[:100],
        d.event_type[:100],
        n.topic,
        _utc(occurred),
        d.actor_id,
        d.actor_role,
        patient,
        d.correlation_id,
        d.summary,
        hash_,
    )


class AuditProjector(Projector):
    """Writes every event, in bulk per batch; the chain continues from the last entry.

    The patient of an event is the one it names (or the Patient aggregate itself), else
    the one an earlier event of the same aggregate named (remembered in
    `audit_aggregate_patients`), else the patient a proxy acted for.
    """

    name = "audit"
    tables = (audit_entries, audit_aggregate_patients)
    # Decoding is most of the cost: the audit reads the stored states itself, cheaply.
    decodes_events = False
    preferred_batch_size = 2000

    def bind(self, app: Application[Any]) -> None:
        super().bind(app)
        self.reader = StoredEventReader(app.mapper)

    def apply_batch(self, conn: Connection, items: Sequence[Item]) -> None:
        entries, links = self.t[audit_entries.name], self.t[audit_aggregate_patients.name]
        last = conn.execute(
            select(entries.c.position, entries.c.hash).order_by(entries.c.position.desc()).limit(1)
        ).first()
        previous = GENESIS if last is None else str(last.hash)
        if last is not None:  # idempotent: an entry already written is never written twice
            items = [item for item in items if item[0].id > last.position]
        known = self._known_patients(conn, links, items)
        rows: list[tuple[Any, ...]] = []
        learnt: dict[str, str] = {}
        for notification, event in items:
            originator = originator_text(notification.originator_id)
            described, occurred = self._describe(notification, event, originator)
            if described.patient_id and originator not in known:
                known[originator] = learnt[originator] = described.patient_id
            patient = described.patient_id or known.get(originator) or described.actor_patient_id
            previous = _record_hash(previous, notification, originator)
            rows.append(_row(notification, originator, occurred, described, patient, previous))
        insert_rows(conn, entries, rows)
        insert_rows(conn, links, list(learnt.items()))

    def _describe(self, n: Notification, event: Any, originator: str) -> tuple[Described, Any]:
        """From the decoded event when the caller decoded it, else from the stored state."""
        if event is not None:
            return describe(event, originator, n.topic), getattr(event, "timestamp", None)
        return self.reader.describe(n, originator)

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
