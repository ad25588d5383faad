"""The application's plumbing: store, clock, actors, retries, one-transaction saves."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder

from application.aggregate_cache import AggregateCache
from application.clock import Clock, SystemClock
from application.settings import Settings
from application.store import event_store_environment
from application.transcodings import register_transcodings
from domain.context import Actor, Ctx, events_at
from domain.errors import AlreadyExists, ConcurrencyConflict, NotFound, VersionMismatch

log = logging.getLogger(__name__)
A = TypeVar("A", bound=Aggregate)
MAX_ATTEMPTS = 8
# Seconds; doubled per lost race, jittered. Without it, racers on one aggregate collide
# again at once and the slowest one exhausts its attempts (seen with 12 threads on PG).
RETRY_BACKOFF = 0.002
# The back-off's jitter has a generator of its own: the module's global one belongs to whoever
# seeds it (hypothesis checks that nothing draws from it while it generates an example).
_jitter = random.Random()
Outcome = TypeVar("Outcome")  # what a command tells its caller (`application.outcomes`), or None
# A command's decision: (subject id, changed aggregates, outcome), on fresh state.
Decide = Callable[[], tuple[UUID, Sequence[Aggregate], Outcome]]
# The aggregates loaded in the current unit of work (see `CarepackBase.unit_of_work`),
# by (application, aggregate id): two applications never share an instance.
_loaded: ContextVar[dict[tuple[int, UUID], Aggregate] | None] = ContextVar(
    "carepack_loaded", default=None
)


@dataclass(frozen=True)
class Done(Generic[Outcome]):
    """What a command returns: the id it acted on, the store position of its last event, and
    its typed outcome (`application.outcomes`; None for a command with nothing more to say)."""

    id: UUID
    position: int | None
    outcome: Outcome


class CarepackBase(Application[UUID]):
    name = "carepack"

    def __init__(self, settings: Settings | None = None, clock: Clock | None = None) -> None:
        self.settings = settings or Settings()
        self.clock: Clock = clock or SystemClock()
        size = self.settings.aggregate_cache_size
        self.aggregate_cache = AggregateCache(size) if size else None
        super().__init__(env=event_store_environment(self.settings))

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_transcodings(transcoder)

    # --- context ------------------------------------------------------------------
    def ctx(self, actor: Actor, correlation_id: str) -> Ctx:
        return Ctx(
            actor=actor,
            correlation_id=correlation_id,
            now=self.clock.now(),
            zone=self.settings.zone,
        )

    # --- loading ------------------------------------------------------------------
    @contextmanager
    def unit_of_work(self) -> Iterator[None]:
        """Within it, an aggregate is read from the store once and then reused.

        One HTTP request is one unit of work: the data-scope check, the command and the
        answer then share the aggregates they load instead of replaying each up to three
        times. Safe because saving stays optimistic: a command deciding on a state that
        changed since it was loaded loses the race in `save()`, and `run` forgets every
        loaded aggregate before it retries on fresh state. After a successful save the
        reused aggregates are exactly what the command wrote, which is what it answers.

        When it ends, its aggregates with no unsaved events go (back) to the process's
        `aggregate_cache`, from which the next unit of work fast-forwards them.
        """
        loaded: dict[tuple[int, UUID], Aggregate] = {}
        token = _loaded.set(loaded)
        try:
            yield
        finally:
            _loaded.reset(token)
            cache = self.aggregate_cache
            if cache is not None:
                for (app, _), aggregate in loaded.items():
                    if app == id(self) and not aggregate.pending_events:
                        cache.give_back(aggregate)

    def load(self, cls: type[A], aggregate_id: UUID, expected_version: int | None = None) -> A:
        """Load an aggregate of a given type, or raise NotFound; check an If-Match version."""
        loaded, key = _loaded.get(), (id(self), aggregate_id)
        found: Aggregate | None = loaded.get(key) if loaded is not None else None
        if found is None:
            try:
                found = self._fetch(aggregate_id, cached=loaded is not None)
            except AggregateNotFoundError:
                raise NotFound(f"no {_label(cls)} {aggregate_id}", kind=_label(cls)) from None
            if loaded is not None:
                loaded[key] = found
        if not isinstance(found, cls):
            raise NotFound(f"no {_label(cls)} {aggregate_id}", kind=_label(cls))
        if expected_version is not None and found.version != expected_version:
            raise VersionMismatch(
                f"the {_label(cls)} is at version {found.version}, not {expected_version}",
                current_version=found.version,
            )
        return found

    def _fetch(self, aggregate_id: UUID, cached: bool) -> Aggregate:
        """The aggregate as the store holds it now: within a unit of work, the cached
        instance fast-forwarded by the events stored after its version, if the cache has
        it; otherwise replayed from its first event."""
        cache = self.aggregate_cache if cached else None
        held = cache.take(aggregate_id) if cache is not None else None
        if held is None:
            found: Aggregate = self.repository.get(aggregate_id, projector_func=_replay)
            return found
        newer = self.events.get(aggregate_id, gt=held.version)
        replayed: Aggregate = _replay(held, newer)
        return replayed

    def exists(self, aggregate_id: UUID) -> bool:
        return bool(self.recorder.select_events(aggregate_id, limit=1))

    # --- running a command --------------------------------------------------------
    def run(
        self, ctx: Ctx, decide: Decide[Outcome], on_lost_race: Callable[[], None] | None = None
    ) -> Done[Outcome]:
        """Run `decide` on fresh state and save what it changed in ONE transaction.

        `decide` loads the aggregates it needs, applies the rules (raising domain errors)
        and returns (subject id, changed aggregates, outcome). A lost optimistic-
        concurrency race re-runs it on fresh state, a bounded number of times;
        `on_lost_race` may instead raise the error that explains the conflict.
        """
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                with events_at(ctx.now):
                    subject, changed, outcome = decide()
                recordings = self.save(*changed)
            except IntegrityError:
                _forget_loaded()
                if on_lost_race is not None:
                    on_lost_race()
                log.info("lost a write race (attempt %d); retrying on fresh state", attempt)
                time.sleep(_jitter.uniform(0, RETRY_BACKOFF * 2**attempt))
                continue
            except BaseException:
                _forget_loaded()  # `decide` may have changed some of them before it refused
                raise
            _forget_unsaved()
            position = recordings[-1].notification.id if recordings else None
            return Done(subject, position, outcome)
        raise ConcurrencyConflict("too many concurrent changes; try again")

    def create(self, aggregate_id: UUID, ctx: Ctx, decide: Decide[Outcome]) -> Done[Outcome]:
        """Run a command that creates `aggregate_id`; an id already taken is a conflict."""

        def taken() -> None:
            # Saving version 1 of an id already in the store is what lost the race.
            if self.exists(aggregate_id):
                raise AlreadyExists(f"{aggregate_id} already exists")

        return self.run(ctx, decide, on_lost_race=taken)

    def step(
        self,
        cls: type[A],
        aggregate_id: UUID,
        ctx: Ctx,
        expected_version: int | None,
        change: Callable[[A], object],
    ) -> Done[None]:
        """Load one aggregate, apply one change, save."""

        def decide() -> tuple[UUID, Sequence[Aggregate], None]:
            aggregate = self.load(cls, aggregate_id, expected_version)
            change(aggregate)
            return aggregate_id, [aggregate], None

        return self.run(ctx, decide)


def _replay(aggregate: Any, events: Iterable[Any]) -> Any:
    """The library's `project_aggregate` without its per-event `isinstance` against a
    runtime-checkable Protocol (profiled: 6% of the API's CPU under load). Our stored
    events are all the aggregates' own `Event` classes, which define `mutate`."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def _forget_loaded() -> None:
    loaded = _loaded.get()
    if loaded is not None:
        loaded.clear()


def _forget_unsaved() -> None:
    """Drop any loaded aggregate `decide` changed but did not return for saving: what the
    rest of the request reads must be what the store holds."""
    loaded = _loaded.get()
    if loaded is not None:
        for key in [k for k, aggregate in loaded.items() if aggregate.pending_events]:
            del loaded[key]


def _label(cls: type[Any]) -> str:
    return {"PatientEpisode": "episode", "ServicePackage": "package"}.get(
        cls.__name__, cls.__name__
    ).lower()
