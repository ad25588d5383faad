"""The demo hospital: seeds a realistic, deterministic history through the use cases.

Three departments, packages in every lifecycle state, a few hundred patients with
episodes at every stage and tier, purchases, redemptions, refunds at every step and
follow-ups due and overdue, so every dashboard panel and worklist shows something.
The clock starts `DAYS` before `today` and moves forward as the story goes on; the
same seed, patient count and `today` give the same history.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from uuid import UUID

from application.app import Carepack
from application.clock import FixedClock
from demo.activity import activity_phase, closing_phase, refunds_phase
from demo.world import Story, World, catalogue_phase, enrolment_phase

DAYS = 120
DEFAULT_PATIENTS = 300
DEFAULT_SEED = 20260302
Progress = Callable[[str, int, int], None]
"""`progress(phase, done, total)`: called as the seeding goes on (for a progress bar)."""


class StoreNotEmpty(RuntimeError):
    """The demo seeds only an empty event store."""


@dataclass
class DemoReport:
    patients: int
    events: int
    seconds: float
    started_at: datetime
    ended_at: datetime
    counts: dict[str, int] = field(default_factory=dict)
    patient_ids: list[UUID] = field(default_factory=list)


def demo_start(today: date) -> datetime:
    """Where the demo's clock starts: `DAYS` before `today`, 08:00 UTC."""
    return datetime.combine(today - timedelta(days=DAYS), dtime(8, 0), tzinfo=UTC)


def seed_demo(
    app: Carepack,
    *,
    patients: int = DEFAULT_PATIENTS,
    seed: int = DEFAULT_SEED,
    today: date | None = None,
    progress: Progress | None = None,
) -> DemoReport:
    """Seed the demo hospital into `app`'s (empty) store; returns what was made."""
    if app.recorder.max_notification_id():
        raise StoreNotEmpty("the event store is not empty: the demo seeds only an empty store")
    today = today or datetime.now(app.settings.zone).date()
    clock = FixedClock(demo_start(today))
    saved_clock, app.clock = app.clock, clock
    began = time.perf_counter()
    world = World(app=app, clock=clock, rng=random.Random(seed), today=today)
    report = progress or _quiet
    try:
        catalogue_phase(world)
        story = Story(world, patients)
        enrolment_phase(story, report)
        activity_phase(story, report)
        refunds_phase(story, report)
        closing_phase(story, report)
    finally:
        app.clock = saved_clock
    return DemoReport(
        patients=patients,
        events=app.recorder.max_notification_id() or 0,
        seconds=time.perf_counter() - began,
        started_at=demo_start(today),
        ended_at=clock.now(),
        counts=dict(world.counts),
        patient_ids=[plan.patient_id for plan in story.plans],
    )


def _quiet(phase: str, done: int, total: int) -> None:
    return None
