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
