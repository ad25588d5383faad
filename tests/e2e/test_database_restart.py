"""PostgreSQL restarts under 16 clients: 503s during the outage, never a 500; Carepack
recovers by itself; every acknowledged command is in the store once; retries of the same
Idempotency-Key after the outage succeed.

A throwaway cluster of the test's own (never the shared server) is restarted with
`pg_ctl -m fast restart` while 16 threads register patients through a real
`carepack serve`, each request with an Idempotency-Key, each unanswered one retried with
its key as a client would (after Retry-After). Prints the figures (run with -s).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from application.app import Carepack
from application.settings import Settings
from tests.e2e.serving import PATIENT, STAFF, serving
from tests.e2e.throwaway_pg import Cluster, throwaway_cluster

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
CLIENTS = 16
BEFORE, AFTER = 3.0, 6.0  # seconds of load before and after the restart
LEASE = 3.0


@dataclass
class Attempt:
    key: str
    sent: float
    answered: float
    status: int  # 0: no answer (transport error)
    code: str = ""
    position: int = 0
    patient_id: str = ""


@dataclass
class Log:
    attempts: list[Attempt] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, attempt: Attempt) -> None:
        with self.lock:
            self.attempts.append(attempt)


def _post(client: httpx.Client, key: str) -> Attempt:
    body = {**PATIENT, "name": f"restart {key}"}
    headers = {"Authorization": f"Bearer {STAFF}", "Idempotency-Key": key}
    sent = time.monotonic()
    try:
        answer = client.post("/api/v1/patients", json=body, headers=headers)
    except httpx.TransportError:
        return Attempt(key, sent, time.monotonic(), 0)
    attempt = Attempt(key, sent, time.monotonic(), answer.status_code)
    if answer.headers.get("content-type", "").startswith("application/problem+json"):
        attempt.code = answer.json().get("code", "")
    elif answer.status_code == 201:
        attempt.position = int(answer.headers["x-event-position"])
        attempt.patient_id = answer.json()["id"]
    return attempt


def _client(base: str, number: int, stop: threading.Event, deadline: list[float], log: Log) -> None:
    with httpx.Client(base_url=base, timeout=60) as client:
        sequence = 0
        while not stop.is_set():
            key = f"c{number}-{sequence}"
            sequence += 1
            while True:  # the same key until it is answered for good
                attempt = _post(client, key)
                log.add(attempt)
                done = attempt.status == 201 or attempt.code == "already_exists"
                if done or attempt.status == 500 or time.monotonic() > deadline[0]:
                    break
                time.sleep(0.2)


def _stored_patients(url: str, data_dir: Path) -> tuple[dict[int, str], Counter[str]]:
    """Each PatientRegistered: {position: patient id} and how many per name."""
    app = Carepack(Settings(database_url=url, data_dir=data_dir))
    try:
        positions: dict[int, str] = {}
        names: Counter[str] = Counter()
        start = 1
        while batch := app.recorder.select_notifications(start, 1000):
            for notification in batch:
                if notification.topic.endswith("Patient.Registered"):
                    event: Any = app.mapper.to_domain_event(notification)
                    positions[notification.id] = str(event.originator_id)
                    names[event.name] += 1
            start = batch[-1].id + 1
        return positions, names
    finally:
        app.close()


def _load(cluster: Cluster, base: str) -> tuple[Log, float, float]:
    stop, log = threading.Event(), Log()
    deadline = [time.monotonic() + 600.0]
    threads = [threading.Thread(target=_client, args=(base, n, stop, deadline, log))
               for n in range(CLIENTS)]  # fmt: skip
    for thread in threads:
        thread.start()
    time.sleep(BEFORE)
    restart_started = time.monotonic()
    cluster.restart()
    back_up = time.monotonic()
    time.sleep(AFTER)
    stop.set()
    deadline[0] = time.monotonic() + LEASE + 30  # retries of unanswered keys, then give up
    for thread in threads:
        thread.join(timeout=120)
    return log, restart_started, back_up


def test_given_postgresql_restarting_under_16_clients_then_503s_recovery_and_no_double(
    tmp_path: Path,
) -> None:
    with throwaway_cluster() as cluster:
        url = cluster.create_database("carepack")
        settings = {"database_url": url, "idempotency_lease_seconds": str(LEASE)}
        with serving(tmp_path, **settings) as (base, _):
            log, restart_started, back_up = _load(cluster, base)
        positions, names = _stored_patients(url, tmp_path)

    attempts = log.attempts
    statuses = Counter((a.status, a.code) for a in attempts)
    acknowledged = [a for a in attempts if a.status == 201]
    recovered = min(a.answered for a in acknowledged if a.sent >= back_up) - back_up
    outage = [a for a in attempts if a.answered >= restart_started and a.sent <= back_up + 1]
    print(f"\n# restart under {CLIENTS} clients: {len(attempts)} requests, "
          f"{len(acknowledged)} acknowledged, statuses {dict(statuses)}, "
          f"restart took {back_up - restart_started:.2f} s, first 2xx sent after it "
          f"answered in {recovered:.2f} s, {len(outage)} requests overlapped it")  # fmt: skip
    assert not [a for a in attempts if a.status == 500], "a 500 during the outage"
    allowed = {(201, ""), (503, "service_unavailable"), (409, "idempotency_key_in_progress"),
               (409, "already_exists"), (0, "")}  # fmt: skip
    assert set(statuses) <= allowed, statuses
    assert recovered < 10
    # Every acknowledged command is in the store, at the position it was answered with
    for a in acknowledged:
        assert positions.get(a.position) == a.patient_id, a
    # No command applied twice: one patient per key, acknowledged or not
    assert max(names.values()) == 1, [n for n, c in names.items() if c > 1]
    # Every key whose answer was lost was retried to an end: 201 or already applied
    last: dict[str, Attempt] = {}
    for a in sorted(attempts, key=lambda a: a.answered):
        last[a.key] = a
    unfinished = [a for a in last.values() if a.status != 201 and a.code != "already_exists"]
    assert not unfinished, unfinished[:5]
    for a in last.values():
        assert names[f"restart {a.key}"] == 1, a
