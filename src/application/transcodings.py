"""How the domain's value objects are written into stored events (JSON), and read back."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date
from typing import Any

from eventsourcing.persistence import Transcoder, Transcoding

from domain.context import Actor
from domain.money import Money
from domain.terms import CareTeam, IntakeField, PackageContent, PackageItem, RefundPolicy, Terms


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class DataclassAsDict(Transcoding):
    """A frozen dataclass as a dict of its fields; JSON lists come back as tuples."""

    def __init__(self, cls: type[Any], name: str) -> None:
        assert is_dataclass(cls)
        self.type = cls
        self.name = name

    def encode(self, obj: Any) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name) for f in fields(obj)}

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})


VALUE_OBJECTS: dict[str, type[Any]] = {
    "money": Money,
    "actor": Actor,
    "package_item": PackageItem,
    "refund_policy": RefundPolicy,
    "intake_field": IntakeField,
    "care_team": CareTeam,
    "package_content": PackageContent,
    "terms": Terms,
}


def register_transcodings(transcoder: Transcoder) -> None:
    transcoder.register(DateAsISO())  # type: ignore[attr-defined]
    for name, cls in VALUE_OBJECTS.items():
        transcoder.register(DataclassAsDict(cls, name))  # type: ignore[attr-defined]
