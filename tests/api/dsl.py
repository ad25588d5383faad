"""A small language over the HTTP API: `api.publish_package()`, `api.buy(...)`, personas."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

from httpx import Response
from litestar.testing import TestClient

from api.auth import mint_token
from application.settings import Settings
from tests.api.contract import JSON_TYPES, contract_of
from tests.fixtures import INTAKE as INTAKE
from tests.fixtures import JWT_SECRET, annual_package

P = "/api/v1"
DEPT = "endocrinology"
OTHER_DEPT = "oncology"  # the department of the 'other-dept:' personas
SECRET = JWT_SECRET
# The seeds' package, as JSON: the same content the domain and application tests use.
PACKAGE: dict[str, Any] = json.loads(json.dumps(annual_package().as_dict()))
GRANDSON = "grandson"
ALL_RIGHTS = ["purchase", "confirm_redemption", "request_refund", "view"]

STAFF_PERSONAS = {
    "doctor": ("dr-wang", "doctor"),
    "nurse": ("nurse-li", "nurse"),
    "staff": ("staff-zhao", "service_staff"),
    "lead": ("lead-chen", "service_lead"),
    "reviewer": ("reviewer-sun", "catalogue_reviewer"),
    "finance": ("fin-qian", "finance"),
    "mall": ("mall", "integration"),
    "edu": ("edu-platform", "integration"),
    "auditor": ("aud-zhou", "auditor"),
    "admin": ("root", "admin"),
}


# The platform each integration persona's token names (its `source` claim).
SOURCES = {"mall": "mall", "edu": "edu"}


def is_problem(response: Response, status: int, code: str) -> dict[str, Any]:
    """Assert an RFC 9457 answer with this status and stable code."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["code"] == code, body
    assert body["status"] == status and body["type"] and body["title"]
    return body


@dataclass
class Api:
    client: TestClient[Any]
    settings: Settings
    tokens: dict[str, str] = field(default_factory=dict)

    # --- who is calling -------------------------------------------------------------
    def headers(self, who: str | None, **extra: str) -> dict[str, str]:
        if who is None:
            return dict(extra)
        return {"Authorization": f"Bearer {self.token(who)}", **extra}

    def token(self, who: str) -> str:
        """'nurse', 'doctor'...; 'patient:<id>', 'proxy:<id>', 'other-dept:nurse'."""
        if who not in self.tokens:
            self.tokens[who] = self._mint(who)
        return self.tokens[who]

    def _mint(self, who: str) -> str:
        kind, _, rest = who.partition(":")
        if kind == "patient":
            return mint_token(self.settings, f"user-{rest}", ["patient"], [], [rest])
        if kind == "proxy":
            return mint_token(self.settings, GRANDSON, ["proxy"], [], [rest])
        if kind == "other-dept":
            sub, role = STAFF_PERSONAS[rest]
            return mint_token(self.settings, f"{sub}-2", [role], [OTHER_DEPT])
        sub, role = STAFF_PERSONAS[kind]
        return mint_token(self.settings, sub, [role], [DEPT], source=SOURCES.get(kind))

    # --- calls ------------------------------------------------------------------------
    def call(
        self,
        method: str,
        path: str,
        who: str | None,
        body: Any = None,
        expect: int = 200,
        **headers: str,
    ) -> Response:
        response = self.client.request(
            method, P + path, json=body, headers=self.headers(who, **headers)
        )
        if expect:
            assert response.status_code == expect, response.text
        self.check_contract(method, P + path, response)
        return response

    def check_contract(self, method: str, path: str, response: Response) -> None:
        """The answer is what the OpenAPI document declares for it (tests/api/contract.py)."""
        media = response.headers.get("content-type", "").split(";")[0]
        if media not in JSON_TYPES or not response.content:
            return
        errors = contract_of(self.client).errors(
            method, path.split("?")[0], response.status_code, response.json()
        )
        report = os.environ.get("CONTRACT_REPORT")
        if report:
            with open(report, "a", encoding="utf-8") as out:
                out.writelines(f"{error}\n" for error in errors)
            return
        assert not errors, "\n".join(errors)

    def post(self, path: str, who: str | None, body: Any = None, expect: int = 200) -> Any:
        return self.call("POST", path, who, body, expect).json()

    def get(self, path: str, who: str | None, expect: int = 200) -> Any:
        return self.call("GET", path, who, None, expect).json()

    # --- the usual setup ------------------------------------------------------------------
    def add_package(self, **changes: Any) -> str:
        body: str = self.post("/packages", "nurse", {**PACKAGE, **changes}, 201)["id"]
        return body

    def publish_package(self, **changes: Any) -> str:
        package_id = self.add_package(**changes)
        self.post(f"/packages/{package_id}/submit", "nurse")
        self.post(f"/packages/{package_id}/approve", "reviewer")
        self.post(f"/packages/{package_id}/publish", "reviewer")
        return package_id

    def register_patient(self, rights: list[str] | None = None) -> str:
        patient_id: str = self.post(
            "/patients",
            "staff",
            {
                "name": "王秀英",
                "sex": "female",
                "birth_date": "1948-04-02",
                "phone": "13800000000",
                "id_document_type": "resident_id",
                "id_number": "110101194804021234",
            },
            201,
        )["id"]
        proxy = {"user_id": GRANDSON, "relation": "child", "permissions": rights or ALL_RIGHTS}
        self.post(f"/patients/{patient_id}/proxies", "staff", proxy)
        return patient_id

    def open_episode(self, patient_id: str, code: str = "E11") -> str:
        episode_id: str = self.post(
            "/episodes",
            "doctor",
            {
                "patient_id": patient_id,
                "department": DEPT,
                "condition": {"code": code, "label": "Type 2 diabetes"},
                "care_team_id": "endo-team-1",
                "programme": "chronic_disease",
            },
            201,
        )["id"]
        return episode_id

    def patient(self) -> str:
        """A registered patient with an open E11 episode in the endocrinology department."""
        patient_id = self.register_patient()
        self.open_episode(patient_id)
        return patient_id

    def buy(self, package_id: str, patient_id: str, who: str = "mall", **changes: Any) -> str:
        body = {
            "package_id": package_id,
            "patient_id": patient_id,
            "buyer": {"user_id": GRANDSON, "relation": "child"},
            "payer_type": "family",
            "amount_paid": {"amount": "1999.00", "currency": "CNY"},
            "payment_ref": f"MALL-{uuid4()}",
            **changes,
        }
        subscription_id: str = self.post("/subscriptions", who, body, 201)["id"]
        return subscription_id

    def activate(self, subscription_id: str, patient_id: str) -> None:
        self.post(f"/subscriptions/{subscription_id}/consultation", "doctor", {"suitable": True})
        self.post(
            f"/subscriptions/{subscription_id}/intake", f"proxy:{patient_id}", {"answers": INTAKE}
        )

    def active(self) -> tuple[str, str]:
        """(patient id, subscription id) of an active subscription of a new package."""
        patient_id = self.patient()
        subscription_id = self.buy(self.publish_package(), patient_id)
        self.activate(subscription_id, patient_id)
        return patient_id, subscription_id

    def claim(self, subscription_id: str, item_code: str = "escort") -> str:
        body = {"item_code": item_code, "note": "escorted to the clinic"}
        claimed = self.post(f"/subscriptions/{subscription_id}/redemptions", "staff", body, 201)
        assert claimed["status"] == "claimed"
        redemption_id: str = claimed["redemption_id"]
        return redemption_id

    def refund(self, subscription_id: str, patient_id: str, scope: dict[str, Any]) -> Any:
        body = {"scope": scope, "reason_code": "no_longer_needed", "reason_text": "moved"}
        return self.post(
            f"/subscriptions/{subscription_id}/refunds", f"patient:{patient_id}", body, 201
        )
