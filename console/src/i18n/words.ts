// The domain's values in words (zh, en).
type Table = Record<string, [string, string]>;

export const STAGES: Table = {
  registered: ["已登记", "Registered"],
  consulting: ["问诊中", "Consulting"],
  admitted: ["住院", "Admitted"],
  discharged: ["已出院", "Discharged"],
  follow_up: ["随访中", "Follow-up"],
  closed: ["已结案", "Closed"],
  cancelled: ["已取消", "Cancelled"],
};
export const MOVE_VERBS: Table = {
  consulting: ["开始问诊", "Start consultation"],
  admitted: ["入院", "Admit"],
  discharged: ["出院", "Discharge"],
  follow_up: ["转入随访", "Start follow-up"],
  closed: ["结案", "Close"],
  cancelled: ["取消病程", "Cancel episode"],
};
export const WORKLISTS: Table = {
  follow_ups_due: ["待随访", "Follow-ups due"],
  at_risk_without_plan: ["高风险未制定方案", "At risk without a plan"],
  ending_soon: ["即将到期", "Ending soon"],
  pending_consultations: ["待入组问诊", "Consultations pending"],
  unconfirmed_redemptions: ["待患者确认核销", "Redemptions awaiting the patient"],
  open_refunds: ["进行中的退款", "Open refunds"],
};
export const CHANNELS: Table = {
  phone: ["电话", "Phone"],
  online: ["线上", "Online"],
  clinic: ["门诊", "Clinic"],
};
export const SEXES: Table = {
  female: ["女", "F"],
  male: ["男", "M"],
  other: ["其他", "Other"],
  unknown: ["未知", "Unknown"],
};
export const RELATIONS: Table = {
  child: ["子女", "Child"],
  spouse: ["配偶", "Spouse"],
  parent: ["父母", "Parent"],
  guardian: ["监护人", "Guardian"],
  other: ["其他", "Other"],
  self: ["本人", "Self"],
};
export const PERMISSIONS: Table = {
  view: ["查看", "View"],
  purchase: ["购买", "Purchase"],
  confirm_redemption: ["确认核销", "Confirm redemptions"],
  request_refund: ["申请退款", "Request refunds"],
};
export const CONSENTS: Table = {
  care_management: ["健康管理", "Care management"],
  data_sharing_with_provider: ["向服务方共享数据", "Data sharing with the provider"],
};
export const INTERVENTIONS: Table = {
  diet_advice: ["膳食指导", "Diet advice"],
  oral_supplements: ["口服营养补充", "Oral supplements"],
  enteral: ["肠内营养", "Enteral nutrition"],
  parenteral: ["肠外营养", "Parenteral nutrition"],
};
export const OBSERVATIONS: Record<string, [string, string, string]> = {
  body_weight: ["体重", "Body weight", "kg"],
  bmi: ["BMI", "BMI", "kg/m2"],
  serum_albumin: ["血清白蛋白", "Serum albumin", "g/L"],
  blood_glucose: ["血糖", "Blood glucose", "mmol/L"],
  hba1c: ["糖化血红蛋白", "HbA1c", "%"],
};
export const OUTCOMES: Table = {
  recovered: ["康复", "Recovered"],
  stable: ["稳定", "Stable"],
  transferred: ["转诊", "Transferred"],
  deceased: ["死亡", "Deceased"],
  lost_to_follow_up: ["失访", "Lost to follow-up"],
};
export const SUBSCRIPTION_STATUS: Table = {
  awaiting_consultation: ["待问诊", "Awaiting consultation"],
  awaiting_intake: ["待建档", "Awaiting intake"],
  active: ["生效中", "Active"],
  expired: ["已到期", "Expired"],
  refunded: ["已退款", "Refunded"],
  cancelled: ["已取消", "Cancelled"],
  unsuitable: ["不适合入组", "Unsuitable"],
};
export const ITEM_KINDS: Table = {
  follow_up: ["随访", "Follow-up"],
  per_use: ["按次服务", "Per use"],
  education: ["患者教育", "Education"],
};
export const REDEMPTION_STATUS: Table = {
  claimed: ["待患者确认", "Awaiting the patient"],
  disputed: ["患者有异议", "Disputed"],
  confirmed: ["已确认", "Confirmed"],
  redeemed: ["已核销", "Redeemed"],
  reversed: ["已撤销", "Reversed"],
  upheld: ["维持核销", "Upheld"],
};

export function word(
  table: Record<string, readonly string[]>,
  key: string | null | undefined,
  lang: "zh" | "en",
): string {
  if (!key) return "—";
  return table[key]?.[lang === "zh" ? 0 : 1] ?? key;
}
