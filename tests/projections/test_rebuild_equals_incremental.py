"""Every read model, built event by event, equals the same model rebuilt from zero."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from sqlalchemy import Engine, select

from application.settings import Settings
from projections.engine import create_read_engine
from projections.migrations import upgrade
from projections.rebuild import rebuild
from projections.registry import projector_classes
from projections.runner import Runner
from tests.projections.random_hospital import RandomHospital, steps

Rows = dict[str, set[tuple[Any, ...]]]


def _rows(engine: Engine, name: str) -> Rows:
    tables = projector_classes()[name].tables
    with engine.connect() as conn:
        return {t.name: {tuple(row) for row in conn.execute(select(t))} for t in tables}


def _incremental(hospital: RandomHospital, engine: Engine) -> None:
    for cls in projector_classes().values():
        Runner(hospital.clinic.app, engine, cls(), batch_size=1).catch_up()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=steps)
def test_given_random_histories_then_every_read_model_rebuilds_to_the_same_rows(
    steps: list[tuple[str, int, int]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings_ = Settings(database_url=f"sqlite:///{tmp}/events.db", data_dir=Path(tmp))
        hospital = RandomHospital(settings_)
        upgrade(settings_)
        engine = create_read_engine(settings_)
        try:
            for k in range(3):  # some material for the random steps to work on
                hospital.do_patient(k, k)
                hospital.do_episode(k, k)
                hospital.do_buy(k, k)
            for op, i, j in steps:
                hospital.step(op, i, j)
                _incremental(hospital, engine)  # after every command, one event per batch
            for name, cls in projector_classes().items():
                incremental = _rows(engine, name)
                rebuild(Runner(hospital.clinic.app, engine, cls(), batch_size=10_000))
                assert _rows(engine, name) == incremental, name
        finally:
            hospital.clinic.close()
            engine.dispose()
