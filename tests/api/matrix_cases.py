"""The access matrix's rows: each endpoint, who may call it, who may not, an unknown id."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import uuid4

from tests.api.dsl import DEPT, OTHER_DEPT, PACKAGE

NOBODY = str(uuid4())


@dataclass(frozen=True)
class Case:
    method: str
    path: str
    body: Any
    allowed: str
    wrong_role: str | None
    outsider: str | None
    missing: str | None = None  # the path with an unknown id, answered 404
    # Staff outside the patient's (or episode's) scope whose role may call the endpoint:
    # they break the glass with a reason. By default the outsider, when it is staff.
    glass: str | None = None
    outsider_body: Any = None  # the body outsiders send, when it differs from `body`

    @property
    def glass_breaker(self) -> str | None:
        if self.glass is not None:
            return self.glass
        staff = self.outsider is not None and self.outsider.startswith("other-dept:")
        return self.outsider if staff else None


def cases(ids: dict[str, str]) -> list[Case]:
    p, s, e, f = ids["patient"], ids["subscription"], ids["episode"], ids["follow_up"]
    r, rf, pkg = ids["redemption"], ids["refund"], ids["draft"]
    other = f"patient:{NOBODY}"
    reason = {"reason": "because"}
    money = {"amount": "10.00", "currency": "CNY"}
    episode = {
        "patient_id": p,
        "department": DEPT,
        "condition": {"code": "E11", "label": "DM"},
        "care_team_id": "t",
        "programme": "general",
    }
    receipt = {
        "source": "edu",
        "ref": "R-1",
        "patient_id": p,
        "item_kind": "education",
        "occurred_at": "2026-03-03T10:00:00+08:00",
    }
    purchase = {
        "package_id": ids["published"],
        "patient_id": p,
        "payer_type": "family",
        "buyer": {"user_id": "grandson", "relation": "child"},
        "amount_paid": {"amount": "1999.00", "currency": "CNY"},
        "payment_ref": "X",
    }
    return [
        Case("POST", "/packages", PACKAGE, "nurse", "reviewer", None),
        Case("PUT", f"/packages/{pkg}", PACKAGE, "nurse", "finance", None, f"/packages/{NOBODY}"),
        Case(
            "POST",
            f"/packages/{pkg}/submit",
            None,
            "nurse",
            "patient:" + p,
            None,
            f"/packages/{NOBODY}/submit",
        ),
        *[
            Case(
                "POST",
                f"/packages/{pkg}/{verb}",
                body,
                "reviewer",
                "nurse",
                None,
                f"/packages/{NOBODY}/{verb}",
            )
            for verb, body in [
                ("approve", None),
                ("reject", reason),
                ("publish", None),
                ("delist", reason),
                ("price", {"price": money}),
                ("display", {"name": "x"}),
            ]
        ],
        Case(
            "POST",
            f"/packages/{pkg}/versions",
            None,
            "nurse",
            "reviewer",
            None,
            f"/packages/{NOBODY}/versions",
        ),
        Case("GET", "/packages", None, "auditor", None, None),
        Case("GET", f"/packages/{pkg}", None, "nurse", None, None, f"/packages/{NOBODY}"),
        Case("POST", "/patients", {"name": "x"}, "staff", f"patient:{p}", None),
        Case(
            "GET",
            f"/patients/{p}",
            None,
            "staff",
            "finance",
            "other-dept:staff",
            f"/patients/{NOBODY}",
        ),
        Case(
            "POST",
            f"/patients/{p}/proxies",
            {"user_id": "u", "relation": "child", "permissions": ["view"]},
            "staff",
            f"proxy:{p}",
            "other-dept:staff",
            f"/patients/{NOBODY}/proxies",
        ),
        Case(
            "DELETE",
            f"/patients/{p}/proxies/grandson",
            None,
            "staff",
            "finance",
            other,
            f"/patients/{NOBODY}/proxies/grandson",
            glass="other-dept:staff",
        ),
        Case(
            "POST",
            f"/patients/{p}/consents",
            {"purpose": "care_management", "given": True},
            "staff",
            "finance",
            other,
            f"/patients/{NOBODY}/consents",
            glass="other-dept:staff",
        ),
        Case(
            "GET",
            f"/patients/{p}/offers",
            None,
            "staff",
            "finance",
            other,
            f"/patients/{NOBODY}/offers",
            glass="other-dept:staff",
        ),
        Case(
            "GET",
            f"/patients/{p}/timeline",
            None,
            "staff",
            "finance",
            "other-dept:staff",
            f"/patients/{NOBODY}/timeline",
        ),
        Case(
            "GET",
            f"/patients/{p}/overview",
            None,
            "nurse",
            "finance",
            "other-dept:nurse",
            f"/patients/{NOBODY}/overview",
        ),
        Case(
            "POST",
            "/episodes",
            episode,
            "doctor",
            "staff",
            "other-dept:doctor",
            outsider_body={**episode, "department": OTHER_DEPT},
        ),
        Case(
            "GET",
            f"/episodes/{e}",
            None,
            "staff",
            f"patient:{p}",
            "other-dept:nurse",
            f"/episodes/{NOBODY}",
        ),
        *[
            Case(
                "POST",
                f"/episodes/{e}/{what}",
                body,
                "doctor",
                who,
                "other-dept:doctor",
                f"/episodes/{NOBODY}/{what}",
            )
            for what, body, who in [
                ("stage", {"to": "consulting"}, "staff"),
                (
                    "screenings",
                    {"nrs2002": {"nutritional_status": 1, "disease_severity": 1, "age": 50}},
                    "staff",
                ),
                ("care-plan", {"intervention": "diet_advice", "interval_days": 7}, "lead"),
                (
                    "observations",
                    {
                        "code": "body_weight",
                        "value": "60",
                        "unit": "kg",
                        "observed_at": "2026-03-02T09:00:00+08:00",
                    },
                    "lead",
                ),
                (
                    "follow-ups",
                    {"due_on": "2026-03-09", "channel": "phone", "assignee": "s"},
                    "finance",
                ),
                (f"follow-ups/{f}/complete", {"outcome": "ok"}, "finance"),
                ("recommendations", {"package_id": ids["published"]}, "nurse"),
            ]
        ],
        Case(
            "POST", "/subscriptions", purchase, "mall", "finance", other, glass="other-dept:staff"
        ),
        Case(
            "GET",
            f"/subscriptions/{s}",
            None,
            "staff",
            "auditor",
            other,
            f"/subscriptions/{NOBODY}",
            glass="other-dept:staff",
        ),
        Case(
            "POST",
            f"/subscriptions/{s}/consultation",
            {"suitable": True},
            "doctor",
            "nurse",
            "other-dept:doctor",
            f"/subscriptions/{NOBODY}/consultation",
        ),
        Case(
            "POST",
            f"/subscriptions/{s}/intake",
            {"answers": {}},
            f"proxy:{p}",
            "finance",
            other,
            f"/subscriptions/{NOBODY}/intake",
            glass="other-dept:staff",
        ),
        Case(
            "POST",
            f"/subscriptions/{s}/cancel",
            {"reason_code": "other"},
            f"patient:{p}",
            "nurse",
            other,
            f"/subscriptions/{NOBODY}/cancel",
            glass="other-dept:staff",
        ),
        Case(
            "GET",
            f"/subscriptions/{s}/entitlements",
            None,
            "finance",
            "mall",
            other,
            f"/subscriptions/{NOBODY}/entitlements",
            glass="other-dept:staff",
        ),
        Case(
            "POST",
            f"/subscriptions/{s}/redemptions",
            {"item_code": "escort"},
            "staff",
            f"patient:{p}",
            "other-dept:staff",
            f"/subscriptions/{NOBODY}/redemptions",
        ),
        Case(
            "POST",
            f"/subscriptions/{s}/refunds",
            {"scope": {"type": "remaining"}, "reason_code": "other"},
            f"patient:{p}",
            "lead",
            other,
            f"/subscriptions/{NOBODY}/refunds",
            glass="other-dept:staff",
        ),
        Case("POST", "/receipts", receipt, "edu", "finance", "other-dept:staff"),
        *[
            Case(
                "POST",
                f"/redemptions/{r}/{verb}",
                body,
                who,
                wrong,
                out,
                f"/redemptions/{NOBODY}/{verb}",
            )
            for verb, body, who, wrong, out in [
                ("confirm", None, f"patient:{p}", "staff", other),
                ("dispute", reason, f"proxy:{p}", "staff", other),
                ("reverse", reason, "lead", "staff", "other-dept:lead"),
                ("uphold", reason, "lead", "staff", "other-dept:lead"),
            ]
        ],
        Case(
            "GET",
            f"/refunds/{rf}",
            None,
            "finance",
            "mall",
            other,
            f"/refunds/{NOBODY}",
            glass="other-dept:staff",
        ),
        Case(
            "POST",
            f"/refunds/{rf}/agree",
            {"amount": money},
            "staff",
            "lead",
            "other-dept:staff",
            f"/refunds/{NOBODY}/agree",
        ),
        *[
            Case(
                "POST",
                f"/refunds/{rf}/{verb}",
                body,
                "lead",
                "staff",
                "other-dept:lead",
                f"/refunds/{NOBODY}/{verb}",
            )
            for verb, body in [("approve", None), ("reject", reason)]
        ],
        Case(
            "POST",
            f"/refunds/{rf}/withdraw",
            None,
            f"patient:{p}",
            "doctor",
            other,
            f"/refunds/{NOBODY}/withdraw",
            glass="other-dept:staff",
        ),
        Case(
            "POST",
            f"/refunds/{rf}/payments",
            {"provider_ref": "P", "status": "paid"},
            "mall",
            "lead",
            None,
            f"/refunds/{NOBODY}/payments",
        ),
    ]
