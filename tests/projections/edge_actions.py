"""The story's money and its risky part: redemptions, refunds, and commands given text the
domain may refuse (see `edge_story`)."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID, uuid4

from domain import limits as L
from domain.context import Actor, Ctx
from domain.errors import ControlCharacters, InvalidInput, LimitExceeded
from domain.money import Money
from domain.quote import RefundScope
from domain.terms import PackageContent
from tests.fixtures import START

if TYPE_CHECKING:
    from tests.projections.edge_story import Story

# Fields also tried with text the domain may refuse: a refused command writes nothing.
WILD = {"name": L.NAME, "assignee": L.USER_ID, "display": L.NAME, "condition": L.DISEASE_CODE,
        "correlation": L.CORRELATION_ID, "reason": L.FREE_TEXT}  # fmt: skip
REFUSED = (LimitExceeded, ControlCharacters, InvalidInput)


def redemptions(s: Story, subscription_id: UUID, patient_id: UUID, c: PackageContent) -> None:
    escort, proxy = c.items[1].code, s.c("p", patient_id)
    disputed, confirmed = uuid4(), uuid4()
    s.app.claim_redemption(disputed, subscription_id, escort, s.t["note"], s.c("s"))
    s.app.dispute_redemption(disputed, s.t["reason"], proxy)
    s.app.reverse_redemption(disputed, s.t["note"], s.c("l"))
    s.app.claim_redemption(confirmed, subscription_id, escort, s.t["note"], s.c("s"))
    s.app.confirm_redemption(confirmed, proxy)
    s.app.receive_receipt(s.t["source"], s.unique("ref", L.REFERENCE), patient_id, "education",
                          START, s.c("m"))  # fmt: skip


def refunds(s: Story, subscription_id: UUID, patient_id: UUID, c: PackageContent) -> None:
    items, goodwill, rejected = uuid4(), uuid4(), uuid4()
    s.app.request_refund(items, subscription_id, scope=RefundScope("items", {c.items[1].code: 1}),
                         reason_code="other", reason_text=s.t["reason"], requested_amount=None,
                         ctx=s.c("s"))  # fmt: skip
    s.app.approve_refund(items, s.c("l"))
    _pay(s, items)
    one = Money.parse("1.00")
    s.app.request_refund(goodwill, subscription_id, scope=RefundScope("goodwill"),
                         reason_code="other", reason_text=s.t["note"], requested_amount=one,
                         ctx=s.c("p", patient_id))  # fmt: skip
    s.app.agree_refund(goodwill, Money.parse("1.00"), s.t["note"], s.c("s"))
    s.app.approve_refund(goodwill, s.c("f"))
    s.app.record_refund_payment(goodwill, paid=False, provider_ref="", amount=None,
                                reason=s.t["reason"], ctx=s.c("m"))  # fmt: skip
    _pay(s, goodwill)
    s.app.request_refund(rejected, subscription_id, scope=RefundScope("goodwill"),
                         reason_code="other", reason_text=s.t["long"][: L.FREE_TEXT],
                         requested_amount=None, ctx=s.c("s"))  # fmt: skip
    s.app.reject_refund(rejected, s.t["reason"], s.c("l"))


def _pay(s: Story, refund_id: UUID) -> None:
    s.app.record_refund_payment(refund_id, paid=True, provider_ref=s.unique("ref", L.REFERENCE),
                                amount=None, reason="", ctx=s.c("m"))  # fmt: skip


def wild_commands(s: Story, package_id: UUID, patient_id: UUID, episode_id: UUID) -> None:
    """Commands with text the domain may refuse; what it accepts, projections must apply."""
    w = {k: s.t[f"wild_{k}"] for k in WILD}
    pending = uuid4()
    s.app.schedule_follow_up(episode_id, pending, START.date(), "clinic", s.t["assignee"],
                             s.c("s"))  # fmt: skip
    attempts = [
        lambda: s.app.register_patient(
            uuid4(), name=w["name"], sex="male", birth_date=date(1950, 1, 2), phone="1",
            id_document_type="passport", id_number="E1", department="endocrinology",
            ctx=s.c("s"),
        ),
        lambda: s.app.schedule_follow_up(episode_id, uuid4(), START.date(), "online",
                                         w["assignee"], s.c("s")),
        lambda: s.app.change_display(package_id, {"name": w["display"]}, s.c("r")),
        lambda: s.app.open_episode(
            uuid4(), patient_id=patient_id, department="x", condition_code=w["condition"],
            condition_label="x", care_team_id="x", programme="general", ctx=s.c("o"),
        ),
        lambda: s.app.set_consent(patient_id, "care_management", True,
                                  Ctx(Actor(s.t["s"], "nurse"), w["correlation"], START)),
        lambda: s.app.miss_follow_up(episode_id, pending, w["reason"], s.c("s")),
    ]  # fmt: skip
    for attempt in attempts:
        with contextlib.suppress(*REFUSED):
            attempt()
