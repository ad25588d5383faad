"""Every read model's projector, found by convention, and runners for them all.

A projector is found when its class is defined in a module named `projector*.py` under
`projections/` (e.g. `projections/finance/projector.py`) and sets `name` and `tables`.
The CLI (`carepack projections run|status|rebuild`) and the embedded API use this.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import threading
from typing import Any

from eventsourcing.application import Application
from sqlalchemy import Engine

import projections
from projections.projector import Projector
from projections.runner import Runner
from projections.status import ProjectionStatus


def projector_classes() -> dict[str, type[Projector]]:
    """Projector classes by name."""
    found: dict[str, type[Projector]] = {}
    for info in pkgutil.walk_packages(projections.__path__, "projections."):
        if not info.name.rpartition(".")[2].startswith("projector") or info.ispkg:
            continue
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, Projector)
                and cls.__module__ == module.__name__
                and "name" in dir(cls)
                and "tables" in dir(cls)
            ):
                found[cls.name] = cls
    return dict(sorted(found.items()))


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
