"""Domain errors: every broken rule raises one of these, each with a stable `code`.

The domain knows nothing of HTTP: the API maps them to RFC 9457 problem details, with
their HTTP statuses, in one place (`api.problems`).
"""

from __future__ import annotations

from typing import Any, ClassVar


class DomainError(Exception):
    """A rule of the domain was broken. `code` is stable and documented."""

    code: ClassVar[str] = "domain_error"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class InvalidInput(DomainError):
    code = "invalid_input"


class NotFound(DomainError):
    code = "not_found"


class VersionMismatch(DomainError):
    code = "version_mismatch"


class Forbidden(DomainError):
    """The actor may not do this to this patient (proxy rights, requester only)."""

    code = "forbidden"


class AlreadyExists(DomainError):
    """An aggregate with this id is already stored (a create that was already done)."""

    code = "already_exists"


class ConcurrencyConflict(DomainError):
    """The same aggregate changed under us on every retry: the client may try again."""

    code = "concurrency_conflict"


# --- limits (domain.limits) ----------------------------------------------------
class LimitExceeded(InvalidInput):
    """A text longer, or a list larger, than its field allows; `field` names it."""

    code = "limit_exceeded"


class ControlCharacters(InvalidInput):
    """A control character (or, outside free text, a line break) in a text; `field` names it."""

    code = "control_characters"


# --- patients ---------------------------------------------------------------
class ProxyNotAuthorised(Forbidden):
    code = "proxy_not_authorised"


# --- episodes -----------------------------------------------------------------
class InvalidStageTransition(DomainError):
    code = "invalid_stage_transition"


class EpisodeClosed(DomainError):
    code = "episode_closed"


class InvalidScreening(InvalidInput):
    code = "invalid_screening"


class FollowUpNotPending(DomainError):
    code = "follow_up_not_pending"


class UnknownFollowUp(NotFound):
    code = "follow_up_not_found"


# --- catalogue ----------------------------------------------------------------
class InvalidPackage(InvalidInput):
    code = "invalid_package"


class InvalidPackageTransition(DomainError):
    code = "invalid_package_transition"


class PackageNotDraft(DomainError):
    code = "package_not_draft"


class PackageNotPublished(DomainError):
    code = "package_not_published"


class ReviewerIsDrafter(DomainError):
    code = "reviewer_is_drafter"


class NotPackageDrafter(Forbidden):
    """A draft is revised by its drafter, or by a service lead."""

    code = "not_package_drafter"


class FieldNotEditableAfterPublish(DomainError):
    code = "field_not_editable"


# --- subscriptions ------------------------------------------------------------
class PriceMismatch(DomainError):
    code = "amount_mismatch"


class PaymentRefReused(DomainError):
    code = "payment_ref_reused"


class InvalidSubscriptionState(DomainError):
    code = "invalid_subscription_state"


class CancellationNeedsRefund(DomainError):
    """Money paid is still refundable: ending the subscription is a refund, not a cancel."""

    code = "cancellation_needs_refund"


class IntakeInvalid(InvalidInput):
    code = "intake_invalid"


# --- refunds ------------------------------------------------------------------
class RefundAlreadyOpen(DomainError):
    code = "refund_already_open"


class RefundExceedsBalance(DomainError):
    code = "refund_exceeds_balance"


class RefundExceedsEntitlements(DomainError):
    code = "refund_exceeds_entitlements"


class ItemNotRefundable(DomainError):
    code = "item_not_refundable"


class InvalidRefundState(DomainError):
    code = "invalid_refund_state"


class UnknownRefund(NotFound):
    code = "refund_not_found"


class ApproverNotIndependent(DomainError):
    code = "approver_not_independent"


class ApprovalNeedsFinance(DomainError):
    code = "approval_requires_finance"


class ApprovalNeedsLead(DomainError):
    code = "approval_requires_service_lead"


class NotRefundRequester(Forbidden):
    code = "not_refund_requester"


class PaymentAmountMismatch(DomainError):
    code = "payment_amount_mismatch"


# --- entitlements -------------------------------------------------------------
class EntitlementExhausted(DomainError):
    code = "entitlement_exhausted"


class UnknownItem(InvalidInput):
    code = "unknown_item"


class RedemptionModeMismatch(DomainError):
    code = "redemption_mode_mismatch"


class OutsideValidity(DomainError):
    code = "outside_validity"


class LedgerClosed(DomainError):
    code = "ledger_closed"


class InvalidRedemptionState(DomainError):
    code = "invalid_redemption_state"


class UnknownRedemption(NotFound):
    code = "redemption_not_found"


class NoMatchingEntitlement(DomainError):
    code = "no_matching_entitlement"


class ReceiptRefReused(DomainError):
    """A receipt's (source, ref) already redeemed a unit of another patient."""

    code = "receipt_ref_reused"


def all_error_classes() -> list[type[DomainError]]:
    """Every error class, for the API's documentation of codes."""
    seen: list[type[DomainError]] = []
    pending: list[type[DomainError]] = [DomainError]
    while pending:
        cls = pending.pop()
        seen.append(cls)
        pending.extend(cls.__subclasses__())
    return seen


class AlreadyTaken(DomainError):
    code = "already_taken"
