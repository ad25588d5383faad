"""A hospital story told with edge-case text in every field a command records.

`texts()` draws the text; `tell(app, t)` runs the story through the application's
commands (catalogue, patient and episode, purchase and enrolment, redemptions, refunds),
so every event type that carries text is written with it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from hypothesis import strategies as st

from application.app import Carepack
from domain import limits as L
from domain.context import Actor, Ctx
from domain.nutrition import Nrs2002
from domain.terms import CareTeam, IntakeField, PackageContent, PackageItem
from tests.fixtures import START, annual_package
from tests.projections.edge_actions import WILD, redemptions, refunds, wild_commands
from tests.projections.edge_text import edge, upper_fits, wild

_serial = itertools.count(1)
ROLES = {"d": "nurse", "r": "catalogue_reviewer", "s": "service_staff", "l": "service_lead",
         "f": "finance", "o": "doctor", "m": "integration"}  # fmt: skip


@dataclass
class Story:
    app: Carepack
    t: dict[str, str]

    def c(self, tag: str, patient_id: UUID | None = None) -> Ctx:
        """The context of actor `tag` (a proxy acts for `patient_id`)."""
        actor = Actor(self.t[tag], "proxy" if patient_id else ROLES[tag], patient_id)
        return Ctx(actor, self.t["correlation"], START)

    def unique(self, key: str, limit: int) -> str:
        return f"{next(_serial):06d}{self.t[key]}"[:limit]


def texts() -> st.SearchStrategy[dict[str, str]]:
    free, long_ = edge(L.FREE_TEXT, free=True), edge(L.LONG_TEXT, free=True)
    fields: dict[str, st.SearchStrategy[str]] = {
        **{tag: edge(L.USER_ID, tag=tag) for tag in (*ROLES, "p")},
        "correlation": edge(L.CORRELATION_ID), "name": edge(L.NAME), "phone": edge(L.PHONE),
        "id_number": edge(L.ID_NUMBER), "department": edge(L.IDENTIFIER),
        "condition": upper_fits(L.DISEASE_CODE), "label": edge(L.NAME),
        "team": edge(L.IDENTIFIER), "code": edge(L.CODE), "item": edge(L.NAME),
        "source": edge(L.IDENTIFIER), "ref": edge(L.REFERENCE), "unit": edge(L.UNIT),
        "assignee": edge(L.USER_ID), "note": free, "reason": free, "long": long_,
        **{f"wild_{k}": wild(limit) for k, limit in WILD.items()},
    }  # fmt: skip
    return st.fixed_dictionaries(fields)


def _content(t: dict[str, str]) -> PackageContent:
    base = annual_package(consultation_required=True)
    items = tuple(
        PackageItem((k + t["code"])[: L.CODE], (k + t["item"])[: L.NAME], kind, 3, 100, mode)
        for k, kind, mode in (("a", "follow_up", "auto"), ("b", "per_use", "manual"),
                              ("c", "education", "auto"))
    )  # fmt: skip
    options = tuple((k + t["label"])[: L.NAME] for k in "12")
    form = (
        IntakeField(("t" + t["code"])[: L.CODE], t["label"], "text", required=True),
        IntakeField(("c" + t["code"])[: L.CODE], t["item"], "choice", options=options),
    )
    return replace(
        base, code=t["code"], name=t["name"], disease_codes=(t["condition"],), items=items,
        care_team=CareTeam("work_group", t["team"], t["label"]), department=t["department"],
        intake_form=form,
        target_population=t["long"], why_manage=t["note"], description=t["long"],
        precautions=t["reason"], refund_rules=t["long"],
    )  # fmt: skip


def tell(app: Carepack, t: dict[str, str]) -> None:
    s = Story(app, t)
    package_id, content = _catalogue(s)
    patient_id, episode_id = _patient(s, package_id)
    subscription_id = _purchase(s, package_id, patient_id, content)
    _care(s, episode_id)
    redemptions(s, subscription_id, patient_id, content)
    refunds(s, subscription_id, patient_id, content)
    wild_commands(s, package_id, patient_id, episode_id)


def _catalogue(s: Story) -> tuple[UUID, PackageContent]:
    content, package_id, rejected = _content(s.t), uuid4(), uuid4()
    s.app.draft_package(package_id, content, s.c("d"))
    s.app.submit_package(package_id, s.c("d"))
    s.app.approve_package(package_id, s.c("r"))
    s.app.publish_package(package_id, s.c("r"))
    texts = {"name": s.t["item"], "description": s.t["long"], "precautions": s.t["note"]}
    s.app.change_display(package_id, texts, s.c("r"))
    s.app.draft_package(rejected, content, s.c("d"))
    s.app.submit_package(rejected, s.c("d"))
    s.app.reject_package(rejected, s.t["reason"], s.c("r"))
    return package_id, content


def _patient(s: Story, package_id: UUID) -> tuple[UUID, UUID]:
    patient_id, episode_id = uuid4(), uuid4()
    s.app.register_patient(
        patient_id, name=s.t["name"], sex="female", birth_date=date(1948, 4, 2),
        phone=s.t["phone"], id_document_type="passport", id_number=s.t["id_number"],
        department="endocrinology", ctx=s.c("s"),
    )  # fmt: skip
    s.app.change_contact(patient_id, s.t["phone"], s.c("s"))
    s.app.authorise_proxy(
        patient_id, s.t["p"], "child", ["purchase", "request_refund", "confirm_redemption"],
        s.c("s"),
    )  # fmt: skip
    s.app.open_episode(
        episode_id, patient_id=patient_id, department=s.t["department"],
        condition_code=s.t["condition"], condition_label=s.t["label"], care_team_id=s.t["team"],
        programme="oncology_nutrition", ctx=s.c("o"),
    )  # fmt: skip
    s.app.move_episode(episode_id, "consulting", s.c("o"), detail="paid", doctor_id=s.t["o"])
    for stage in ("admitted", "discharged", "follow_up"):
        s.app.move_episode(episode_id, stage, s.c("o"), detail=s.t["note"])
    s.app.recommend_package(episode_id, package_id, s.c("o"))
    return patient_id, episode_id


def _purchase(s: Story, package_id: UUID, patient_id: UUID, content: PackageContent) -> UUID:
    subscription_id, proxy = uuid4(), s.c("p", patient_id)
    s.app.purchase(
        subscription_id, package_id=package_id, patient_id=patient_id, buyer_user_id=s.t["p"],
        buyer_relation="child", payer_type="family", amount_paid=content.price,
        payment_ref=s.unique("ref", L.REFERENCE), ctx=proxy,
    )  # fmt: skip
    s.app.record_consultation(subscription_id, True, s.t["note"], s.c("o"))
    text_field, choice = content.intake_form
    answers: dict[str, Any] = {text_field.id: s.t["note"], choice.id: choice.options[1]}
    s.app.submit_intake(subscription_id, answers, proxy)
    return subscription_id


def _care(s: Story, episode_id: UUID) -> None:
    s.app.record_screening(episode_id, s.c("o"), nrs2002=Nrs2002(1, 1, 50),
                           override_tier="malnourished", override_reason=s.t["reason"])  # fmt: skip
    s.app.set_care_plan(episode_id, "oral_supplements", 14, s.t["note"], s.c("o"))
    s.app.record_observation(episode_id, "body_weight", Decimal("61.5"), s.t["unit"],
                             START - timedelta(hours=1), "staff", s.c("o"))  # fmt: skip
    done, missed = uuid4(), uuid4()
    for follow_up in (done, missed):
        s.app.schedule_follow_up(episode_id, follow_up, START.date(), "phone", s.t["assignee"],
                                 s.c("s"))  # fmt: skip
    s.app.complete_follow_up(episode_id, done, s.t["note"], s.c("s"))  # redeems "a..." item
    s.app.miss_follow_up(episode_id, missed, s.t["reason"], s.c("s"))
