"""Load from N concurrent clients (closed loop, or paced), and the projections' lag under it.

Each client runs stories back to back until the time is up (or the story budget is
spent); a story started before the deadline is finished, so `elapsed` is measured to the
last answer. Every client first plays one story untimed (connections, caches, imports).
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import psycopg


class Pacer:
    """Open-loop arrivals: hands out command start times `1/rate` apart, shared by all
    clients. A command's latency is counted from its slot, not from when a client got to
    it, so a slow answer delaying the next command is not hidden (coordinated omission)."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self._next = 0.0
        self._lock = threading.Lock()

    def slot(self) -> float:
        """Wait for the next free slot; its `perf_counter` time."""
        with self._lock:
            now = time.perf_counter()
            self._next = max(self._next, now)
            slot, self._next = self._next, self._next + self.interval
        if slot > now:
            time.sleep(slot - now)
        return slot


class Client(Protocol):
    latencies: list[float]
    pacer: Pacer | None

    def run_once(self) -> int: ...

    def close(self) -> None: ...


@dataclass
class Result:
    commands: int = 0
    stories: int = 0
    elapsed: float = 0.0
    latencies: list[float] = field(default_factory=list)  # ms, sorted
    errors: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.commands / self.elapsed if self.elapsed else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        return self.latencies[min(len(self.latencies) - 1, int(len(self.latencies) * q))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) if self.latencies else float("nan")


def drive(
    make: Callable[[int], Client],
    clients: int,
    seconds: float,
    max_stories: int,
    around: tuple[Callable[[], object], Callable[[], object]] | None = None,
    pace: float | None = None,
) -> Result:
    """Run `clients` threads of stories for `seconds` (at most `max_stories` in all);
    `around` is called just before the timed part (after the warm-up) and just after.
    `pace`: commands/s for all clients together (open loop, see `Pacer`); None: each
    client sends its next command as soon as the last is answered (closed loop)."""
    result, lock = Result(), threading.Lock()
    pacer = Pacer(pace) if pace else None
    ready, go = threading.Barrier(clients + 1), threading.Event()
    budget = [max_stories]
    deadline = [0.0]

    def take() -> bool:
        with lock:
            budget[0] -= 1
            return budget[0] >= 0 and time.perf_counter() < deadline[0]

    def work(n: int) -> None:
        client = make(n)
        try:
            _untimed(client, result, lock)
            ready.wait()
            go.wait()
            client.pacer = pacer
            commands = stories = 0
            while take():
                try:
                    commands += client.run_once()
                    stories += 1
                except Exception as error:  # counted, reported; the client carries on
                    with lock:
                        result.errors.append(f"{type(error).__name__}: {error}")
            with lock:
                result.commands += commands
                result.stories += stories
                result.latencies += client.latencies
        finally:
            client.close()

    threads = [threading.Thread(target=work, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    if around:
        around[0]()
    started = time.perf_counter()
    deadline[0] = started + seconds
    go.set()
    for thread in threads:
        thread.join()
    result.elapsed = time.perf_counter() - started
    if around:
        around[1]()
    result.latencies.sort()
    return result


def _untimed(client: Client, result: Result, lock: threading.Lock) -> None:
    try:
        client.run_once()
    except Exception as error:
        with lock:
            result.errors.append(f"warm-up {type(error).__name__}: {error}")
    client.latencies.clear()


HEAD = "SELECT max(notification_id) FROM carepack_events"
POSITIONS = "SELECT min(position), count(*) FROM projection_positions"


class LagSampler:
    """Samples (time, store head, slowest projection's position) every `interval` seconds."""

    def __init__(self, database_url: str, projections: int, interval: float = 0.1) -> None:
        self.url, self.projections, self.interval = database_url, projections, interval
        self.samples: list[tuple[float, int, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self, conn: psycopg.Connection[tuple[object, ...]]) -> tuple[float, int, int]:
        head = conn.execute(HEAD).fetchone()
        low, count = conn.execute(POSITIONS).fetchone() or (0, 0)
        position = int(low or 0) if count == self.projections else 0  # type: ignore[call-overload]
        return time.perf_counter(), int(head[0] or 0) if head else 0, position  # type: ignore[call-overload]

    def _run(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self._stop.is_set():
                self.samples.append(self.sample(conn))
                self._stop.wait(self.interval)

    def __enter__(self) -> LagSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def settle(self, timeout: float) -> bool:
        """Keep sampling after the load until the projections reach the head (or timeout)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.samples and self.samples[-1][2] >= self.samples[-1][1] > 0:
                return True
            time.sleep(self.interval)
        return False

    def lags(self, since: float, until: float) -> list[float]:
        """For each sample taken in [since, until]: seconds until a projection position
        at or past that sample's head was seen (unseen: until the last sample)."""
        found, samples = [], self.samples
        for i, (t, head, _) in enumerate(samples):
            if not since <= t <= until:
                continue
            caught = next((s for s in samples[i:] if s[2] >= head), samples[-1])
            found.append(caught[0] - t)
        return found


def idle_lag(database_url: str, projections: int, command: Callable[[], object]) -> float:
    """Seconds from a command's answer until every projection has applied it (no load)."""
    sampler = LagSampler(database_url, projections)
    with psycopg.connect(database_url, autocommit=True) as conn:
        command()
        started = time.perf_counter()
        _settle(sampler, conn, timeout=10.0, poll=0.005)
        return time.perf_counter() - started


def wait_settled(database_url: str, projections: int, timeout: float = 30.0) -> None:
    """Block until every projection has applied everything stored (or `timeout`)."""
    sampler = LagSampler(database_url, projections)
    with psycopg.connect(database_url, autocommit=True) as conn:
        _settle(sampler, conn, timeout, poll=0.02)


def _settle(
    sampler: LagSampler, conn: psycopg.Connection[tuple[object, ...]], timeout: float, poll: float
) -> None:
    """Sample every `poll` seconds until the slowest projection reaches the head."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        _, head, position = sampler.sample(conn)
        if position >= head:
            return
        time.sleep(poll)
