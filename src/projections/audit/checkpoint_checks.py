"""Checking one chain's signed checkpoints against the chain recomputed from the records."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from application.audit_keys import key_id, load_public_keys, load_signing_key
from application.settings import Settings
from projections.audit.chain import timestamp_text
from projections.audit.checkpoints import Checkpoint, signature_problem
from projections.audit.verify import CheckpointFailure, Seen, Verification

# The scheduler needs a moment to make the next checkpoint once an interval has passed.
GRACE_SECONDS = 60.0


@dataclass(frozen=True)
class CheckpointPolicy:
    """What verification trusts: the public keys, the interval, the checkpoint log."""

    public_keys: Mapping[str, Ed25519PublicKey]
    interval_seconds: float
    log_path: Path | None = None
    log_required: bool = False  # named by the auditor: a missing file is an error

    @classmethod
    def from_settings(cls, settings: Settings, log_path: Path | None = None) -> CheckpointPolicy:
        """The configured public keys (or the signing key's own), interval and log file;
        `log_path`, if given, is the auditor's copy of the log and must exist."""
        keys: dict[str, Ed25519PublicKey] = {}
        if settings.audit_public_key:
            keys = load_public_keys(settings.audit_public_key)
        elif settings.audit_signing_key:
            public = load_signing_key(settings.audit_signing_key).public_key()
            keys = {key_id(public): public}
        configured = settings.audit_checkpoint_log
        default = None if configured in (None, "-") else Path(str(configured))
        return cls(
            public_keys=keys,
            interval_seconds=settings.audit_checkpoint_minutes * 60.0,
            log_path=log_path or default,
            log_required=log_path is not None,
        )


def _fail(result: Verification, checkpoint: Checkpoint, reason: str) -> None:
    created = timestamp_text(checkpoint.created_at)
    result.failed_checkpoints.append(CheckpointFailure(checkpoint.position, reason, created))


def _log_matches_database(
    result: Verification, stored: list[Checkpoint], logged: list[Checkpoint]
) -> None:
    """The checkpoint log is the copy out of reach: each of its lines must be in the database."""
    in_database = {checkpoint.identity: checkpoint for checkpoint in stored}
    for checkpoint in logged:
        found = in_database.get(checkpoint.identity)
        if found is None:
            _fail(result, checkpoint, "in the checkpoint log, missing from the database")
        elif found != checkpoint:
            _fail(result, checkpoint, "the database's copy differs from the checkpoint log's")


def _against_chain(result: Verification, checkpoint: Checkpoint, seen: Seen) -> str | None:
    if checkpoint.position not in seen:
        if result.problem is None and checkpoint.position > result.head.position:
            return "beyond the end of the chain (entries removed)"
        return "position not reached by a verified chain"
    if seen[checkpoint.position] != (checkpoint.hash, checkpoint.count):
        return "chain hash or count at this position differs from the signed one"
    return None


def _truncation(result: Verification, trusted: list[Checkpoint]) -> None:
    """A chain that verifies but ends before a checkpoint was cut short."""
    newest = max(trusted, key=lambda c: c.position, default=None)
    if result.problem is None and newest is not None and newest.position > result.head.position:
        result.first_bad_position = result.head.position + 1
        result.problem = (
            f"truncated: the chain ends at position {result.head.position} ({result.checked} "
            f"entries) but a checkpoint signed position {newest.position} ({newest.count} entries)"
        )


def _age(result: Verification, trusted: list[Checkpoint], interval: float, now: datetime) -> None:
    newest = max((c.created_at for c in trusted), default=None)
    if newest is None:
        if result.checked:
            result.warnings.append(
                "no signed checkpoint: entries removed from the end would go unnoticed"
            )
        return
    age = (now - newest).total_seconds()
    result.checkpoint_age_seconds = round(age, 3)
    if age > interval + GRACE_SECONDS:
        result.warnings.append(
            f"the newest checkpoint is {age:.0f} s old, older than the interval of "
            f"{interval:.0f} s: is the checkpointing process running?"
        )


def check_checkpoints(
    result: Verification,
    seen: Seen,
    stored: list[Checkpoint],
    logged: list[Checkpoint],
    policy: CheckpointPolicy,
    now: datetime,
) -> None:
    """Fill the checkpoint findings of `result` (one chain's walk) and settle its `ok`."""
    _log_matches_database(result, stored, logged)
    trusted: list[Checkpoint] = []
    for checkpoint in dict.fromkeys(stored + logged):  # each distinct checkpoint once
        reason = None
        if policy.public_keys:
            result.signatures_checked += 1
            reason = signature_problem(checkpoint, policy.public_keys)
        if reason is None:
            trusted.append(checkpoint)
            reason = _against_chain(result, checkpoint, seen)
        if reason is not None:
            _fail(result, checkpoint, reason)
    result.failed_checkpoints.sort(key=lambda f: (f.position, f.created_at or ""))
    _truncation(result, trusted)
    _age(result, trusted, policy.interval_seconds, now)
    result.ok = result.problem is None and not result.failed_checkpoints
