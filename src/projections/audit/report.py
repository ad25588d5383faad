"""`audit verify`: both chains, their signed checkpoints, and the checkpoint log, in one report.

Each chain is recomputed (`verify.walk_events`, `access_log.walk_access_log`); then every
checkpoint known — stored in the database or written to the checkpoint log — must carry a
signature that verifies under the public key(s) and match the recomputed hash and count
at its position. The report fails when a chain ends before the newest checkpoint
(truncation: entries deleted and the position reset), when a checkpoint in the log is
missing from the database, and when a signature does not verify; it warns when the
newest checkpoint is older than the checkpoint interval.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from eventsourcing.application import Application
from sqlalchemy import Engine

from projections.audit.access_log import walk_access_log
from projections.audit.checkpoint_checks import CheckpointPolicy, check_checkpoints
from projections.audit.checkpoint_log import LogRead, read_checkpoint_log
from projections.audit.checkpoints import ACCESS_LOG, EVENTS, Checkpoint, list_checkpoints
from projections.audit.verify import Seen, Verification, walk_events


@dataclass
class LogSummary:
    path: str
    checkpoints: int
    unreadable_lines: list[int]


@dataclass
class AuditReport(Verification):
    """The events chain at the top level (the API's fields), the access log nested;
    `ok` only when both chains and every checkpoint verify."""

    access_log: Verification = field(default_factory=Verification)
    checkpoint_log: LogSummary | None = None


def _read_log(policy: CheckpointPolicy, warnings: list[str]) -> LogRead | None:
    if policy.log_path is None:
        return None
    try:
        found = read_checkpoint_log(policy.log_path)
    except FileNotFoundError:
        if policy.log_required:
            raise
        warnings.append(f"the checkpoint log {policy.log_path} does not exist (yet)")
        return None
    if found.unreadable_lines:
        warnings.append(f"checkpoint log lines that cannot be read: {found.unreadable_lines}")
    return found


def verify_audit(
    app: Application[Any],
    engine: Engine,
    policy: CheckpointPolicy,
    *,
    now: datetime | None = None,
    batch: int = 20_000,
) -> AuditReport:
    """Verify both chains against their checkpoints (FileNotFoundError: a required log)."""
    general: list[str] = []
    log = _read_log(policy, general)  # before the rows: a logged line's row is committed
    if not policy.public_keys:
        general.append("no audit public key configured: checkpoint signatures not checked")
    stored = list_checkpoints(engine)
    logged = log.checkpoints if log is not None else []
    walks: dict[str, Callable[[set[int]], tuple[Verification, Seen]]] = {
        EVENTS: lambda wanted: walk_events(app, engine, wanted, batch=batch),
        ACCESS_LOG: lambda wanted: walk_access_log(engine, wanted),
    }
    found: dict[str, Verification] = {}
    for chain, walk in walks.items():
        mine, mine_logged = _of(chain, stored), _of(chain, logged)
        result, seen = walk({c.position for c in mine + mine_logged})
        check_checkpoints(result, seen, mine, mine_logged, policy, now or datetime.now(UTC))
        found[chain] = result
    events, access = found[EVENTS], found[ACCESS_LOG]
    report = AuditReport(**vars(events), access_log=access)
    if log is not None:
        report.checkpoint_log = LogSummary(log.path, len(log.checkpoints), log.unreadable_lines)
    report.warnings = general + events.warnings + [f"access log: {w}" for w in access.warnings]
    report.ok = events.ok and access.ok
    return report


def _of(chain: str, checkpoints: list[Checkpoint]) -> list[Checkpoint]:
    return [c for c in checkpoints if c.chain == chain]
