"""Every stable `code` a problem answer of the API can carry, with what it means.

Clients (the staff console's message table among them) translate problems by code; a
test checks that every code raised anywhere in src/ is listed here and nothing else.
`python -m api.problem_codes` prints them as JSON for the console's generated files.
"""

from __future__ import annotations

import json
import sys

PROBLEM_CODES: dict[str, str] = {
    # HTTP and request shape
    "malformed_request": "The request cannot be read (JSON, headers, If-Match).",
    "validation_error": "A field is missing or invalid; `errors` names the fields.",
    "invalid_input": "A value the rules refuse.",
    "invalid_query": "A query parameter combination the endpoint refuses.",
    "malformed_cursor": "A paging cursor the API did not make.",
    "invalid_search": "A FHIR search parameter that is unknown, repeated or malformed.",
    "time_out_of_range": "A time outside what UTC can hold.",
    "after_beyond_head": "`after` is beyond the event store's newest position.",
    "limit_exceeded": "A text or list longer than allowed.",
    "control_characters": "Text with control characters.",
    "unauthenticated": "No valid bearer token.",
    "forbidden": "The caller's role does not allow this.",
    "out_of_scope": "The patient or episode is outside the caller's departments.",
    "invalid_access_reason": "The X-Access-Reason header is empty, too long or unreadable.",
    "department_required": "Staff in several departments must name the department.",
    "source_mismatch": "An integration acting for another platform than its token's.",
    "not_found": "No such resource.",
    "method_not_allowed": "The method is not allowed on this path.",
    "version_mismatch": "If-Match does not match the resource's current version.",
    "request_too_large": "The request body is too large.",
    "unsupported_media_type": "The request body's media type is not accepted.",
    "rate_limited": "Too many requests; retry after Retry-After seconds.",
    "service_unavailable": "The database is unavailable for a moment; retry after Retry-After.",
    "idempotency_key_reused": "The Idempotency-Key was used with another request body.",
    "idempotency_key_in_progress": "The first request with this Idempotency-Key is running.",
    "http_error": "Another HTTP error.",
    "internal_error": "An internal error; it has been logged.",
    "already_exists": "A resource with this id exists already.",
    "concurrency_conflict": "Another change won the race; read again and retry.",
    "already_taken": "The value is taken by another record.",
    # patients and care
    "proxy_not_authorised": "The proxy lacks the permission for this.",
    "invalid_stage_transition": "The episode's stage cannot move there.",
    "episode_closed": "The episode is closed or cancelled.",
    "invalid_screening": "The screening's values are out of range or missing.",
    "follow_up_not_pending": "The follow-up is not scheduled any more.",
    "follow_up_not_found": "No such follow-up in this episode.",
    # catalogue
    "invalid_package": "The package's content breaks a rule.",
    "invalid_package_transition": "The package cannot move to that status.",
    "package_not_draft": "Only a draft can be revised or submitted.",
    "package_not_published": "The package is not published.",
    "reviewer_is_drafter": "A reviewer cannot review their own draft.",
    "not_package_drafter": "Only the drafter may do this.",
    "field_not_editable": "The field cannot change in this status.",
    # subscriptions, redemptions
    "amount_mismatch": "The amount paid is not the package's price.",
    "payment_ref_reused": "The payment reference was used for another purchase.",
    "invalid_subscription_state": "The subscription's status does not allow this.",
    "intake_invalid": "The intake answers do not fit the form.",
    "entitlement_exhausted": "No units of this item are left.",
    "unknown_item": "The package has no such item.",
    "redemption_mode_mismatch": "The item is redeemed another way.",
    "outside_validity": "Outside the subscription's validity.",
    "cancellation_needs_refund": "Money paid is still refundable: ask for a refund instead.",
    "ledger_closed": "The subscription's entitlements are closed.",
    "invalid_redemption_state": "The redemption's status does not allow this.",
    "redemption_not_found": "No such redemption.",
    "no_matching_entitlement": "No active subscription of the patient has this item.",
    "receipt_ref_reused": "The receipt reference was used for another patient.",
    # refunds
    "refund_already_open": "The subscription has an open refund already.",
    "refund_exceeds_balance": "The amount exceeds what is refundable.",
    "refund_exceeds_entitlements": "More units than remain.",
    "item_not_refundable": "The item cannot be refunded.",
    "invalid_refund_state": "The refund's status does not allow this.",
    "refund_not_found": "No such refund.",
    "approver_not_independent": "The approver took an earlier step of this refund.",
    "approval_requires_finance": "Above the quote or goodwill: finance approves.",
    "approval_requires_service_lead": "A service lead approves this refund.",
    "not_refund_requester": "Only the requester may withdraw the refund.",
    "payment_amount_mismatch": "The payout amount is not the approved amount.",
    "invalid_settlement_file": "The settlement file cannot be read.",
}


def main() -> None:
    json.dump(sorted(PROBLEM_CODES), sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
