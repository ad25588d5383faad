// The words of the catalogue and refund pages (zh, en), kept apart from the shared tables.
import type { Lang } from "./lang";

type Table = Record<string, [string, string]>;

export const PACKAGE_STATUS: Record<string, [string, string, string]> = {
  draft: ["草稿", "Draft", "default"],
  in_review: ["待审核", "In review", "blue"],
  approved: ["已通过", "Approved", "geekblue"],
  rejected: ["已驳回", "Rejected", "red"],
  published: ["已上架", "Published", "green"],
  delisted: ["已下架", "Delisted", "default"],
};
export const PACKAGE_STEPS: Table = {
  drafted: ["起草", "Drafted"],
  revised: ["修改", "Revised"],
  submitted: ["提交审核", "Submitted"],
  approved: ["审核通过", "Approved"],
  rejected: ["驳回", "Rejected"],
  returned_to_draft: ["退回草稿", "Back to draft"],
  published: ["上架", "Published"],
  delisted: ["下架", "Delisted"],
  price_changed: ["调价", "Price changed"],
  display_changed: ["修改展示文案", "Display texts changed"],
};
export const ITEM_KIND: Table = {
  follow_up: ["随访", "Follow-up"],
  per_use: ["按次服务", "Per use"],
  education: ["患教", "Education"],
  add_on_product: ["附加商品", "Add-on product"],
  consultation: ["咨询", "Consultation"],
};
export const REDEMPTION: Table = {
  auto: ["自动核销（回执）", "Automatic (receipt)"],
  manual: ["人工核销（患者确认）", "Manual (patient confirms)"],
};
export const FIELD_TYPES: Table = {
  text: ["文本", "Text"],
  number: ["数字", "Number"],
  date: ["日期", "Date"],
  choice: ["单选", "Choice"],
  bool: ["是/否", "Yes/no"],
};
export const CARE_TEAM: Table = {
  work_group: ["工作组", "Work group"],
  doctor: ["单一医生", "A single doctor"],
};
export const REFUND_STAGES: Table = {
  requested: ["待协商", "Requested"],
  agreed: ["已协商", "Agreed"],
  awaiting_finance: ["待财务审批", "Awaiting finance"],
  approved: ["已批准", "Approved"],
  paid: ["已退款", "Paid"],
  rejected: ["已拒绝", "Rejected"],
  withdrawn: ["已撤回", "Withdrawn"],
};
export const REFUND_STATUS: Table = {
  requested: ["已申请", "Requested"],
  quoted: ["已报价", "Quoted"],
  agreed: ["已协商", "Agreed"],
  approved: ["已批准", "Approved"],
  paid: ["已退款", "Paid"],
  payment_failed: ["退款失败", "Payout failed"],
  rejected: ["已拒绝", "Rejected"],
  withdrawn: ["已撤回", "Withdrawn"],
};
export const REFUND_SCOPE: Table = {
  items: ["按项目退", "Items"],
  remaining: ["退剩余全部", "All remaining"],
  goodwill: ["善意补偿", "Goodwill"],
};
export const QUOTE_BASIS: Table = {
  full_before_start: ["服务开始前全额退", "In full before the service starts"],
  cooling_off: ["冷静期内全额退", "In full within the cooling-off period"],
  pro_rata: ["按未使用项目折算", "Pro rata for unused units"],
  in_full: ["全额退（医院终止）", "In full (the hospital ended it)"],
  goodwill: ["善意补偿（无报价）", "Goodwill (no quote)"],
};
export const REASONS: Table = {
  dissatisfied_with_item: ["对服务不满意", "Dissatisfied with an item"],
  no_longer_needed: ["不再需要", "No longer needed"],
  unsuitable: ["不适合", "Unsuitable"],
  duplicate_purchase: ["重复购买", "Duplicate purchase"],
  medical_reason: ["医疗原因", "Medical reason"],
  other: ["其他", "Other"],
};

/** A code in the user's language; an unknown code shows as it is. */
export function say(
  table: Record<string, [string, string, ...string[]]>,
  code: string | null | undefined,
  lang: Lang,
): string {
  if (!code) return "—";
  const found = table[code];
  return found ? found[lang === "zh" ? 0 : 1] : code;
}
