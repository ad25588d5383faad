// Whose approval an open refund waits for (product §2.4, domain.refunds._check_approver):
// finance for goodwill or an amount above the quote, a service lead at or below it.
import { toFen } from "../charts/options";
import type { Money } from "./money";

export type OpenRefund = {
  status: string;
  scope: string;
  quoted_amount: Money | null;
  agreed_amount: Money | null;
};

/** True when the refund waits for finance's approval. */
export function needsFinance(refund: OpenRefund): boolean {
  if (refund.status !== "quoted" && refund.status !== "agreed") return false;
  if (refund.scope === "goodwill") return refund.status === "agreed";
  const quote = refund.quoted_amount ? toFen(refund.quoted_amount.amount) : 0;
  const amount = refund.agreed_amount ? toFen(refund.agreed_amount.amount) : quote;
  return amount > quote;
}
