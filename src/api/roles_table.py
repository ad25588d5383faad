"""The table of who may do what (docs/roles.md): each endpoint's roles and further checks.

The roles column is read from the routes' guards, so it cannot drift; the checks column is
written here by hand, one entry per operation (a test fails when an operation has none).
Regenerate the page with `python -m api.roles_table > docs/roles.md`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from litestar import Litestar

from api.guards import RoleGuard
from domain.roles import ROLES

SCOPE = "scope"  # staff within their departments, or break-the-glass (api.scope)
OWN = "own record"  # a patient or proxy reaches only their own patient (api.scope)

# Beyond the roles: where each further check happens — `scope` and `own record` in
# api.scope, `proxy: p` the proxy's permission p (application.access), `rule: code` a
# domain rule about who acts, `source` the integration's platform (api.integrations).
CHECKS: dict[str, str] = {
    "draftPackage": "",
    "revisePackage": "rule: not_package_drafter (the drafter or a service lead)",
    "submitPackage": "",
    "approvePackage": "rule: reviewer_is_drafter",
    "rejectPackage": "rule: reviewer_is_drafter",
    "publishPackage": "rule: reviewer_is_drafter",
    "delistPackage": "",
    "changePackagePrice": "",
    "changePackageDisplay": "",
    "draftPackageVersion": "",
    "listPackages": "patients and proxies see published packages only",
    "getPackage": "patients and proxies see published packages only",
    "registerPatient": "the department is one of the caller's (department_required)",
    "getPatient": f"{SCOPE}; {OWN}; proxy: view",
    "authoriseProxy": f"{SCOPE}; {OWN}",
    "revokeProxy": f"{SCOPE}; {OWN}",
    "setConsent": f"{SCOPE}; {OWN}; proxy: view",
    "listPatientOffers": f"{SCOPE}; {OWN}",
    "openEpisode": f"{SCOPE} of the patient; the department is one of the caller's",
    "getEpisode": f"{SCOPE} of the episode's department",
    "moveEpisode": f"{SCOPE} of the episode's department",
    "recordScreening": f"{SCOPE} of the episode's department",
    "setCarePlan": f"{SCOPE} of the episode's department",
    "recordObservation": f"{SCOPE} of the episode's department",
    "scheduleFollowUp": f"{SCOPE} of the episode's department",
    "completeFollowUp": f"{SCOPE} of the episode's department",
    "recommendPackage": f"{SCOPE} of the episode's department",
    "purchaseSubscription": f"{SCOPE}; {OWN}; proxy: purchase; source (a payment source)",
    "getSubscription": f"{SCOPE}; {OWN}; finance sees money fields only",
    "getEntitlements": f"{SCOPE}; {OWN}",
    "recordEnrolmentConsultation": SCOPE,
    "submitIntake": f"{SCOPE}; {OWN}; proxy: purchase",
    "cancelSubscription": f"{SCOPE}; {OWN}; proxy: request_refund",
    "requestRefund": f"{SCOPE}; {OWN}; proxy: request_refund",
    "claimRedemption": SCOPE,
    "receiveReceipt": f"{SCOPE}; source (its own platform's receipts)",
    "confirmRedemption": f"{OWN}; proxy: confirm_redemption",
    "disputeRedemption": f"{OWN}; proxy: confirm_redemption",
    "reverseRedemption": SCOPE,
    "upholdRedemption": SCOPE,
    "getRefund": f"{SCOPE}; {OWN}; finance sees money fields only",
    "agreeRefund": SCOPE,
    "approveRefund": (
        f"{SCOPE}; rule: approval_requires_finance (above the quote, goodwill), "
        "approval_requires_service_lead, approver_not_independent"
    ),
    "rejectRefund": SCOPE,
    "withdrawRefund": f"{SCOPE}; rule: not_refund_requester",
    "recordRefundPayment": "source (a payment source)",
    "dashboardSummary": "departments: the caller's",
    "dashboardPatients": "departments: the caller's",
    "dashboardWorklist": "departments: the caller's",
    "dashboardPackages": "",
    "patientTimeline": f"{SCOPE}; {OWN}",
    "patientOverview": f"{SCOPE} (episodes of the caller's departments, all with a reason)",
    "me": "",
    "auditEvents": "",
    "auditVerify": "",
    "auditAggregateAsOf": "",
    "auditAccessLog": "",
    "auditAccessLogExport": "streamed; ends at its own entry",
    "auditExport": "",
    "financeRefunds": "money fields only",
    "financeBalance": "",
    "financeDaily": "",
    "financeReconcile": "",
    "financeReconciliation": "",
    "financePackages": "sums per package, no patient",
    "financeSeries": "sums per day and package, no patient",
    "financeRefundWaits": "step times only, no patient",
    # FHIR R5 (api.fhir): the equivalent API reads' roles and checks.
    "fhirReadPatient": f"{SCOPE}; {OWN}; proxy: view",
    "fhirSearchPatient": f"{SCOPE} (lists the caller's departments'); {OWN}",
    "fhirReadEpisodeOfCare": f"{SCOPE} of the episode's department",
    "fhirSearchEpisodeOfCare": f"{SCOPE} of the episodes' departments",
    "fhirReadConsent": f"{SCOPE}; {OWN}; proxy: view",
    "fhirSearchConsent": f"{SCOPE}; {OWN}",
    "fhirReadChargeItemDefinition": "patients and proxies see published packages only",
    "fhirSearchChargeItemDefinition": "patients and proxies see published packages only",
    "fhirReadChargeItem": f"{SCOPE}; {OWN}; proxy: view",
    "fhirSearchChargeItem": f"{SCOPE} (the redemptions' departments); {OWN}",
    "fhirReadPaymentReconciliation": "money fields only",
    "fhirSearchPaymentReconciliation": "money fields only",
    "fhirReadAuditEvent": "",
    "fhirSearchAuditEvent": "",
}


def operations(app: Litestar) -> Iterator[tuple[str, str, str, frozenset[str]]]:
    """(method, path, operation id, roles) of every role-guarded endpoint, in path order."""
    found = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            guards = [
                guard
                for layer in handler.ownership_layers
                for guard in (layer.guards or ())
                if isinstance(guard, RoleGuard)
            ]
            if not guards or not handler.operation_id:
                continue
            roles = frozenset().union(*(guard.roles for guard in guards))
            for method in sorted(handler.http_methods - {"OPTIONS", "HEAD"}):
                path = route.path.replace(":uuid", "").replace(":str", "")
                found.append((path, method, str(handler.operation_id), roles))
    for path, method, operation_id, roles in sorted(found):
        yield method, path, operation_id, roles


def markdown(app: Litestar) -> str:
    role_order = sorted(ROLES)
    head = ["endpoint", *role_order, "further checks"]
    lines = [
        "# Who may do what",
        "",
        "Every endpoint with the roles its guard lets through (✓), and the further checks",
        "made after the guard: `scope` — staff reach the patients and episodes of their",
        "departments, or break the glass (`api.scope`); `own record` — a patient or proxy",
        "reaches only their own patient; `proxy: p` — a proxy needs permission p",
        "(`application.access`); `rule: code` — a domain rule about who acts, refused with",
        "that problem code; `source` — an integration acts for its own platform only",
        "(`api.integrations`). Role groups are defined once, in `src/domain/roles.py`.",
        "`/health` is open; `/ready` and `/metrics` show detail only with the ops token.",
        "",
        "Generated by `python -m api.roles_table > docs/roles.md` (a test keeps it current).",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    for method, path, operation_id, roles in operations(app):
        marks = ["✓" if role in roles else "" for role in role_order]
        endpoint = f"`{method} {path.removeprefix('/api/v1')}`"
        lines.append("| " + " | ".join([endpoint, *marks, CHECKS[operation_id]]) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    import tempfile

    from api.app import create_app
    from application.settings import Settings

    with tempfile.TemporaryDirectory() as data_dir:
        sys.stdout.write(markdown(create_app(Settings(demo=True, data_dir=data_dir))))


if __name__ == "__main__":
    main()
