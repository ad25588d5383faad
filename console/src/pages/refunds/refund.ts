// What the refund page's parts share: the refund's shape, reading it, who did a step and when.
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { components } from "../../api/schema";
import { named, ROLE_NAMES } from "../../i18n/messages";
import { formatDateTime } from "../../lib/time";

export type Refund = components["schemas"]["RefundOut"];
export type Step = components["schemas"]["RefundStepOut"];

export function useRefund(refundId: string) {
  return useQuery({
    queryKey: ["refund", refundId],
    queryFn: () =>
      unwrap(api.GET("/api/v1/refunds/{refund_id}", { params: { path: { refund_id: refundId } } })),
  });
}

/** "staff-zhao（客服/随访员）· 2026-12-03 14:05" */
export function who(step: Step | undefined, lang: "zh" | "en"): string {
  if (!step) return "";
  return `${step.actor}（${named(ROLE_NAMES, step.role, lang)}）· ${formatDateTime(step.at)}`;
}

/** The latest step of these kinds, if any. */
export function lastStep(r: Refund, ...names: string[]): Step | undefined {
  return [...r.history].reverse().find((s) => names.includes(s.step));
}

export type ApprovalState = {
  mayApprove: boolean;
  mayReject: boolean;
  /** Why an approver-role user may not approve: they asked or agreed (four eyes), finance
   * must approve (above the quote, goodwill), or a goodwill amount is not agreed yet. */
  why: "party" | "finance_only" | "not_agreed" | null;
};

const APPROVERS = ["service_lead", "finance"];

/** What the signed-in user may do at the approval step (product §2.4); the API decides. */
export function approvalState(r: Refund, me: { subject: string; roles: string[] }): ApprovalState {
  const open = ["quoted", "agreed"].includes(r.status);
  const approver = me.roles.some((role) => APPROVERS.includes(role));
  const none: ApprovalState = { mayApprove: false, mayReject: false, why: null };
  if (!open || !approver) return none;
  const mayReject = true;
  if ([r.requested_by, r.agreed_by].includes(me.subject)) {
    return { mayApprove: false, mayReject, why: "party" };
  }
  if (r.approval_by === "finance" && !me.roles.includes("finance")) {
    return { mayApprove: false, mayReject, why: "finance_only" };
  }
  if (r.scope.type === "goodwill" && r.agreed_amount == null) {
    return { mayApprove: false, mayReject, why: "not_agreed" };
  }
  return { mayApprove: true, mayReject, why: null };
}
