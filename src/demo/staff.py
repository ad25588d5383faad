"""The demo hospital's staff as the console's sign-in page lists them (demo mode only)."""

from __future__ import annotations

from dataclasses import dataclass

from demo.catalogue import DEPARTMENTS, FINANCE, LEAD, REVIEWER


@dataclass(frozen=True)
class DemoStaff:
    subject: str
    name: str
    role: str
    departments: tuple[str, ...]


_SURNAMES = {
    "dr-onc-zhang": "张医生", "nurse-onc-liu": "刘护士", "staff-onc-zhao": "赵随访员",
    "dr-endo-wang": "王医生", "nurse-endo-li": "李护士", "staff-endo-huang": "黄随访员",
    "dr-card-yang": "杨医生", "nurse-card-zhou": "周护士", "staff-card-wu": "吴随访员",
}  # fmt: skip
_EVERY = tuple(department.code for department in DEPARTMENTS)


def demo_staff() -> list[DemoStaff]:
    """Per department its doctor, nurse and service staff; then the hospital-wide roles."""
    found = [
        DemoStaff(actor.user_id, _SURNAMES[actor.user_id], actor.role, (department.code,))
        for department in DEPARTMENTS
        for actor in (department.nurse, department.doctor, department.staff)
    ]
    found += [
        DemoStaff(LEAD.user_id, "陈主管", LEAD.role, _EVERY),
        DemoStaff(REVIEWER.user_id, "孙审核", REVIEWER.role, ()),
        DemoStaff(FINANCE.user_id, "钱财务", FINANCE.role, ()),
        DemoStaff("aud-zhou", "周审计", "auditor", ()),
    ]
    return found


def demo_member(subject: str) -> DemoStaff | None:
    return next((member for member in demo_staff() if member.subject == subject), None)
