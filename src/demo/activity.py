"""The demo's later phases: care and redemptions, refunds at every step, follow-ups ahead."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from demo.catalogue import EDU_SOURCE, LEAD, MALL
from demo.plan import PatientPlan
from demo.refunds import REFUND_OUTCOMES, refund
from demo.world import Story, World
from domain.context import Actor
from domain.errors import NoMatchingEntitlement, OutsideValidity

ACTIVITY_DAYS = 70
REFUND_DAYS = 8
Progress = Callable[[str, int, int], None]
_PATHS = {
    "consulting": (),
    "admitted": ("admitted",),
    "discharged": ("admitted", "discharged"),
    "follow_up": ("admitted", "discharged", "follow_up"),
    "closed": ("follow_up", "closed"),
}


def activity_phase(story: Story, progress: Progress) -> None:
    world = story.world
    total = len(story.plans)
    for index, plan in enumerate(story.plans):
        if plan.target_stage == "cancelled":
            world.app.move_episode(
                plan.episode_id, "cancelled", world.ctx(plan.department.nurse),
                detail="patient declined",
            )  # fmt: skip
        elif plan.target_stage != "registered":
            _care(world, plan)
            if plan.active:
                _redemptions(world, plan)
            _walk(world, plan)
        world.spread(ACTIVITY_DAYS, total)
        progress("care", index + 1, total)


def _care(world: World, plan: PatientPlan) -> None:
    app, dept = world.app, plan.department
    for _ in range(world.rng.choice((1, 2, 2, 3))):
        follow_up = world.uuid()
        due = world.clock.now().astimezone(world.app.settings.zone).date()
        app.schedule_follow_up(plan.episode_id, follow_up, due, "phone", dept.staff.user_id,
                               world.ctx(dept.staff))  # fmt: skip
        if world.rng.random() < 0.1:
            app.miss_follow_up(plan.episode_id, follow_up, "no answer", world.ctx(dept.staff))
            continue
        done = app.complete_follow_up(plan.episode_id, follow_up, "stable",
                                      world.ctx(dept.staff))  # fmt: skip
        world.counts["follow_ups_redeemed" if done.outcome.redemption_id else "follow_ups"] += 1
    if world.rng.random() < 0.4:
        weight = Decimal(45 + plan.serial % 35) + Decimal("0.5")
        app.record_observation(plan.episode_id, "body_weight", weight, "kg",
                               world.clock.now() - timedelta(hours=1), "staff",
                               world.ctx(dept.nurse))  # fmt: skip


def _redemptions(world: World, plan: PatientPlan) -> None:
    rng = world.rng
    for k in range(rng.choice((0, 1, 2))):
        receipt(world, plan, f"EDU-{plan.serial}-{k}")
    if rng.random() < 0.5:
        claim(world, plan, rng.choices(("confirm", "leave", "dispute"), (5, 2, 3))[0])


def receipt(world: World, plan: PatientPlan, ref: str) -> None:
    try:
        world.app.receive_receipt(EDU_SOURCE, ref, plan.patient_id, "education",
                                  world.clock.now(), world.ctx(MALL))  # fmt: skip
        world.counts["receipts"] += 1
    except (NoMatchingEntitlement, OutsideValidity):
        world.counts["receipts_unmatched"] += 1


def claim(world: World, plan: PatientPlan, outcome: str) -> None:
    app, dept = world.app, plan.department
    rid = world.uuid()
    app.claim_redemption(rid, plan.subscription_id, "escort", "escorted to clinic",
                         world.ctx(dept.staff))  # fmt: skip
    world.counts[f"claims_{outcome}"] += 1
    if outcome == "confirm":
        app.confirm_redemption(rid, world.ctx(plan.buyer_actor))
    elif outcome == "dispute":
        app.dispute_redemption(rid, "did not happen", world.ctx(plan.buyer_actor))
        settle = world.rng.choice(("reverse", "uphold", "open"))
        if settle == "reverse":
            app.reverse_redemption(rid, "no record of the visit", world.ctx(LEAD))
        elif settle == "uphold":
            app.uphold_redemption(rid, "escort log signed", world.ctx(LEAD))


def _walk(world: World, plan: PatientPlan) -> None:
    path = _PATHS[plan.target_stage]
    if plan.target_stage == "follow_up" and world.rng.random() < 0.5:
        path = ("follow_up",)
    for stage in path:
        detail = "stable" if stage == "closed" else ""
        world.app.move_episode(plan.episode_id, stage, world.ctx(plan.department.doctor),
                               detail=detail)  # fmt: skip


def refunds_phase(story: Story, progress: Progress) -> None:
    world = story.world
    active = [plan for plan in story.plans if plan.active]
    world.rng.shuffle(active)
    chosen = active[: max(len(REFUND_OUTCOMES), len(active) // 3)]
    for index, plan in enumerate(chosen):
        refund(world, plan, REFUND_OUTCOMES[index % len(REFUND_OUTCOMES)])
        world.spread(REFUND_DAYS, len(chosen))
        progress("refunds", index + 1, len(chosen))


def closing_phase(story: Story, progress: Progress) -> None:
    """Today: follow-ups due and overdue, fresh redemptions, then expire what ran out."""
    world = story.world
    today = datetime.combine(world.today, time(8, 0), tzinfo=UTC)
    if world.clock.now() < today:
        world.clock.set(today)
    total = len(story.plans)
    for index, plan in enumerate(story.plans):
        if plan.target_stage not in ("closed", "cancelled"):
            _ahead(world, plan)
        if plan.active and world.rng.random() < 0.3:
            receipt(world, plan, f"EDU-{plan.serial}-today")
        progress("today", index + 1, total)
    world.app.expire_due(world.ctx(Actor.system()))


def _ahead(world: World, plan: PatientPlan) -> None:
    dept, rng = plan.department, world.rng
    days = [rng.randint(0, 14)] + ([-rng.randint(1, 10)] if rng.random() < 0.35 else [])
    for offset in days:
        world.app.schedule_follow_up(
            plan.episode_id, world.uuid(), world.today + timedelta(days=offset),
            rng.choice(("phone", "online", "clinic")), dept.staff.user_id, world.ctx(dept.staff),
        )  # fmt: skip
        world.counts["follow_ups_overdue" if offset < 0 else "follow_ups_due"] += 1
