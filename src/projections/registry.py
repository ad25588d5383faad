"""Every read model's projector, listed once, and runners for them all.

`PROJECTORS` is the one list: the projections host (the API's threads and `carepack
projections run|status|rebuild`), the tests and the benchmarks take their projectors from
it. A new read model adds its projector class here (and its tables to `schema.TABLES`).
"""

from __future__ import annotations

import threading
from typing import Any

from eventsourcing.application import Application
from sqlalchemy import Engine

from projections.audit.projector import AuditProjector
from projections.dashboard.projector import DashboardProjector
from projections.finance.projector import FinanceProjector
from projections.projector import Projector
from projections.runner import Runner
from projections.status import ProjectionStatus

# Each projector's `name` keys its stored position and its status.
PROJECTORS: tuple[type[Projector], ...] = (AuditProjector, DashboardProjector, FinanceProjector)


def projector_classes() -> dict[str, type[Projector]]:
    """Projector classes by name, in `PROJECTORS`' order."""
    return {cls.name: cls for cls in PROJECTORS}


def build_runners(
    app: Application[Any],
    engine: Engine,
    names: list[str] | None = None,
    batch_size: int | None = None,
) -> list[Runner]:
    """One runner per projector (all, or those named; an unknown name is a KeyError).

    Without `batch_size` each runner takes its projector's `preferred_batch_size`.
    """
    classes = projector_classes()
    chosen = names if names else list(classes)
    return [Runner(app, engine, classes[name](), batch_size=batch_size) for name in chosen]


def run_all(runners: list[Runner], stop: threading.Event) -> list[threading.Thread]:
    """Start each runner's `run_forever` in a daemon thread; set `stop`, then join them."""
    threads = [
        threading.Thread(
            target=runner.run_forever, args=(stop,), name=f"projection-{runner.name}", daemon=True
        )
        for runner in runners
    ]
    for thread in threads:
        thread.start()
    return threads


def status_all(runners: list[Runner]) -> list[ProjectionStatus]:
    return [runner.status() for runner in runners]
