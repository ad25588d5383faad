// Finance's words (zh, en): the refund ledger, balances, daily totals, reconciliation, charts.
import type { Fault } from "../lib/settlement";
import type { Lang } from "./lang";

type Table = Record<string, [string, string]>;

export const REFUND_STATUS: Table = {
  requested: ["已申请", "Requested"],
  quoted: ["已报价", "Quoted"],
  agreed: ["已协商", "Agreed"],
  approved: ["已批准", "Approved"],
  paid: ["已打款", "Paid"],
  payment_failed: ["打款失败", "Payout failed"],
  rejected: ["已驳回", "Rejected"],
  withdrawn: ["已撤回", "Withdrawn"],
};
export const REFUND_STATUS_COLOR: Record<string, string> = {
  requested: "blue",
  quoted: "blue",
  agreed: "geekblue",
  approved: "purple",
  paid: "green",
  payment_failed: "red",
  rejected: "default",
  withdrawn: "default",
};
export const PAYER_TYPES: Table = {
  self_pay: ["自费", "Self-pay"],
  family: ["家属支付", "Family"],
  medical_insurance: ["医保", "Medical insurance"],
  commercial_insurance: ["商业保险", "Commercial insurance"],
  pharma_programme: ["药企项目", "Pharma programme"],
};
export const LINE_STATUS: Table = {
  matched: ["已匹配", "Matched"],
  amount_mismatch: ["金额不符", "Amount mismatch"],
  missing_at_provider: ["支付方缺失", "Missing at provider"],
  unknown_to_us: ["我方无记录", "Unknown to us"],
};
export const LINE_STATUS_COLOR: Record<string, string> = {
  matched: "green",
  amount_mismatch: "red",
  missing_at_provider: "magenta",
  unknown_to_us: "purple",
};
export const KINDS: Table = { payment: ["收款", "Payment"], refund: ["退款", "Refund"] };
export const WAIT_STEPS: Table = {
  agree: ["待协商（自申请）", "To agree (from request)"],
  approve: ["待审批", "To approve"],
  pay: ["待打款", "To pay out"],
};

const F = {
  refunds: ["退款台账", "Refunds"],
  packages: ["服务包余额", "Package balances"],
  daily: ["每日汇总", "Daily totals"],
  charts: ["图表", "Charts"],
  reconcile: ["对账", "Reconciliation"],
  overview: ["概览", "Overview"],
  status: ["状态", "Status"],
  period: ["申请时间", "Requested between"],
  subscription: ["订单（订阅）ID", "Subscription id"],
  patient: ["患者 ID", "Patient id"],
  package: ["服务包", "Package"],
  payer: ["支付方", "Payer"],
  requested: ["申请金额", "Requested"],
  quoted: ["报价", "Quoted"],
  agreed: ["协商金额", "Agreed"],
  approved: ["批准金额", "Approved"],
  paid: ["实付退款", "Paid"],
  providerRef: ["支付流水号", "Provider ref"],
  requestedAt: ["申请时间", "Requested at"],
  exportCsv: ["导出 CSV", "Export CSV"],
  total: ["合计", "Total"],
  noRefunds: [
    "没有符合条件的退款。调整筛选条件，或等待退款申请。",
    "No refund matches. Change the filters, or wait for refund requests.",
  ],
  subscriptions: ["订阅数", "Subscriptions"],
  paidIn: ["实收", "Paid"],
  refunded: ["已退", "Refunded"],
  committed: ["已批准待退/已退", "Committed"],
  awaiting: ["待打款", "Awaiting payout"],
  refundable: ["可退余额", "Refundable"],
  redeemedValue: ["已核销价值", "Value redeemed"],
  deferred: ["递延收入（未交付）", "Deferred revenue (undelivered)"],
  noPackages: [
    "还没有任何购买。服务包售出后，这里按服务包汇总。",
    "Nothing sold yet. Once packages sell, they are summed here.",
  ],
  day: ["日期", "Day"],
  purchases: ["购买笔数", "Purchases"],
  purchasesAmount: ["购买金额", "Purchase amount"],
  refundsPaid: ["退款笔数", "Refunds paid"],
  refundsPaidAmount: ["退款金额", "Refund amount"],
  noDaily: ["所选期间没有收付款。", "No money moved in this period."],
  upload: [
    "拖入或点击选择支付方结算文件（CSV）",
    "Drop the provider's settlement file (CSV) here, or click to choose it",
  ],
  uploadHint: [
    "表头：provider_ref,kind,amount,currency,settled_at；发送前先在本地逐行校验。",
    "Header: provider_ref,kind,amount,currency,settled_at; every line is checked here before anything is sent.",
  ],
  send: ["提交对账", "Reconcile"],
  fileOk: ["文件校验通过", "The file checks out"],
  fileBad: [
    "文件有误，未发送。请修正以下各行后重新选择：",
    "The file has faults and was not sent. Fix these lines and choose it again:",
  ],
  line: ["行", "Line"],
  kind: ["类型", "Kind"],
  amount: ["金额", "Amount"],
  providerAmount: ["支付方金额", "Provider amount"],
  ourAmount: ["我方金额", "Our amount"],
  settledAt: ["结算时间", "Settled at"],
  downloadReport: ["下载对账报告 CSV", "Download the report (CSV)"],
  all: ["全部", "All"],
  reportTitle: ["对账结果", "Reconciliation result"],
  salesChart: ["每日销售、核销与退款", "Sales, redemptions and refunds per day"],
  packageChart: [
    "各服务包销售、核销与退款（笔/次）",
    "Sales, redemptions and refunds per package (count)",
  ],
  waitsChart: ["退款各环节等待时长", "How long refunds wait at each step"],
  sales: ["销售额", "Sales"],
  refundAmount: ["退款额", "Refunds"],
  redemptionsCount: ["核销次数", "Redemptions"],
  yuan: ["元", "CNY"],
  allPackages: ["全部服务包", "All packages"],
  balance: ["订阅余额", "Subscription balance"],
  awaitingFinance: [
    "待财务处理（已批准待打款、打款失败）",
    "Awaiting finance (approved, payout failed)",
  ],
  today: ["今日", "Today"],
  waiting: ["当前等待", "Waiting now"],
  doneCount: ["已完成", "Done"],
  median: ["中位数", "Median"],
  p90: ["90% 分位", "90th percentile"],
  hours: ["小时", "hours"],
  noWaits: ["所选期间没有退款申请。", "No refund was requested in this period."],
} as const satisfies Record<string, readonly [string, string]>;

export type FinanceKey = keyof typeof F;

export function ft(key: FinanceKey, lang: Lang): string {
  return F[key][lang === "zh" ? 0 : 1];
}

/** A settlement file's fault in the user's words. */
export function faultText(fault: Fault, lang: Lang): string {
  const zh = lang === "zh";
  switch (fault.code) {
    case "empty":
      return zh ? "文件为空" : "The file is empty";
    case "too_large":
      return zh ? "文件超过 1 MiB，请按日拆分" : "The file is over 1 MiB: split it by day";
    case "header":
      return zh
        ? "第一行必须是 provider_ref,kind,amount,currency,settled_at"
        : "The first line must be provider_ref,kind,amount,currency,settled_at";
    case "quote":
      return zh ? "引号未闭合" : "A quote is not closed";
    case "columns":
      return zh ? `有 ${fault.found} 列，应为 5 列` : `${fault.found} columns, expected 5`;
    case "ref":
      return zh ? "支付流水号为空" : "provider_ref is empty";
    case "ref_long":
      return zh
        ? "支付流水号超过 200 字符或含控制字符"
        : "provider_ref is over 200 characters or has control characters";
    case "kind":
      return zh
        ? `类型“${fault.value}”应为 payment 或 refund`
        : `kind "${fault.value}" is not payment or refund`;
    case "amount":
      return zh
        ? `金额“${fault.value}”应为如 1999.00 的数字`
        : `amount "${fault.value}" is not a decimal like 1999.00`;
    case "too_much":
      return zh ? `金额 ${fault.value} 过大` : `amount ${fault.value} is too large`;
    case "currency":
      return zh ? `币种“${fault.value}”应为 CNY` : `currency "${fault.value}" is not CNY`;
    case "settled_at":
      return zh
        ? `结算时间“${fault.value}”不是 ISO 日期/时间`
        : `settled_at "${fault.value}" is not an ISO date or time`;
    case "repeat":
      return zh
        ? `${fault.value} 与第 ${fault.first} 行重复`
        : `${fault.value} repeats line ${fault.first}`;
  }
}
