"""The projections inside the API process: started and stopped with the app (lifespan).

The embedded default (`CAREPACK_RUN_PROJECTIONS=true`) runs the `projections.host` in
background threads of the API; with `false` they run in `carepack projections run`.
"""

from __future__ import annotations

import logging
from typing import Any

from litestar import Litestar
from sqlalchemy import Engine

from api.metrics import Metrics
from projections.host import ProjectionsHost, projection_statuses

log = logging.getLogger("carepack.projections")


def ops_state(application: Any, engine: Engine) -> dict[str, Any]:
    """The app-state entries of operations: metrics, the projections host (set at startup)."""
    return {
        "metrics": Metrics(lambda: projection_statuses(application, engine)),
        "projections": None,
    }


def start_projections(app: Litestar) -> None:
    """Lifespan startup: run the projections in this process unless configured elsewhere."""
    state = app.state
    if not state.settings.run_projections:
        log.info("projections run elsewhere (CAREPACK_RUN_PROJECTIONS=false)")
        return
    host = ProjectionsHost(state.carepack, state.read_engine)
    host.start()
    state.projections = host


def stop_projections(app: Litestar) -> None:
    """Lifespan shutdown: stop the projection threads before the engines close."""
    host: ProjectionsHost | None = getattr(app.state, "projections", None)
    if host is not None:
        host.stop()
        app.state.projections = None
