"""A small language over the HTTP API: the clinic's verbs of tests/clinic.py, as personas.

Same verbs, same argument order as `Clinic` (`api.buy(package_id, patient_id, ...)`); the
older names (`publish_package`, `register_patient`, `open_episode`) stay as they were.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

from httpx import Response
from litestar.testing import TestClient

from api.app import create_app
from api.auth import mint_token
from application.app import Carepack
from application.clock import FixedClock
from application.settings import Settings
from projections.migrations import upgrade
from tests.api.contract import JSON_TYPES, contract_of
from tests.fixtures import INTAKE as INTAKE
from tests.fixtures import JWT_SECRET, START, annual_package

P = "/api/v1"
DEPT = "endocrinology"
OTHER_DEPT = "oncology"  # the department of the 'other-dept:' personas
SECRET = JWT_SECRET
# The seeds' package, as JSON: the same content the domain and application tests use.
PACKAGE: dict[str, Any] = json.loads(json.dumps(annual_package().as_dict()))
GRANDSON = "grandson"
ALL_RIGHTS = ["purchase", "confirm_redemption", "request_refund", "view"]
NAME = "王秀英"
# The patient every test registers, as JSON (the same person as tests/clinic.py's).
PATIENT: dict[str, Any] = {
    "name": NAME,
    "sex": "female",
    "birth_date": "1948-04-02",
    "phone": "13800000000",
    "id_document_type": "resident_id",
    "id_number": "110101194804021234",
}

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

    def publish(self, **changes: Any) -> str:
        """The clinic's `publish`: the annual package with `changes`, published."""
        return self.publish_package(**changes)

    def register_patient(self, rights: list[str] | None = None) -> str:
        """A patient registered by staff whose grandson holds `rights` (all if none given)."""
        patient_id: str = self.post("/patients", "staff", PATIENT, 201)["id"]
        self.authorise_proxy(patient_id, rights or ALL_RIGHTS)
        return patient_id

    def authorise_proxy(self, patient_id: str, rights: Sequence[str] = ALL_RIGHTS) -> None:
        """The grandson (relation child) may act for the patient within `rights`."""
        proxy = {"user_id": GRANDSON, "relation": "child", "permissions": list(rights)}
        self.post(f"/patients/{patient_id}/proxies", "staff", proxy)

    def episode(self, patient_id: str, *, condition: str = "E11") -> str:
        """An endocrinology episode (chronic disease programme) opened by the doctor."""
        episode_id: str = self.post(
            "/episodes",
            "doctor",
            {
                "patient_id": patient_id,
                "department": DEPT,
                "condition": {"code": condition, "label": "Type 2 diabetes"},
                "care_team_id": "endo-team-1",
                "programme": "chronic_disease",
            },
            201,
        )["id"]
        return episode_id

    def open_episode(self, patient_id: str, code: str = "E11") -> str:
        return self.episode(patient_id, condition=code)

    def patient(
        self, *, proxy_rights: Sequence[str] = ALL_RIGHTS, condition: str | None = "E11"
    ) -> str:
        """A registered patient; unlike `Clinic.patient`, by default also the grandson as proxy
        with every right and an open E11 episode in endocrinology (`proxy_rights=()`,
        `condition=None` leave them out)."""
        patient_id: str = self.post("/patients", "staff", PATIENT, 201)["id"]
        if proxy_rights:
            self.authorise_proxy(patient_id, proxy_rights)
        if condition is not None:
            self.episode(patient_id, condition=condition)
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

    def consult(self, subscription_id: str, *, suitable: bool = True) -> None:
        body = {"suitable": suitable}
        self.post(f"/subscriptions/{subscription_id}/consultation", "doctor", body)

    def intake(self, subscription_id: str, patient_id: str, *, by_patient: bool = False) -> None:
        """The intake form, submitted by the grandson (or, `by_patient`, the patient)."""
        who = f"patient:{patient_id}" if by_patient else f"proxy:{patient_id}"
        self.post(f"/subscriptions/{subscription_id}/intake", who, {"answers": INTAKE})

    def activate(
        self, subscription_id: str, patient_id: str, *, consult: bool = True,
        by_patient: bool = False,
    ) -> None:  # fmt: skip
        """Enrol: a suitable consultation (unless `consult=False`), then the intake."""
        if consult:
            self.consult(subscription_id)
        self.intake(subscription_id, patient_id, by_patient=by_patient)

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

    def receipt(self, patient_id: str, kind: str, *, source: str = "edu") -> Any:
        """A completion receipt for one unit of `kind`, with a new reference, from `source`."""
        body = {"source": source, "ref": f"R-{uuid4()}", "patient_id": patient_id,
                "item_kind": kind, "occurred_at": "2026-03-03T10:00:00+08:00"}  # fmt: skip
        return self.post("/receipts", source, body, 201)

    def refund(self, subscription_id: str, patient_id: str, scope: dict[str, Any]) -> Any:
        body = {"scope": scope, "reason_code": "no_longer_needed", "reason_text": "moved"}
        return self.post(
            f"/subscriptions/{subscription_id}/refunds", f"patient:{patient_id}", body, 201
        )


@contextmanager
def running(settings: Settings) -> Iterator[Api]:
    """The app over `settings` (the tests' secret, read models migrated, the clock at START),
    spoken to through a test client: the `api`/`sapi` fixtures, or settings of your own."""
    settings = settings.model_copy(update={"jwt_secret": SECRET})
    carepack = Carepack(settings, FixedClock(START))
    upgrade(settings)
    app = create_app(settings, carepack=carepack)
    client: TestClient[Any]
    try:
        with TestClient(app) as client:
            yield Api(client, settings)
    finally:
        carepack.close()
