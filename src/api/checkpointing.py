"""Scheduled audit checkpoints, made by the process that runs the audit projection.

With `CAREPACK_AUDIT_SIGNING_KEY` set, the projections host (embedded in the API, or
`carepack projections run`) signs the head of both audit chains when it starts and then
every `CAREPACK_AUDIT_CHECKPOINT_MINUTES`, even when nothing changed: the age of the
newest checkpoint then tells a verifier whether checkpointing still runs, and so how much
of the newest history could have been removed unseen.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlalchemy import Engine

from projections.audit.checkpoint_log import CheckpointLog
from projections.audit.checkpoints import Checkpoint, Signer, create_checkpoints

log = logging.getLogger("carepack.audit")


def make_checkpoints(engine: Engine, signer: Signer, out: CheckpointLog) -> list[Checkpoint]:
    """Sign both chains' heads: rows first, then the log's lines (a line in the log always
    has its row, so a missing row is tampering, never a crash between the two)."""
    made = create_checkpoints(engine, signer)
    out.append(made)
    return made


class Checkpointer:
    """A daemon thread making checkpoints every interval until stopped."""

    def __init__(self, engine: Engine, settings: Any) -> None:
        self.engine = engine
        self.signer = Signer(settings.audit_signing_key)
        self.out = CheckpointLog(settings.audit_checkpoint_log)
        self.interval = settings.audit_checkpoint_minutes * 60.0
        self.last_error: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def configured(cls, engine: Engine, settings: Any) -> Checkpointer | None:
        """One if a signing key is configured, else None."""
        return cls(engine, settings) if getattr(settings, "audit_signing_key", None) else None

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="audit-checkpoints", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                made = make_checkpoints(self.engine, self.signer, self.out)
                self.last_error = None
                log.info("audit checkpoints: %s", [(c.chain, c.position) for c in made])
            except Exception as error:  # the next interval tries again; say so meanwhile
                self.last_error = f"{type(error).__name__}: {error}"
                log.exception("audit checkpoint failed; trying again in %.0f s", self.interval)
            self._stop.wait(self.interval)

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
