"""Races on the money: 32 clients claim, redeem and partially refund the same subscriptions.

For `--seconds` (60 by default; the CI test runs a short one), every client picks one of
the two subscriptions of the current window (a fresh pair every few seconds, so the units
never simply run out) and claims an escort and confirms it, sends an education receipt,
or asks for a one-unit refund and takes it through agree, approve and payout. Afterwards,
for every subscription: paid - refunded >= 0 and refunded equals the payouts the clients
saw acknowledged (finance read model), no item's units below zero and every unit
accounted for (granted = redeemed + claimed + revoked + remaining), and every 409 a code
the API documents. Prints one line of figures; exit 1 on a violation.

    .venv/bin/python bench/races.py [--seconds 60] [--clients 32] [--database-url URL]
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = str(Path(__file__).resolve().parent)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(HERE)] + [HERE]

from _http_story import DEPT, staff_tokens  # noqa: E402
from _race_world import (  # noqa: E402
    PER_WINDOW,
    SETTINGS,
    WINDOW_SECONDS,
    publish,
    server_on,
    subscriptions,
)
from api.auth import mint_token  # noqa: E402
from domain import errors  # noqa: E402

# The 409 codes a client may meet here (domain errors, the application's, the API's).
DOCUMENTED_409 = {
    cls.code for cls in vars(errors).values()
    if isinstance(cls, type) and issubclass(cls, errors.DomainError)
} | {"already_exists", "concurrency_conflict", "idempotency_key_in_progress"}  # fmt: skip


@dataclass
class Tally:
    statuses: Counter[tuple[int, str]] = field(default_factory=Counter)
    paid_out: dict[str, Decimal] = field(default_factory=dict)  # subscription -> payouts
    last_position: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, status: int, code: str, position: int) -> None:
        with self.lock:
            self.statuses[(status, code)] += 1
            self.last_position = max(self.last_position, position)

    def paid(self, subscription: str, amount: str) -> None:
        with self.lock:
            self.paid_out[subscription] = self.paid_out.get(subscription, Decimal(0)) + Decimal(
                amount
            )


class Racer:
    """One client: a keep-alive connection and its tokens."""

    def __init__(self, port: int, tokens: dict[str, str], tally: Tally) -> None:
        self.port, self.tokens, self.tally = port, tokens, tally
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, method: str, path: str, token: str, body: Any = None) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                   "Idempotency-Key": str(uuid.uuid4())}  # fmt: skip
        payload = json.dumps(body if body is not None else {}).encode()
        try:
            self.conn.request(method, "/api/v1" + path, body=payload, headers=headers)
            response = self.conn.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.tally.note(0, "transport", 0)
            return 0, None
        data = json.loads(raw) if raw else None
        code = data.get("code", "") if response.status >= 400 and isinstance(data, dict) else ""
        position = int(response.getheader("X-Event-Position") or 0)
        self.tally.note(response.status, code, position)
        return response.status, data

    def claim(self, sub: str, patient: str) -> None:
        body = {"item_code": "escort", "note": "race"}
        status, claimed = self.call(
            "POST", f"/subscriptions/{sub}/redemptions", self.tokens["staff"], body
        )
        if status == 201:
            proxy = mint_token(SETTINGS, "grandson", ["proxy"], [], [patient])
            self.call("POST", f"/redemptions/{claimed['redemption_id']}/confirm", proxy)

    def receipt(self, patient: str) -> None:
        body = {"source": "edu-platform", "ref": f"EDU-{uuid.uuid4()}", "patient_id": patient,
                "item_kind": "education", "occurred_at": datetime.now(UTC).isoformat()}  # fmt: skip
        self.call("POST", "/receipts", self.tokens["edu"], body)

    def refund(self, sub: str) -> None:
        item = random.choice(["escort", "education", "follow_up"])
        body = {"scope": {"type": "items", "items": {item: 1}}, "reason_code": "no_longer_needed"}
        status, asked = self.call(
            "POST", f"/subscriptions/{sub}/refunds", self.tokens["staff"], body
        )
        if status != 201:
            return
        rid, quote = asked["refund_id"], asked["quote"]
        agree = {"amount": quote, "note": "race"}
        if self.call("POST", f"/refunds/{rid}/agree", self.tokens["staff"], agree)[0] != 200:
            return
        if self.call("POST", f"/refunds/{rid}/approve", self.tokens["lead"])[0] != 200:
            return
        payout = {"provider_ref": f"RF-{rid}", "status": "paid"}
        if self.call("POST", f"/refunds/{rid}/payments", self.tokens["mall"], payout)[0] == 200:
            self.tally.paid(sub, quote["amount"])

    def act(self, sub: str, patient: str) -> None:
        roll = random.random()
        if roll < 0.4:
            self.claim(sub, patient)
        elif roll < 0.6:
            self.receipt(patient)
        else:
            self.refund(sub)


def _race(port: int, pairs: list[tuple[str, str]], clients: int, seconds: float) -> Tally:
    tally = Tally()
    tokens = staff_tokens(SETTINGS)
    started = time.monotonic()

    def client() -> None:
        racer = Racer(port, tokens, tally)
        while (elapsed := time.monotonic() - started) < seconds:
            window = int(elapsed / WINDOW_SECONDS) * PER_WINDOW
            racer.act(*random.choice(pairs[window : window + PER_WINDOW]))
        racer.conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def _violations(port: int, pairs: list[tuple[str, str]], tally: Tally) -> list[str]:
    found = []
    finance = mint_token(SETTINGS, "fin-qian", ["finance"], [DEPT])
    staff = staff_tokens(SETTINGS)["staff"]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for sub, _ in pairs:
        conn.request("GET", f"/api/v1/subscriptions/{sub}/entitlements",
                     headers={"Authorization": f"Bearer {staff}"})  # fmt: skip
        items = _items(json.loads(conn.getresponse().read()))
        if len(items) != 4:  # the package's four items
            found.append(f"{sub} entitlements unreadable: {items}")
        for item in items:
            used = item["redeemed"] + item["claimed"] + item["revoked"] + item["remaining"]
            if item["remaining"] < 0 or used != item["granted"]:
                found.append(f"{sub} units {item}")
        path = f"/api/v1/finance/subscriptions/{sub}/balance?after={tally.last_position}"
        conn.request("GET", path, headers={"Authorization": f"Bearer {finance}"})
        balance = json.loads(conn.getresponse().read())
        paid, refunded = Decimal(balance["paid"]["amount"]), Decimal(balance["refunded"]["amount"])
        if paid - refunded < 0 or refunded != tally.paid_out.get(sub, Decimal(0)):
            found.append(f"{sub} paid {paid} refunded {refunded} payouts {tally.paid_out.get(sub)}")
    conn.close()
    for (status, code), count in tally.statuses.items():
        if status >= 500 or status == 0 or (status == 409 and code not in DOCUMENTED_409):
            found.append(f"{count} answers {status} {code}")
    return found


def _items(entitlements: Any) -> list[dict[str, Any]]:
    items = entitlements.get("items", entitlements)
    return list(items.values()) if isinstance(items, dict) else list(items)


def run(seconds: float, clients: int, database_url: str | None = None) -> tuple[Tally, list[str]]:
    with server_on(database_url) as port:
        pairs = subscriptions(port, publish(port), PER_WINDOW * (int(seconds / WINDOW_SECONDS) + 1))
        tally = _race(port, pairs, clients, seconds)
        return tally, _violations(port, pairs, tally)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--database-url", default=None, help="default: a throwaway database")
    args = parser.parse_args()
    tally, violations = run(args.seconds, args.clients, args.database_url)
    total = sum(tally.statuses.values())
    conflicts = {code: n for (status, code), n in tally.statuses.items() if status == 409}
    print(f"races {args.seconds:.0f}s clients={args.clients} requests={total} "
          f"payouts={sum(tally.paid_out.values())} 409s={conflicts} "
          f"violations={len(violations)}")  # fmt: skip
    for violation in violations[:20]:
        print("  VIOLATION", violation)
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
