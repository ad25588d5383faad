// Chart options as pure functions of the API's answers (tested without a browser). Money
// is summed in fen from the decimal strings, never as floats, and charted in yuan.
import type { Lang } from "../i18n/lang";

type Words = Record<string, readonly string[]>;
const pick = (w: Words, key: string, lang: Lang) => w[key]?.[lang === "zh" ? 0 : 1] ?? key;

export const TIER_ORDER = ["malnourished", "at_risk", "well_nourished", "unscreened"] as const;
export const TIER_COLORS: Record<string, string> = {
  malnourished: "#cf1322",
  at_risk: "#d46b08",
  well_nourished: "#389e0d",
  unscreened: "#8c8c8c",
};
export const STAGE_ORDER = [
  "registered",
  "consulting",
  "admitted",
  "discharged",
  "follow_up",
  "closed",
  "cancelled",
] as const;

export type DepartmentCounts = {
  department: string;
  patients_by_risk_tier: Record<string, number>;
  episodes_by_stage?: Record<string, number>;
};

/** Patients by risk tier, one stacked bar per department. */
export function tierOption(
  departments: DepartmentCounts[],
  tierWords: Words,
  departmentWords: Words,
  lang: Lang,
) {
  return {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: {
      type: "category",
      data: departments.map((d) => pick(departmentWords, d.department, lang)),
    },
    series: TIER_ORDER.map((tier) => ({
      name: pick(tierWords, tier, lang),
      type: "bar",
      stack: "tier",
      color: TIER_COLORS[tier],
      data: departments.map((d) => d.patients_by_risk_tier[tier] ?? 0),
    })),
  };
}

/** Episodes by stage, one bar series per department, stages in their order. */
export function stageOption(
  departments: DepartmentCounts[],
  stageWords: Words,
  departmentWords: Words,
  lang: Lang,
) {
  const stages = STAGE_ORDER.filter((s) =>
    departments.some((d) => (d.episodes_by_stage?.[s] ?? 0) > 0),
  );
  return {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: stages.map((s) => pick(stageWords, s, lang)) },
    yAxis: { type: "value", minInterval: 1 },
    series: departments.map((d) => ({
      name: pick(departmentWords, d.department, lang),
      type: "bar",
      data: stages.map((s) => d.episodes_by_stage?.[s] ?? 0),
    })),
  };
}

export type SeriesPoint = {
  day: string;
  package_id: string;
  purchases_count: number;
  purchases_amount: { amount: string };
  redemptions_count: number;
  refunds_paid_count: number;
  refunds_paid_amount: { amount: string };
};

/** "1999.50" → 199950 (fen), from the digits. */
export function toFen(amount: string): number {
  const [whole = "0", part = ""] = amount.split(".");
  const sign = whole.startsWith("-") ? -1 : 1;
  return sign * (Math.abs(Number(whole)) * 100 + Number(`${part}00`.slice(0, 2)));
}

/** Every day from `since` to `until` (YYYY-MM-DD, inclusive). */
export function daysBetween(since: string, until: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${until}T00:00:00Z`);
  for (let t = Date.parse(`${since}T00:00:00Z`); t <= end; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

export type Totals = {
  purchases: number;
  purchasesFen: number;
  redemptions: number;
  refunds: number;
  refundsFen: number;
};
const zero = (): Totals => ({
  purchases: 0,
  purchasesFen: 0,
  redemptions: 0,
  refunds: 0,
  refundsFen: 0,
});

function add(into: Totals, p: SeriesPoint): void {
  into.purchases += p.purchases_count;
  into.purchasesFen += toFen(p.purchases_amount.amount);
  into.redemptions += p.redemptions_count;
  into.refunds += p.refunds_paid_count;
  into.refundsFen += toFen(p.refunds_paid_amount.amount);
}

/** The points summed per day (every day of the period, none missing) and per package. */
export function sumSeries(points: SeriesPoint[], since: string, until: string, only?: string) {
  const byDay = new Map(daysBetween(since, until).map((d) => [d, zero()]));
  const byPackage = new Map<string, Totals>();
  for (const p of points) {
    if (only && p.package_id !== only) continue;
    const day = byDay.get(p.day);
    if (day) add(day, p);
    if (!byPackage.has(p.package_id)) byPackage.set(p.package_id, zero());
    add(byPackage.get(p.package_id) as Totals, p);
  }
  return { byDay, byPackage };
}

export type SeriesWords = { sales: string; refunds: string; redemptions: string; yuan: string };

/** Sales and paid refunds (¥, bars) and redemptions (count, line) per day. */
export function dailyOption(byDay: Map<string, Totals>, w: SeriesWords) {
  const days = [...byDay.keys()];
  const rows = [...byDay.values()];
  return {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: days.map((d) => d.slice(5)) },
    yAxis: [
      { type: "value", name: w.yuan },
      { type: "value", minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { name: w.sales, type: "bar", color: "#1677ff", data: rows.map((r) => r.purchasesFen / 100) },
      { name: w.refunds, type: "bar", color: "#cf1322", data: rows.map((r) => r.refundsFen / 100) },
      {
        name: w.redemptions,
        type: "line",
        yAxisIndex: 1,
        color: "#389e0d",
        data: rows.map((r) => r.redemptions),
      },
    ],
  };
}

/** Per package: how many sold, units redeemed and refunds paid in the period. */
export function packageOption(
  byPackage: Map<string, Totals>,
  names: Map<string, string>,
  w: SeriesWords,
) {
  const ids = [...byPackage.keys()].sort((a, b) =>
    (names.get(a) ?? a).localeCompare(names.get(b) ?? b),
  );
  const rows = ids.map((id) => byPackage.get(id) as Totals);
  return {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: ids.map((id) => names.get(id) ?? id.slice(0, 8)) },
    series: [
      { name: w.sales, type: "bar", color: "#1677ff", data: rows.map((r) => r.purchases) },
      { name: w.redemptions, type: "bar", color: "#389e0d", data: rows.map((r) => r.redemptions) },
      { name: w.refunds, type: "bar", color: "#cf1322", data: rows.map((r) => r.refunds) },
    ],
  };
}

export type StepWait = {
  step: string;
  done: number;
  median_hours: number | null;
  p90_hours: number | null;
  max_hours: number | null;
  waiting: number;
  longest_waiting_hours: number | null;
};

/** Median and 90th percentile wait per step, in hours. */
export function waitsOption(steps: StepWait[], stepWords: Words, lang: Lang) {
  const zh = lang === "zh";
  return {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: steps.map((s) => pick(stepWords, s.step, lang)) },
    yAxis: { type: "value", name: zh ? "小时" : "hours" },
    series: [
      {
        name: zh ? "中位数" : "Median",
        type: "bar",
        color: "#1677ff",
        data: steps.map((s) => s.median_hours ?? 0),
      },
      {
        name: zh ? "90% 分位" : "90th percentile",
        type: "bar",
        color: "#faad14",
        data: steps.map((s) => s.p90_hours ?? 0),
      },
      {
        name: zh ? "当前最长等待" : "Longest waiting now",
        type: "bar",
        color: "#cf1322",
        data: steps.map((s) => s.longest_waiting_hours ?? 0),
      },
    ],
  };
}
