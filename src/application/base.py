"""The application's plumbing: store, clock, actors, retries, one-transaction saves."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder

from application.clock import Clock, SystemClock
from application.settings import Settings
from application.store import event_store_environment
from application.transcodings import register_transcodings
from domain.context import Actor, Ctx, events_at
from domain.errors import DomainError, NotFound, VersionMismatch

log = logging.getLogger(__name__)
A = TypeVar("A", bound=Aggregate)
MAX_ATTEMPTS = 8
# Seconds; doubled per lost race, jittered. Without it, racers on one aggregate collide
# again at once and the slowest one exhausts its attempts (seen with 12 threads on PG).
RETRY_BACKOFF = 0.002
Decide = Callable[[], tuple[UUID, Sequence[Aggregate], dict[str, Any]]]


class AlreadyExists(DomainError):
    code = "already_exists"


class ConcurrencyConflict(DomainError):
    """The same aggregate changed under us on every retry: the client may try again."""

    code = "concurrency_conflict"


@dataclass(frozen=True)
class Done:
    """What a command returns: the id it acted on and the store position of its last event."""

    id: UUID
    position: int | None
    data: dict[str, Any] = field(default_factory=dict)


class CarepackBase(Application[UUID]):
    name = "carepack"

    def __init__(self, settings: Settings | None = None, clock: Clock | None = None) -> None:
        self.settings = settings or Settings()
        self.clock: Clock = clock or SystemClock()
        super().__init__(env=event_store_environment(self.settings))

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_transcodings(transcoder)

    # --- context ------------------------------------------------------------------
    def ctx(self, actor: Actor, correlation_id: str) -> Ctx:
        return Ctx(actor=actor, correlation_id=correlation_id, now=self.clock.now())

    # --- loading ------------------------------------------------------------------
    def load(self, cls: type[A], aggregate_id: UUID, expected_version: int | None = None) -> A:
        """Load an aggregate of a given type, or raise NotFound; check an If-Match version."""
        try:
            found: Aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFound(f"no {_label(cls)} {aggregate_id}", kind=_label(cls)) from None
        if not isinstance(found, cls):
            raise NotFound(f"no {_label(cls)} {aggregate_id}", kind=_label(cls))
        if expected_version is not None and found.version != expected_version:
            raise VersionMismatch(
                f"the {_label(cls)} is at version {found.version}, not {expected_version}",
                current_version=found.version,
            )
        return found

    def exists(self, aggregate_id: UUID) -> bool:
        return bool(self.recorder.select_events(aggregate_id, limit=1))

    # --- running a command --------------------------------------------------------
    def run(self, ctx: Ctx, decide: Decide) -> Done:
        """Run `decide` on fresh state and save what it changed in ONE transaction.

        `decide` loads the aggregates it needs, applies the rules (raising domain errors)
        and returns (subject id, changed aggregates, answer data). A lost optimistic-
        concurrency race re-runs it on fresh state, a bounded number of times.
        """
        for attempt in range(1, MAX_ATTEMPTS + 1):
            with events_at(ctx.now):
                subject, changed, data = decide()
            try:
                recordings = self.save(*changed)
            except IntegrityError:
                log.info("lost a write race (attempt %d); retrying on fresh state", attempt)
                time.sleep(random.uniform(0, RETRY_BACKOFF * 2**attempt))
                continue
            position = recordings[-1].notification.id if recordings else None
            return Done(subject, position, data)
        raise ConcurrencyConflict("too many concurrent changes; try again")

    def create(self, aggregate_id: UUID, ctx: Ctx, decide: Decide) -> Done:
        """Run a command that creates `aggregate_id`; an id already taken is a conflict."""

        def guarded() -> tuple[UUID, Sequence[Aggregate], dict[str, Any]]:
            if self.exists(aggregate_id):
                raise AlreadyExists(f"{aggregate_id} already exists")
            return decide()

        return self.run(ctx, guarded)

    def step(
        self,
        cls: type[A],
        aggregate_id: UUID,
        ctx: Ctx,
        expected_version: int | None,
        change: Callable[[A], object],
    ) -> Done:
        """Load one aggregate, apply one change, save."""

        def decide() -> tuple[UUID, Sequence[Aggregate], dict[str, Any]]:
            aggregate = self.load(cls, aggregate_id, expected_version)
            change(aggregate)
            return aggregate_id, [aggregate], {}

        return self.run(ctx, decide)


def _label(cls: type[Any]) -> str:
    return {"PatientEpisode": "episode", "ServicePackage": "package"}.get(
        cls.__name__, cls.__name__
    ).lower()
