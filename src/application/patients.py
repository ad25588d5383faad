"""Patient and episode use cases: registration, proxies, consents, stages and nutrition care."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from application.base import CarepackBase, Done
from application.outcomes import Screened
from domain.context import Ctx
from domain.episode import PatientEpisode
from domain.errors import PackageNotPublished
from domain.nutrition import Nrs2002, PgSga
from domain.package import ServicePackage
from domain.patient import Patient


class PatientCommands(CarepackBase):
    def register_patient(
        self,
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
    ) -> Done[None]:
        def decide() -> tuple[UUID, list[Patient], None]:
            patient = Patient.register(
                patient_id,
                name=name,
                sex=sex,
                birth_date=birth_date,
                phone=phone,
                id_document_type=id_document_type,
                id_number=id_number,
                department=department,
                ctx=ctx,
            )
            return patient_id, [patient], None

        return self.create(patient_id, ctx, decide)

    def change_contact(self, patient_id: UUID, phone: str, ctx: Ctx) -> Done[None]:
        return self.step(Patient, patient_id, ctx, None, lambda p: p.change_contact(phone, ctx))

    def authorise_proxy(
        self, patient_id: UUID, user_id: str, relation: str, permissions: list[str], ctx: Ctx
    ) -> Done[None]:
        return self.step(
            Patient,
            patient_id,
            ctx,
            None,
            lambda p: p.authorise_proxy(user_id, relation, permissions, ctx),
        )

    def revoke_proxy(self, patient_id: UUID, user_id: str, ctx: Ctx) -> Done[None]:
        return self.step(Patient, patient_id, ctx, None, lambda p: p.revoke_proxy(user_id, ctx))

    def set_consent(self, patient_id: UUID, purpose: str, given: bool, ctx: Ctx) -> Done[None]:
        def change(patient: Patient) -> None:
            if ctx.actor.role == "proxy":
                patient.check_proxy(ctx.actor, "view")
            if given:
                patient.give_consent(purpose, ctx)
            else:
                patient.withdraw_consent(purpose, ctx)

        return self.step(Patient, patient_id, ctx, None, change)

    # --- episodes -----------------------------------------------------------------
    def open_episode(
        self,
        episode_id: UUID,
        *,
        patient_id: UUID,
        department: str,
        condition_code: str,
        condition_label: str,
        care_team_id: str,
        programme: str,
        ctx: Ctx,
    ) -> Done[None]:
        def decide() -> tuple[UUID, list[Any], None]:
            patient = self.load(Patient, patient_id)
            episode = PatientEpisode.open(
                episode_id,
                patient_id=patient_id,
                department=department,
                condition_code=condition_code,
                condition_label=condition_label,
                care_team_id=care_team_id,
                programme=programme,
                ctx=ctx,
            )
            patient.link_episode(episode_id, department, ctx)
            return episode_id, [episode, patient], None

        return self.create(episode_id, ctx, decide)

    def move_episode(
        self,
        episode_id: UUID,
        stage: str,
        ctx: Ctx,
        *,
        detail: str = "",
        doctor_id: str = "",
        expected_version: int | None = None,
    ) -> Done[None]:
        return self.step(
            PatientEpisode,
            episode_id,
            ctx,
            expected_version,
            lambda e: e.move_to(stage, ctx, detail=detail, doctor_id=doctor_id),
        )

    def record_screening(
        self,
        episode_id: UUID,
        ctx: Ctx,
        *,
        nrs2002: Nrs2002 | None = None,
        pg_sga: PgSga | None = None,
        override_tier: str | None = None,
        override_reason: str = "",
    ) -> Done[Screened]:
        def decide() -> tuple[UUID, list[PatientEpisode], Screened]:
            episode = self.load(PatientEpisode, episode_id)
            tier = episode.record_screening(ctx, nrs2002, pg_sga, override_tier, override_reason)
            screened = Screened(tier, episode.computed_tier, episode.nrs2002_total)
            return episode_id, [episode], screened

        return self.run(ctx, decide)

    def set_care_plan(
        self, episode_id: UUID, intervention: str, interval_days: int, note: str, ctx: Ctx
    ) -> Done[None]:
        return self.step(
            PatientEpisode,
            episode_id,
            ctx,
            None,
            lambda e: e.set_care_plan(intervention, interval_days, note, ctx),
        )

    def record_observation(
        self,
        episode_id: UUID,
        code: str,
        value: Decimal,
        unit: str,
        observed_at: datetime,
        source: str,
        ctx: Ctx,
    ) -> Done[None]:
        return self.step(
            PatientEpisode,
            episode_id,
            ctx,
            None,
            lambda e: e.record_observation(code, value, unit, observed_at, source, ctx),
        )

    def schedule_follow_up(
        self,
        episode_id: UUID,
        follow_up_id: UUID,
        due_on: date,
        channel: str,
        assignee: str,
        ctx: Ctx,
    ) -> Done[None]:
        return self.step(
            PatientEpisode,
            episode_id,
            ctx,
            None,
            lambda e: e.schedule_follow_up(follow_up_id, due_on, channel, assignee, ctx),
        )

    def miss_follow_up(
        self, episode_id: UUID, follow_up_id: UUID, note: str, ctx: Ctx
    ) -> Done[None]:
        return self.step(
            PatientEpisode,
            episode_id,
            ctx,
            None,
            lambda e: e.miss_follow_up(follow_up_id, note, ctx),
        )

    def recommend_package(self, episode_id: UUID, package_id: UUID, ctx: Ctx) -> Done[None]:
        """A doctor recommends a published package to the episode's patient."""

        def change(episode: PatientEpisode) -> None:
            package = self.load(ServicePackage, package_id)
            if package.status != "published":
                raise PackageNotPublished(f"the package is {package.status}, not published")
            episode.recommend_package(package_id, ctx)

        return self.step(PatientEpisode, episode_id, ctx, None, change)
