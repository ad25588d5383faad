import { describe, expect, it } from "vitest";
import {
  dailyOption,
  daysBetween,
  type SeriesPoint,
  stageOption,
  sumSeries,
  tierOption,
  toFen,
  waitsOption,
} from "./options";

const point = (
  day: string,
  pkg: string,
  sold: string,
  refunded: string,
  taken = 0,
): SeriesPoint => ({
  day,
  package_id: pkg,
  purchases_count: sold === "0.00" ? 0 : 1,
  purchases_amount: { amount: sold },
  redemptions_count: taken,
  refunds_paid_count: refunded === "0.00" ? 0 : 1,
  refunds_paid_amount: { amount: refunded },
});
const WORDS = { sales: "销售", refunds: "退款", redemptions: "核销", yuan: "元" };

describe("finance series", () => {
  it("sums money in fen from the digits (0.10 + 0.20 is 0.30)", () => {
    const { byPackage } = sumSeries(
      [point("2026-12-01", "p", "0.10", "0.00"), point("2026-12-02", "p", "0.20", "0.00")],
      "2026-12-01",
      "2026-12-02",
    );
    expect(byPackage.get("p")?.purchasesFen).toBe(30);
    expect(toFen("1999.5")).toBe(199950);
    expect(toFen("0.07")).toBe(7);
  });

  it("charts every day of the period, days without movements as zero", () => {
    const points = [
      point("2026-12-01", "a", "1999.00", "0.00", 2),
      point("2026-12-03", "b", "0.00", "239.88"),
    ];
    const { byDay, byPackage } = sumSeries(points, "2026-11-30", "2026-12-03");
    expect([...byDay.keys()]).toEqual(["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03"]);
    const option = dailyOption(byDay, WORDS);
    expect(option.series[0]?.data).toEqual([0, 1999, 0, 0]);
    expect(option.series[1]?.data).toEqual([0, 0, 0, 239.88]);
    expect(option.series[2]?.data).toEqual([0, 2, 0, 0]);
    expect([...byPackage.keys()].sort()).toEqual(["a", "b"]);
    // one package only
    expect(sumSeries(points, "2026-11-30", "2026-12-03", "b").byPackage.size).toBe(1);
  });

  it("counts days across a month's end", () => {
    expect(daysBetween("2026-02-27", "2026-03-01")).toEqual([
      "2026-02-27",
      "2026-02-28",
      "2026-03-01",
    ]);
  });
});

describe("workbench and waits", () => {
  const departments = [
    {
      department: "oncology",
      patients_by_risk_tier: { malnourished: 3, at_risk: 1 },
      episodes_by_stage: { registered: 2, follow_up: 5 },
    },
  ];
  it("stacks the tiers in their order of severity", () => {
    const option = tierOption(
      departments,
      { malnourished: ["明显营养不良", "Malnourished"] },
      {},
      "zh",
    );
    expect(option.series.map((s) => [s.name, s.data])).toEqual([
      ["明显营养不良", [3]],
      ["at_risk", [1]],
      ["well_nourished", [0]],
      ["unscreened", [0]],
    ]);
  });
  it("shows only stages some department has, in the episode's order", () => {
    const option = stageOption(departments, { follow_up: ["随访中", "Follow-up"] }, {}, "en");
    expect(option.xAxis.data).toEqual(["registered", "Follow-up"]);
    expect(option.series[0]?.data).toEqual([2, 5]);
  });
  it("charts each step's median, 90th percentile and longest wait now", () => {
    const option = waitsOption(
      [
        {
          step: "pay",
          done: 1,
          median_hours: 24,
          p90_hours: 30,
          max_hours: 30,
          waiting: 2,
          longest_waiting_hours: 50,
        },
      ],
      { pay: ["待打款", "Payout"] },
      "zh",
    );
    expect(option.xAxis.data).toEqual(["待打款"]);
    expect(option.series.map((s) => s.data)).toEqual([[24], [30], [50]]);
  });
});
