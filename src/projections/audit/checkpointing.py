"""Scheduled audit checkpoints, made by the process that runs the audit projection.

With `CAREPACK_AUDIT_SIGNING_KEY` set, the projections host (embedded in the API, or
`carepack projections run`) signs the head of both audit chains when it starts and then
every `CAREPACK_AUDIT_CHECKPOINT_MINUTES`, even when nothing changed: the age of the
newest checkpoint then tells a verifier whether checkpointing still runs, and so how much
of the newest history could have been removed unseen.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Engine

from projections.audit.checkpoint_log import CheckpointLog
from projections.audit.checkpoints import Checkpoint, Signer, create_checkpoints
from projections.periodic import Periodic

log = logging.getLogger("carepack.audit")


def make_checkpoints(engine: Engine, signer: Signer, out: CheckpointLog) -> list[Checkpoint]:
    """Sign both chains' heads: rows first, then the log's lines (a line in the log always
    has its row, so a missing row is tampering, never a crash between the two)."""
    made = create_checkpoints(engine, signer)
    out.append(made)
    return made


class Checkpointer(Periodic):
    """A daemon thread making checkpoints every interval until stopped."""

    thread_name = "audit-checkpoints"

    def __init__(self, engine: Engine, settings: Any) -> None:
        super().__init__(settings.audit_checkpoint_minutes * 60.0)
        self.engine = engine
        self.signer = Signer(settings.audit_signing_key)
        self.out = CheckpointLog(settings.audit_checkpoint_log)
        self.last_error: str | None = None

    @classmethod
    def configured(cls, engine: Engine, settings: Any) -> Checkpointer | None:
        """One if a signing key is configured, else None."""
        return cls(engine, settings) if getattr(settings, "audit_signing_key", None) else None

    def tick(self) -> None:
        made = make_checkpoints(self.engine, self.signer, self.out)
        self.last_error = None
        log.info("audit checkpoints: %s", [(c.chain, c.position) for c in made])

    def failed(self, error: Exception) -> None:
        # The next interval tries again; say so meanwhile.
        self.last_error = f"{type(error).__name__}: {error}"
        log.error("audit checkpoint failed; trying again in %.0f s", self.interval, exc_info=error)
