"""Carepack, the event-sourced application: its methods are the use cases of product §2."""

from __future__ import annotations

from application.catalogue import CatalogueCommands
from application.enrolment import EnrolmentCommands
from application.patients import PatientCommands
from application.redemptions import RedemptionCommands
from application.refunds import RefundCommands


class Carepack(
    CatalogueCommands, PatientCommands, EnrolmentCommands, RedemptionCommands, RefundCommands
):
    """One application over one event store; every command saves in one transaction."""
