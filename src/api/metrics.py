"""Prometheus metrics: requests and latencies by route and status, projections' progress.

Each app has its own registry (several apps live in one test process). Projection
gauges are read at scrape time from the stored positions, so they also cover
projections running in another process.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from projections.status import ProjectionStatus

log = logging.getLogger("carepack.metrics")
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
METRICS_KEY = "metrics"


class ProjectionCollector(Collector):
    """Position, store head and lag of every projection, read when scraped."""

    def __init__(self, statuses: Callable[[], list[ProjectionStatus]]) -> None:
        self.statuses = statuses

    def collect(self) -> Iterator[GaugeMetricFamily]:
        position = GaugeMetricFamily(
            "carepack_projection_position", "Store position applied", labels=["projection"]
        )
        lag = GaugeMetricFamily(
            "carepack_projection_lag_events", "Events not yet applied", labels=["projection"]
        )
        behind = GaugeMetricFamily(
            "carepack_projection_lag_seconds",
            "Age of the oldest event not yet applied",
            labels=["projection"],
        )
        head = GaugeMetricFamily("carepack_event_store_head", "Newest store position")
        failing = GaugeMetricFamily(
            "carepack_projection_failing",
            "1 while the projection cannot apply an event (it retries with back-off)",
            labels=["projection"],
        )
        failing_at = GaugeMetricFamily(
            "carepack_projection_failing_position",
            "Store position of the event the projection cannot apply",
            labels=["projection", "event_type"],
        )
        try:
            found = self.statuses()
        except Exception:  # a scrape must answer even when a database is down
            log.exception("could not read the projections' status")
            found = []
        for status in found:
            position.add_metric([status.name], status.position)
            lag.add_metric([status.name], status.lag)
            behind.add_metric([status.name], status.seconds_behind)
            failing.add_metric([status.name], 0 if status.failing is None else 1)
            if status.failing is not None:
                where = [status.name, status.failing.event_type]
                failing_at.add_metric(where, status.failing.position)
        if found:
            head.add_metric([], max(s.head for s in found))
        yield from (position, lag, behind, head, failing, failing_at)


class Metrics:
    """The registry of one app and its request metrics."""

    def __init__(self, statuses: Callable[[], list[ProjectionStatus]]) -> None:
        self.registry = CollectorRegistry()
        labels = ["method", "route", "status"]
        self.requests = Counter(
            "carepack_http_requests", "HTTP requests", labels, registry=self.registry
        )
        self.latency = Histogram(
            "carepack_http_request_duration_seconds",
            "HTTP request latency",
            labels,
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.registry.register(ProjectionCollector(statuses))

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route, str(status)).observe(seconds)


def metrics_middleware(app: ASGIApp) -> ASGIApp:
    """Time each routed request; the route is its template, so ids don't explode labels."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 500}

        async def record_status(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = int(message["status"])
            await send(message)

        try:
            await app(scope, receive, record_status)
        finally:
            found: Any = getattr(scope["app"].state, METRICS_KEY, None)
            if isinstance(found, Metrics):
                route = str(scope.get("path_template") or "unmatched")
                found.observe(
                    str(scope.get("method", "")),
                    route,
                    status["code"],
                    time.perf_counter() - started,
                )

    return middleware
