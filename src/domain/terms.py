"""A package's content as value objects: items, refund policy, intake form, care team.

`Terms` is the snapshot a purchase keeps, so no later change to the package touches it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any
from uuid import UUID

from domain import limits
from domain.errors import InvalidPackage
from domain.money import Money

ITEM_KINDS = frozenset({"follow_up", "per_use", "education", "add_on_product", "consultation"})
REDEMPTION_MODES = frozenset({"auto", "manual"})
FIELD_TYPES = frozenset({"text", "number", "date", "choice", "bool"})
CARE_TEAM_KINDS = frozenset({"work_group", "doctor"})
DISPLAY_FIELDS = ("name", "description", "precautions", "target_population", "why_manage")


@dataclass(frozen=True)
class PackageItem:
    code: str
    name: str
    kind: str
    quantity: int
    weight: int
    redemption: str

    def check(self) -> None:
        if not self.code or not self.name:
            raise InvalidPackage("an item needs a code and a name", item=self.code)
        if self.kind not in ITEM_KINDS:
            raise InvalidPackage(f"item {self.code}: unknown kind {self.kind!r}", item=self.code)
        if self.redemption not in REDEMPTION_MODES:
            raise InvalidPackage(f"item {self.code}: redemption must be auto or manual")
        if self.quantity < 1:
            raise InvalidPackage(f"item {self.code}: quantity must be at least 1")
        if self.weight < 0:
            raise InvalidPackage(f"item {self.code}: weight must not be negative")
        limits.line(self.code, "items.code", limits.CODE)
        limits.line(self.name, "items.name", limits.NAME)
        limits.at_most(self.quantity, "items.quantity", limits.QUANTITY)
        limits.at_most(self.weight, "items.weight", limits.WEIGHT)


@dataclass(frozen=True)
class RefundPolicy:
    """The machine-readable refund policy of product §3; fee_pct is a whole percentage."""

    full_before_start: bool = True
    cooling_off_days: int = 0
    non_refundable_after_delivery: tuple[str, ...] = ()
    fee_pct: int = 0

    def check(self, item_codes: set[str]) -> None:
        if self.cooling_off_days < 0:
            raise InvalidPackage("cooling_off_days must not be negative")
        if not 0 <= self.fee_pct <= 100:
            raise InvalidPackage("fee_pct must be between 0 and 100")
        limits.at_most(self.cooling_off_days, "cooling_off_days", limits.VALIDITY_DAYS)
        unknown = set(self.non_refundable_after_delivery) - item_codes
        if unknown:
            raise InvalidPackage(f"refund policy names unknown items {sorted(unknown)}")


@dataclass(frozen=True)
class IntakeField:
    id: str
    label: str
    type: str
    required: bool = False
    options: tuple[str, ...] = ()

    def check(self) -> None:
        if not self.id or self.type not in FIELD_TYPES:
            raise InvalidPackage(f"intake field {self.id!r}: unknown type {self.type!r}")
        if self.type == "choice" and not self.options:
            raise InvalidPackage(f"intake field {self.id}: a choice needs options")
        limits.line(self.id, "intake_form.id", limits.CODE)
        limits.line(self.label, "intake_form.label", limits.NAME)
        limits.size(self.options, "intake_form.options", limits.OPTIONS)
        for option in self.options:
            limits.line(option, "intake_form.options", limits.NAME)


@dataclass(frozen=True)
class CareTeam:
    kind: str
    id: str
    name: str = ""

    def check(self) -> None:
        if self.kind not in CARE_TEAM_KINDS or not self.id:
            raise InvalidPackage("care team must be a work_group or a doctor, with an id")
        limits.line(self.id, "care_team.id", limits.IDENTIFIER)
        limits.line(self.name, "care_team.name", limits.NAME)


@dataclass(frozen=True)
class PackageContent:
    """Everything a drafter writes. Checked as a whole before any event is raised."""

    code: str
    name: str
    disease_codes: tuple[str, ...]
    items: tuple[PackageItem, ...]
    validity_days: int
    price: Money
    care_team: CareTeam
    # The department that offers it (科室, as episodes name theirs); empty: the whole
    # hospital's. Content like the rest: frozen once published.
    department: str = ""
    refund_policy: RefundPolicy = field(default_factory=RefundPolicy)
    consultation_required: bool = False
    intake_form: tuple[IntakeField, ...] = ()
    target_population: str = ""
    why_manage: str = ""
    description: str = ""
    precautions: str = ""
    refund_rules: str = ""

    def check(self) -> None:
        if not self.code or not self.name:
            raise InvalidPackage("a package needs a code and a name")
        if not self.items:
            raise InvalidPackage("a package needs at least one item")
        self._check_limits()
        for item in self.items:
            item.check()
        codes = [i.code for i in self.items]
        if len(set(codes)) != len(codes):
            raise InvalidPackage("item codes must be unique")
        if sum(i.weight * i.quantity for i in self.items) <= 0:
            raise InvalidPackage("the items' weights must not all be zero")
        if self.validity_days < 1:
            raise InvalidPackage("validity_days must be at least 1")
        if self.price.fen < 0:
            raise InvalidPackage("the price must not be negative")
        self.care_team.check()
        self.refund_policy.check(set(codes))
        for f in self.intake_form:
            f.check()
        ids = [f.id for f in self.intake_form]
        if len(set(ids)) != len(ids):
            raise InvalidPackage("intake field ids must be unique")

    def _check_limits(self) -> None:
        limits.line(self.code, "code", limits.CODE)
        limits.line(self.name, "name", limits.NAME)
        limits.line(self.department, "department", limits.IDENTIFIER)
        limits.size(self.disease_codes, "disease_codes", limits.DISEASE_CODES)
        for code in self.disease_codes:
            limits.line(code, "disease_codes", limits.DISEASE_CODE)
        limits.size(self.items, "items", limits.ITEMS)
        limits.size(self.intake_form, "intake_form", limits.INTAKE_FIELDS)
        limits.at_most(self.validity_days, "validity_days", limits.VALIDITY_DAYS)
        limits.at_most(self.price.fen, "price", limits.MAX_FEN)
        for name in (*DISPLAY_FIELDS[1:], "refund_rules"):
            limits.text(getattr(self, name), name, limits.LONG_TEXT)

    def with_display(self, texts: dict[str, str]) -> PackageContent:
        return replace(self, **texts)  # type: ignore[arg-type]

    def as_dict(self) -> dict[str, Any]:
        """A plain structure for read models and the API."""
        from dataclasses import asdict

        data = asdict(self)
        data["price"] = {"amount": self.price.amount, "currency": self.price.currency}
        return data


@dataclass(frozen=True)
class Terms:
    """The purchased version's terms, frozen at purchase."""

    package_id: UUID
    package_version: int
    content: PackageContent

    def item(self, code: str) -> PackageItem | None:
        return next((i for i in self.content.items if i.code == code), None)
