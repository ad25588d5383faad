"""Who is who: every role a token may carry, and the groups the rules speak of.

The one definition of the role sets. Endpoints name who may call them with these groups
(`api.routes` guards); the further checks — the caller's data scope (`api.scope`), a
proxy's permissions (`application.access`, `Patient.check_proxy`) and the domain's own
rules (an approver independent of the agreer, a reviewer not the drafter) — are listed per
action in docs/roles.md.
"""

from __future__ import annotations

DOCTOR = "doctor"
NURSE = "nurse"
SERVICE_STAFF = "service_staff"
SERVICE_LEAD = "service_lead"
CATALOGUE_REVIEWER = "catalogue_reviewer"
FINANCE_ROLE = "finance"
AUDITOR_ROLE = "auditor"
PATIENT = "patient"
PROXY = "proxy"
INTEGRATION = "integration"
ADMIN = "admin"

ROLES = frozenset(
    {
        DOCTOR,
        NURSE,
        SERVICE_STAFF,
        SERVICE_LEAD,
        CATALOGUE_REVIEWER,
        FINANCE_ROLE,
        AUDITOR_ROLE,
        PATIENT,
        PROXY,
        INTEGRATION,
        ADMIN,
    }
)

# Staff work inside departments (their tokens name them) and act for patients.
STAFF = frozenset({DOCTOR, NURSE, SERVICE_STAFF, SERVICE_LEAD, ADMIN})
CLINICIANS = frozenset({DOCTOR, NURSE})
CARE_STAFF = frozenset({DOCTOR, NURSE, SERVICE_STAFF})
DRAFTERS = frozenset({DOCTOR, NURSE, SERVICE_STAFF, SERVICE_LEAD})
# The patient and the people they authorised act on one record, their own.
PATIENT_SIDE = frozenset({PATIENT, PROXY})
DOCTORS = frozenset({DOCTOR})
SERVICE_STAFF_ONLY = frozenset({SERVICE_STAFF})
LEADS = frozenset({SERVICE_LEAD})
REVIEWERS = frozenset({CATALOGUE_REVIEWER})
FINANCE = frozenset({FINANCE_ROLE})
AUDITORS = frozenset({AUDITOR_ROLE})
INTEGRATIONS = frozenset({INTEGRATION})
PATIENTS = frozenset({PATIENT})
ANYONE = ROLES
# Roles whose endpoints are not about one patient's care: the guards alone decide.
UNSCOPED = frozenset({ADMIN, INTEGRATION, FINANCE_ROLE, AUDITOR_ROLE, CATALOGUE_REVIEWER})
