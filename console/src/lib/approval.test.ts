import { describe, expect, it } from "vitest";
import { needsFinance } from "./approval";

const m = (amount: string) => ({ amount, currency: "CNY" });

describe("needsFinance", () => {
  it("sends an amount above the quote to finance, at or below it to a lead", () => {
    const agreed = { status: "agreed", scope: "items", quoted_amount: m("239.88") };
    expect(needsFinance({ ...agreed, agreed_amount: m("239.89") })).toBe(true);
    expect(needsFinance({ ...agreed, agreed_amount: m("239.88") })).toBe(false);
    expect(needsFinance({ ...agreed, status: "quoted", agreed_amount: null })).toBe(false);
  });
  it("sends goodwill to finance once an amount is agreed", () => {
    const goodwill = { scope: "goodwill", quoted_amount: m("0.00"), agreed_amount: m("50.00") };
    expect(needsFinance({ ...goodwill, status: "agreed" })).toBe(true);
    expect(needsFinance({ ...goodwill, status: "quoted", agreed_amount: null })).toBe(false);
  });
  it("is over once the refund is approved, paid or closed", () => {
    for (const status of ["approved", "paid", "rejected", "withdrawn"]) {
      expect(
        needsFinance({ status, scope: "goodwill", quoted_amount: null, agreed_amount: m("1.00") }),
      ).toBe(false);
    }
  });
});
