"""Which patients a finance answer shows, for the access log (one row per patient shown).

Finance's rows name subscriptions, not patients; the patient comes from the subscription.
"""

from __future__ import annotations

from sqlalchemy import func, select

from projections.finance.queries import RefundFilter, refund_filters
from projections.finance.tables import fin_refunds, fin_subscriptions
from projections.reading import Db, connected


def refund_patients(engine: Db, f: RefundFilter) -> tuple[list[str], int]:
    """The patients whose refunds match, and the last match's position: an export reads up
    to that position only, so it shows exactly the patients logged for it."""
    r, s = fin_refunds, fin_subscriptions
    last = refund_filters(select(func.max(r.c.requested_position)), f)
    with connected(engine) as conn:
        through = conn.execute(last).scalar()
        if through is None:
            return [], 0
        joined = (
            select(s.c.patient_id)
            .distinct()
            .select_from(r.join(s, s.c.subscription_id == r.c.subscription_id))
        )
        found = conn.execute(refund_filters(joined, f, int(through)))
        return sorted(str(p) for (p,) in found), int(through)


def subscription_patients(engine: Db, subscription_ids: list[str]) -> list[str]:
    """The patients of these subscriptions (for the access log of a page of refunds)."""
    if not subscription_ids:
        return []
    s = fin_subscriptions
    query = select(s.c.patient_id).where(s.c.subscription_id.in_(set(subscription_ids)))
    with connected(engine) as conn:
        return sorted({str(p) for (p,) in conn.execute(query)})
