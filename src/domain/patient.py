"""The Patient aggregate: identity, contact, family proxies and their rights, consents."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain import limits
from domain.base import CarepackAggregate
from domain.context import Actor, Ctx
from domain.errors import InvalidInput, ProxyNotAuthorised

SEXES = frozenset({"female", "male", "other", "unknown"})
RELATIONS = frozenset({"child", "spouse", "parent", "guardian", "other"})
PERMISSIONS = frozenset({"purchase", "request_refund", "confirm_redemption", "view"})
CONSENT_PURPOSES = frozenset({"care_management", "data_sharing_with_provider"})
ID_DOCUMENT_TYPES = frozenset({"resident_id", "passport", "hk_macau_permit", "other"})


MASK_VISIBLE = 4


def mask_id_number(number: str) -> str:
    """At most the last 4 characters show, and only of a number twice that long; every
    other character is a `*`. A resident ID's first characters are the region and its
    middle the birth date: shown with the birth date they rebuilt the number. Masking a
    masked number (this mask or the old first-3-and-last-4 one) gives this mask again."""
    if len(number) < 2 * MASK_VISIBLE:
        return "*" * len(number)
    return "*" * (len(number) - MASK_VISIBLE) + number[-MASK_VISIBLE:]


class Patient(CarepackAggregate):
    class Registered(CarepackAggregate.Created):
        name: str
        sex: str
        birth_date: date
        phone: str
        id_document_type: str
        id_number: str
        # 2: the registering department, the patient's data scope before any episode.
        department: str
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            # Not recorded then: such a patient is in no department's scope until an
            # episode is opened (break-the-glass reaches them; see README "Data scope").
            state["department"] = ""

    class ContactChanged(CarepackAggregate.Event):
        phone: str

    class ProxyAuthorised(CarepackAggregate.Event):
        user_id: str
        relation: str
        permissions: list[str]

    class ProxyRevoked(CarepackAggregate.Event):
        user_id: str

    class ConsentGiven(CarepackAggregate.Event):
        purpose: str

    class ConsentWithdrawn(CarepackAggregate.Event):
        purpose: str

    class SubscriptionLinked(CarepackAggregate.Event):
        subscription_id: UUID

    class EpisodeLinked(CarepackAggregate.Event):
        episode_id: UUID
        department: str
        # 2: the department rides along, so a data-scope check reads the patient alone.
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["department"] = ""  # not recorded: readers ask the episode itself

    @classmethod
    def register(
        cls,
        patient_id: UUID,
        *,
        name: str,
        sex: str,
        birth_date: date,
        phone: str,
        id_document_type: str,
        id_number: str,
        department: str,
        ctx: Ctx,
    ) -> Patient:
        if not department.strip():
            raise InvalidInput("a patient is registered by a department")
        if not name.strip():
            raise InvalidInput("a patient needs a name")
        if sex not in SEXES:
            raise InvalidInput(f"sex must be one of {sorted(SEXES)}")
        if id_document_type not in ID_DOCUMENT_TYPES or not id_number.strip():
            raise InvalidInput("an ID document type and number are required")
        if birth_date > ctx.today:
            raise InvalidInput("birth date is in the future")
        return cls._create(
            cls.Registered,
            id=patient_id,
            name=limits.line(name.strip(), "name", limits.NAME),
            sex=sex,
            birth_date=birth_date,
            phone=limits.line(phone, "phone", limits.PHONE),
            id_document_type=id_document_type,
            id_number=limits.line(id_number.strip(), "id_number", limits.ID_NUMBER),
            department=limits.line(department.strip(), "department", limits.IDENTIFIER),
            **ctx.meta,
        )

    @event(Registered)
    def __init__(
        self,
        name: str,
        sex: str,
        birth_date: date,
        phone: str,
        id_document_type: str,
        id_number: str,
        department: str,
        actor: Actor,
        correlation_id: str,
    ) -> None:
        self.name = name
        self.sex = sex
        self.birth_date = birth_date
        self.phone = phone
        self.id_document_type = id_document_type
        self.id_number = id_number
        # "" for patients registered before the department was recorded.
        self.department = department
        self.proxies: dict[str, dict[str, Any]] = {}
        self.consents: set[str] = set()
        self.subscription_ids: list[UUID] = []
        self.episode_ids: list[UUID] = []
        # Episode -> its department ("" for links recorded before the department was).
        self.episode_departments: dict[UUID, str] = {}

    # --- commands ---------------------------------------------------------------
    def change_contact(self, phone: str, ctx: Ctx) -> None:
        if not phone.strip():
            raise InvalidInput("a phone number is required")
        self._contact_changed(phone=limits.line(phone.strip(), "phone", limits.PHONE), **ctx.meta)

    def authorise_proxy(
        self, user_id: str, relation: str, permissions: list[str], ctx: Ctx
    ) -> None:
        if relation not in RELATIONS:
            raise InvalidInput(f"relation must be one of {sorted(RELATIONS)}")
        unknown = set(permissions) - PERMISSIONS
        if unknown or not permissions:
            raise InvalidInput(f"permissions must be a non-empty subset of {sorted(PERMISSIONS)}")
        if not user_id:
            raise InvalidInput("a proxy needs a user id")
        limits.line(user_id, "user_id", limits.USER_ID)
        self._proxy_authorised(
            user_id=user_id, relation=relation, permissions=sorted(set(permissions)), **ctx.meta
        )

    def revoke_proxy(self, user_id: str, ctx: Ctx) -> None:
        if user_id not in self.proxies:
            raise ProxyNotAuthorised(f"{user_id} is not an authorised proxy of this patient")
        self._proxy_revoked(user_id=user_id, **ctx.meta)

    def give_consent(self, purpose: str, ctx: Ctx) -> None:
        self._check_purpose(purpose)
        if purpose not in self.consents:
            self._consent_given(purpose=purpose, **ctx.meta)

    def withdraw_consent(self, purpose: str, ctx: Ctx) -> None:
        self._check_purpose(purpose)
        if purpose in self.consents:
            self._consent_withdrawn(purpose=purpose, **ctx.meta)

    def link_subscription(self, subscription_id: UUID, ctx: Ctx) -> None:
        self._subscription_linked(subscription_id=subscription_id, **ctx.meta)

    def link_episode(self, episode_id: UUID, department: str, ctx: Ctx) -> None:
        self._episode_linked(episode_id=episode_id, department=department, **ctx.meta)

    # --- queries ------------------------------------------------------------------
    def relation_of(self, user_id: str) -> str | None:
        proxy = self.proxies.get(user_id)
        return None if proxy is None else str(proxy["relation"])

    def proxy_may(self, user_id: str, permission: str) -> bool:
        proxy = self.proxies.get(user_id)
        return proxy is not None and permission in proxy["permissions"]

    def check_proxy(self, actor: Actor, permission: str) -> None:
        """A proxy acts only within the permissions granted and only while not revoked."""
        if not self.proxy_may(actor.user_id, permission):
            raise ProxyNotAuthorised(
                f"{actor.user_id} may not {permission.replace('_', ' ')} for this patient"
            )

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @staticmethod
    def _check_purpose(purpose: str) -> None:
        if purpose not in CONSENT_PURPOSES:
            raise InvalidInput(f"consent purpose must be one of {sorted(CONSENT_PURPOSES)}")

    # --- events -------------------------------------------------------------------
    @event(ContactChanged)
    def _contact_changed(self, phone: str, actor: Actor, correlation_id: str) -> None:
        self.phone = phone

    @event(ProxyAuthorised)
    def _proxy_authorised(
        self, user_id: str, relation: str, permissions: list[str], actor: Actor, correlation_id: str
    ) -> None:
        self.proxies[user_id] = {"relation": relation, "permissions": sorted(permissions)}

    @event(ProxyRevoked)
    def _proxy_revoked(self, user_id: str, actor: Actor, correlation_id: str) -> None:
        self.proxies.pop(user_id, None)

    @event(ConsentGiven)
    def _consent_given(self, purpose: str, actor: Actor, correlation_id: str) -> None:
        self.consents.add(purpose)

    @event(ConsentWithdrawn)
    def _consent_withdrawn(self, purpose: str, actor: Actor, correlation_id: str) -> None:
        self.consents.discard(purpose)

    @event(SubscriptionLinked)
    def _subscription_linked(
        self, subscription_id: UUID, actor: Actor, correlation_id: str
    ) -> None:
        self.subscription_ids.append(subscription_id)

    @event(EpisodeLinked)
    def _episode_linked(
        self, episode_id: UUID, department: str, actor: Actor, correlation_id: str
    ) -> None:
        self.episode_ids.append(episode_id)
        self.episode_departments[episode_id] = department
