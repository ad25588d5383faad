"""Checks the stored events against the audit chain and its signed checkpoints.

The store is re-read raw (no cipher key needed) and the chain recomputed from it; the
first position where the store and the recorded chain disagree is named, as altered
(same position, different record), removed (the chain has it, the store does not) or
inserted (the store has a record the chain never saw). Records newer than the audit
projection's head are not yet audited and are not a failure.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from sqlalchemy import Engine, select

from projections.audit.chain import GENESIS, event_record_bytes, link, originator_text
from projections.audit.checkpoints import Checkpoint, list_checkpoints
from projections.schema import audit_entries


@dataclass(frozen=True)
class ChainHead:
    position: int
    hash: str


@dataclass(frozen=True)
class CheckpointFailure:
    position: int
    reason: str


@dataclass
class Verification:
    ok: bool = True
    checked: int = 0
    head: ChainHead = field(default_factory=lambda: ChainHead(0, GENESIS))
    first_bad_position: int | None = None
    problem: str | None = None
    failed_checkpoints: list[CheckpointFailure] = field(default_factory=list)
    signatures_checked: bool = False


def _store(app: Application[Any], batch: int) -> Iterator[Notification]:
    start = 1
    while notifications := app.recorder.select_notifications(start=start, limit=batch):
        yield from notifications
        start = notifications[-1].id + 1


def _chain(engine: Engine, batch: int) -> Iterator[Any]:
    columns = [audit_entries.c[name] for name in ("position", "originator_id", "hash")]
    after = 0
    while True:
        with engine.connect() as conn:
            rows = conn.execute(
                select(*columns, audit_entries.c.originator_version)
                .where(audit_entries.c.position > after)
                .order_by(audit_entries.c.position)
                .limit(batch)
            ).all()
        if not rows:
            return
        yield from rows
        after = int(rows[-1].position)


def _compare(stored: Notification | None, entry: Any, previous: str) -> tuple[str, str]:
    """(problem, recomputed hash): problem is empty when the record matches its entry."""
    if stored is None or stored.id > entry.position:
        return f"removed: position {entry.position} is in the audit chain, not the store", ""
    if stored.id < entry.position:
        return f"inserted: position {stored.id} is in the store, not the audit chain", ""
    record = event_record_bytes(
        stored.id, stored.originator_id, stored.originator_version, stored.topic, stored.state
    )
    computed = link(previous, record)
    same = (originator_text(stored.originator_id), stored.originator_version) == (
        entry.originator_id,
        entry.originator_version,
    )
    if not same:
        return f"altered: position {stored.id} now holds another aggregate's event", ""
    if computed != entry.hash:
        return f"altered: the record at position {stored.id} no longer matches its hash", ""
    return "", computed


def verify_chain(
    app: Application[Any], engine: Engine, key: str | None, *, batch: int = 5000
) -> Verification:
    """Walk store and chain together; stop at the first disagreement; check checkpoints."""
    result = Verification()
    checkpoints = list_checkpoints(engine)
    wanted = {checkpoint.position for checkpoint in checkpoints}
    seen: dict[int, tuple[str, int]] = {}  # checkpoint position -> (recomputed hash, count)
    store = _store(app, batch)
    stored = next(store, None)
    for entry in _chain(engine, batch):
        problem, computed = _compare(stored, entry, result.head.hash)
        if problem:
            result.first_bad_position = (
                entry.position if stored is None else min(stored.id, int(entry.position))
            )
            result.problem = problem
            break
        result.checked += 1
        result.head = ChainHead(int(entry.position), computed)
        if result.head.position in wanted:
            seen[result.head.position] = (computed, result.checked)
        stored = next(store, None)
    _check_checkpoints(result, checkpoints, seen, key)
    result.ok = result.problem is None and not result.failed_checkpoints
    return result


def _check_checkpoints(
    result: Verification,
    checkpoints: list[Checkpoint],
    seen: dict[int, tuple[str, int]],
    key: str | None,
) -> None:
    result.signatures_checked = key is not None
    for checkpoint in checkpoints:
        reason = ""
        if key is not None and not checkpoint.signature_valid(key):
            reason = "signature does not match (checkpoint altered)"
        elif checkpoint.position not in seen:
            reason = "position not reached by a verified chain"
        elif seen[checkpoint.position] != (checkpoint.hash, checkpoint.count):
            reason = "chain hash or count at this position differs from the signed one"
        if reason:
            result.failed_checkpoints.append(CheckpointFailure(checkpoint.position, reason))
