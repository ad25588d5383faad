"""A served process's heap, frozen once started: shorter garbage-collection pauses.

Python's full collections walk every object the cyclic collector tracks. A worker holds
about 150,000 of them from startup alone (Litestar, pydantic, SQLAlchemy, eventsourcing,
the routes), all alive for its whole life: each full collection walked them again, 40-57
ms measured in a started app, a pause every answer in flight waited for (the tail of the
paced command latency in bench/http_commands.py). `gc.freeze()` moves them to the
permanent generation, which collections skip; objects made later are collected as before.

Only served processes (`carepack serve`, `carepack projections run`) freeze: a test run
builds hundreds of apps in one process, and anything frozen is never collected.
"""

from __future__ import annotations

import gc
import logging
from typing import Any

log = logging.getLogger("carepack.heap")


def freeze_startup_heap(*_: Any) -> None:
    """Collect what startup left over, then freeze the rest (a lifespan hook, or a call)."""
    gc.collect()
    gc.freeze()
    log.info("froze %d startup objects out of garbage collection", gc.get_freeze_count())
