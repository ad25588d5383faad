"""Property: every event the domain accepts is applied by every projection, on both stores.

A story through the application's commands writes edge-case text (astral plane, combining
marks, right-to-left, zero-width, letters that grow when upper-cased, every field at its
maximum length) into every event that carries text; all projections then catch up to the
store's head with no event left failing. Examples accumulate in one store per test (each
story uses fresh ids), which keeps it to a few seconds per store.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from sqlalchemy import Engine

from application.app import Carepack
from application.clock import FixedClock
from application.settings import Settings
from projections.engine import create_read_engine
from projections.host import ProjectionsHost
from projections.migrations import upgrade
from tests.fixtures import START
from tests.projections.edge_story import tell, texts

EXAMPLES = 6  # ~60 commands each: about 1 s per example on PostgreSQL


def test_given_any_text_the_domain_accepts_then_every_projection_reaches_the_head(
    settings: Settings,
) -> None:
    upgrade(settings)
    app = Carepack(settings, FixedClock(START))
    engine = create_read_engine(settings)
    try:
        _check_stories(app, engine)
    finally:
        engine.dispose()
        app.close()


def _check_stories(app: Carepack, engine: Engine) -> None:
    host = ProjectionsHost(app, engine)

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
    @given(t=texts())
    def story(t: dict[str, Any]) -> None:
        tell(app, t)
        host.catch_up()
        statuses = host.statuses()
        assert [(s.name, s.failing) for s in statuses if s.failing] == []
        assert all(s.position == s.head for s in statuses), statuses

    story()
