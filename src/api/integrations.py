"""Integrations act for their own platform only: a token's `source` claim bounds them.

The education and device platforms send completion receipts for their own source; the
platforms named in `CAREPACK_PAYMENT_SOURCES` (the online mall) record purchases and
refund payouts. Anything else is 403 `source_mismatch`. Staff and finance are not bound.
"""

from __future__ import annotations

from litestar.exceptions import PermissionDeniedException

from api.guards import acting_role
from api.requests import AnyRequest, principal

INTEGRATION = "integration"


class SourceMismatch(PermissionDeniedException):
    code = "source_mismatch"


def _source(request: AnyRequest) -> str | None:
    """The integration's source, or None when the caller is not acting as an integration."""
    if acting_role(request) != INTEGRATION:
        return None
    found = principal(request).source
    if found is None:
        raise SourceMismatch(
            "this integration token names no source (`source` claim; carepack token --source)"
        )
    return found


def check_receipt_source(request: AnyRequest, source: str) -> None:
    """An integration posts receipts only for the source its token names."""
    mine = _source(request)
    if mine is not None and source != mine:
        raise SourceMismatch(f"this integration sends receipts for {mine!r}, not {source!r}")


def check_payment_source(request: AnyRequest) -> None:
    """Purchases and refund payouts come only from a platform that takes payments."""
    mine = _source(request)
    allowed: list[str] = request.app.state.settings.payment_sources
    if mine is not None and mine not in allowed:
        raise SourceMismatch(
            f"{mine!r} does not record payments; the payment sources are {sorted(allowed)}"
        )
