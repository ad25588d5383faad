"""The story of bench/story_saves.py, command for command, over HTTP (stdlib `http.client`).

The 16 commands (register, proxy, episode, purchase, consultation, intake, follow-up
scheduled and completed, a receipt twice, an escort claimed and confirmed, a refund
requested, agreed, approved and paid) are the bodies of tests/api/dsl.py and
tests/api/test_story.py. `http.client` with one keep-alive connection per client keeps
the load generator's own CPU cost low: it shares the two cores with the server.
"""

from __future__ import annotations

import http.client
import json
import time
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from _load import Pacer
from api.auth import mint_token
from application.settings import Settings

P = "/api/v1"
DEPT = "endocrinology"
PERSONAS = {
    "staff": ("staff-zhao", "service_staff"),
    "doctor": ("dr-wang", "doctor"),
    "lead": ("lead-chen", "service_lead"),
    "mall": ("mall", "integration"),
    "edu": ("edu-platform", "integration"),
}
SOURCES = {"mall": "mall", "edu": "edu-platform"}  # each integration's `source` claim


class CommandFailed(Exception):
    """A command answered something other than the status the story expects."""


def staff_tokens(settings: Settings) -> dict[str, str]:
    return {
        k: mint_token(settings, sub, [role], [DEPT], source=SOURCES.get(k))
        for k, (sub, role) in PERSONAS.items()
    }


class HttpStory:
    """One client: a keep-alive connection; `run_once()` plays the story for a new patient.

    `latencies` receives every command's round trip in milliseconds.
    """

    def __init__(self, port: int, settings: Settings, tokens: dict[str, str], package: str):
        self.port, self.settings, self.tokens, self.package = port, settings, tokens, package
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.latencies: list[float] = []
        self.pacer: Pacer | None = None

    def post(self, path: str, token: str, body: Any = None, expect: int = 200) -> Any:
        payload = json.dumps(body if body is not None else {}).encode()
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        started = self.pacer.slot() if self.pacer else time.perf_counter()
        try:
            self.conn.request("POST", P + path, body=payload, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()  # reconnects on the next request
            raise
        self.latencies.append((time.perf_counter() - started) * 1000)
        if response.status != expect:
            raise CommandFailed(f"POST {path}: {response.status} {data[:300]!r}")
        return json.loads(data) if data else None

    def run_once(self) -> int:
        """The story for a new patient; the number of commands answered."""
        t = self.tokens
        patient = self.post("/patients", t["staff"], {
            "name": "王秀英", "sex": "female", "birth_date": "1948-04-02", "phone": "13800000000",
            "id_document_type": "resident_id", "id_number": "110101194804021234",
        }, 201)["id"]  # fmt: skip
        proxy = mint_token(self.settings, "grandson", ["proxy"], [], [patient])
        rights = {"user_id": "grandson", "relation": "child",
                  "permissions": ["purchase", "confirm_redemption"]}  # fmt: skip
        self.post(f"/patients/{patient}/proxies", t["staff"], rights)
        episode = self.post("/episodes", t["doctor"], {
            "patient_id": patient, "department": DEPT,
            "condition": {"code": "E11", "label": "Type 2 diabetes"},
            "care_team_id": "endo-team-1", "programme": "chronic_disease",
        }, 201)["id"]  # fmt: skip
        sub = self.post("/subscriptions", t["mall"], {
            "package_id": self.package, "patient_id": patient,
            "buyer": {"user_id": "grandson", "relation": "child"}, "payer_type": "family",
            "amount_paid": {"amount": "1999.00", "currency": "CNY"},
            "payment_ref": f"MALL-{uuid4()}",
        }, 201)["id"]  # fmt: skip
        self.post(f"/subscriptions/{sub}/consultation", t["doctor"], {"suitable": True})
        self.post(f"/subscriptions/{sub}/intake", proxy, {"answers": {"height_cm": 162}})
        return 6 + self.redeem_and_refund(patient, episode, sub, proxy)

    def redeem_and_refund(self, patient: str, episode: str, sub: str, proxy: str) -> int:
        t, now = self.tokens, datetime.now(UTC)
        follow_up = self.post(f"/episodes/{episode}/follow-ups", t["staff"], {
            "due_on": now.date().isoformat(), "channel": "phone", "assignee": "staff-zhao",
        }, 201)["follow_up_id"]  # fmt: skip
        done = {"outcome": "glucose stable"}
        self.post(f"/episodes/{episode}/follow-ups/{follow_up}/complete", t["staff"], done)
        receipt = {"source": "edu-platform", "ref": f"EDU-{sub}", "patient_id": patient,
                   "item_kind": "education", "occurred_at": now.isoformat()}  # fmt: skip
        self.post("/receipts", t["edu"], receipt, 201)
        self.post("/receipts", t["edu"], receipt, 200)  # the same again: answers, writes nothing
        claim = {"item_code": "escort", "note": "escorted to clinic"}
        escort = self.post(f"/subscriptions/{sub}/redemptions", t["staff"], claim, 201)
        self.post(f"/redemptions/{escort['redemption_id']}/confirm", proxy)
        refund = self.post(f"/subscriptions/{sub}/refunds", t["staff"], {
            "scope": {"type": "items", "items": {"escort": 1}},
            "reason_code": "no_longer_needed", "reason_text": "",
        }, 201)  # fmt: skip
        rid = refund["refund_id"]
        agree = {"amount": refund["quote"], "note": "called grandson"}
        self.post(f"/refunds/{rid}/agree", t["staff"], agree)
        self.post(f"/refunds/{rid}/approve", t["lead"])
        self.post(f"/refunds/{rid}/payments", t["mall"], {"provider_ref": f"RF-{rid}",
                                                          "status": "paid"})  # fmt: skip
        return 10

    def close(self) -> None:
        self.conn.close()
