"""A projector's handlers all take one contract: rows through `conn`, or in-memory state."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Connection

from domain.patient import Patient
from projections.batch_projector import BatchProjector
from projections.projector import Projector, handles, handles_in_memory


def test_a_row_handler_on_a_batch_projector_is_refused() -> None:
    with pytest.raises(TypeError, match="other contract"):

        class Mixed(BatchProjector):
            name = "mixed"
            tables = ()

            @handles(Patient.Registered)
            def registered(self, conn: Connection, position: int, event: Any) -> None: ...


def test_a_state_handler_on_a_row_projector_is_refused() -> None:
    with pytest.raises(TypeError, match="other contract"):

        class Mixed(Projector):
            name = "mixed"
            tables = ()

            @handles_in_memory(Patient.Registered)
            def registered(self, state: Any, position: int, event: Any) -> None: ...


def test_each_kind_finds_its_own_handlers() -> None:
    class Rows(Projector):
        name = "rows"
        tables = ()

        @handles(Patient.Registered)
        def registered(self, conn: Connection, position: int, event: Any) -> None: ...

    class InMemory(BatchProjector):
        name = "in_memory"
        tables = ()

        @handles_in_memory(Patient.Registered)
        def registered(self, state: Any, position: int, event: Any) -> None: ...

    assert Rows._handlers == {Patient.Registered: "registered"}
    assert InMemory._handlers == {Patient.Registered: "registered"}
