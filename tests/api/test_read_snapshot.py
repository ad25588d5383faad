"""X-Projection-Position is exact: an answer's rows and the position it reports are read in
one transaction, so a projection batch committed in between changes neither."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Connection, Engine

from api import read_models
from api.controllers import dashboard
from projections.dashboard.paging import InvalidCursor
from projections.read_your_writes import wait_for_position
from tests.api.dsl import DEPT, Api

POSITION = "X-Projection-Position"


def _projected(api: Api) -> int:
    """Wait until the dashboard has applied everything stored; the store's head."""
    head = int(api.client.app.state.carepack.recorder.max_notification_id() or 0)
    wait_for_position(api.client.app.state.read_engine, "dashboard", head)
    return head


def test_given_a_batch_projected_while_an_answer_is_read_then_its_position_is_the_rows(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = api.patient()
    _projected(api)
    before = int(api.call("GET", "/dashboard/patients", "nurse").headers[POSITION])
    real, moved = dashboard.queries.patients, []

    def patients_then_a_batch(*args: Any, **kwargs: Any) -> Any:
        page = real(*args, **kwargs)
        if not moved:  # another patient registered and projected before the answer is done
            moved.append(api.patient())
            assert _projected(api) > before
        return page

    monkeypatch.setattr(dashboard.queries, "patients", patients_then_a_batch)
    response = api.call("GET", f"/dashboard/patients?department={DEPT}", "nurse")

    shown = {row["patient_id"] for row in response.json()["items"]}
    assert first in shown and moved[0] not in shown
    assert int(response.headers[POSITION]) == before


def test_given_a_handler_failing_after_it_read_then_its_read_transaction_is_ended(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Connection] = []
    engine: Engine = api.client.app.state.read_engine

    class Spy:
        def connect(self) -> Connection:
            opened.append(engine.connect())
            return opened[-1]

    def rows_then_a_refusal(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        raise InvalidCursor("refused after reading")

    real = dashboard.queries.patients
    monkeypatch.setattr(read_models, "read_engine", lambda request: Spy())
    monkeypatch.setattr(dashboard.queries, "patients", rows_then_a_refusal)
    api.call("GET", "/dashboard/patients", "nurse", expect=422)

    assert len(opened) == 1 and opened[0].closed
