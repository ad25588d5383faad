"""An injected failing handler: the dashboard cannot apply one patient's registration.

`python -m tests.api.failing_dashboard` runs `carepack projections run` with it in place
(the environment's CAREPACK_* settings choose the store), for the out-of-process test.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from sqlalchemy import Connection

from domain.patient import Patient
from projections import registry
from projections.dashboard.projector import DashboardProjector
from projections.projector import Item

BAD_NAME = "王-BOOM"
# What a database error may quote: SQL and a patient's data, for no report to repeat.
SECRET = "INSERT INTO dash_registrations VALUES ('110101194804021234')"


class BreaksOnName(DashboardProjector):
    broken: ClassVar[bool] = True

    def apply_batch(self, conn: Connection, items: Sequence[Item]) -> None:
        for _, event in items:
            if self.broken and isinstance(event, Patient.Registered) and event.name == BAD_NAME:
                raise RuntimeError(SECRET)
        super().apply_batch(conn, items)


# The projectors with the dashboard's replaced by the failing one.
INJECTED = tuple(BreaksOnName if cls is DashboardProjector else cls for cls in registry.PROJECTORS)


def inject() -> None:
    registry.PROJECTORS = INJECTED


if __name__ == "__main__":
    from api.cli.main import main

    inject()
    main(["projections", "run"])
