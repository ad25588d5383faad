"""Subprocess of the crash test: `python -m tests.projections.crash_worker URL DIR DELAY BATCH`."""

from __future__ import annotations

import sys
from pathlib import Path

from application.settings import Settings
from application.store import event_store_environment
from projections.engine import create_read_engine
from projections.runner import Runner
from tests.projections.toy import BalanceProjector, ToyApp


def main(database_url: str, data_dir: str, delay: str, batch: str) -> None:
    settings = Settings(database_url=database_url, data_dir=Path(data_dir))
    app = ToyApp(env=event_store_environment(settings))
    engine = create_read_engine(settings)
    projector = BalanceProjector()
    projector.delay = float(delay)  # seconds per deposit: batches take long enough to kill
    try:
        Runner(app, engine, projector, batch_size=int(batch)).catch_up()
    finally:
        app.close()
        engine.dispose()


if __name__ == "__main__":
    main(*sys.argv[1:5])
