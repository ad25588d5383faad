import { describe, expect, it } from "vitest";
import { formatMoney } from "./money";

describe("formatMoney", () => {
  it("formats the API's decimal strings with ¥, thousands and two decimals", () => {
    expect(formatMoney({ amount: "1999.00", currency: "CNY" })).toBe("¥1,999.00");
    expect(formatMoney({ amount: "239.88", currency: "CNY" })).toBe("¥239.88");
    expect(formatMoney({ amount: "0", currency: "CNY" })).toBe("¥0.00");
    expect(formatMoney({ amount: "1234567.5", currency: "CNY" })).toBe("¥1,234,567.50");
    expect(formatMoney({ amount: "-12.30", currency: "CNY" })).toBe("-¥12.30");
  });
  it("never goes through a float", () => {
    // 9007199254740993 is not representable as a double.
    expect(formatMoney({ amount: "9007199254740993.01", currency: "CNY" })).toBe(
      "¥9,007,199,254,740,993.01",
    );
    expect(formatMoney({ amount: "0.105", currency: "CNY" })).toBe("¥0.11");
  });
  it("shows what it cannot parse rather than a wrong number", () => {
    expect(formatMoney({ amount: "abc", currency: "CNY" })).toBe("abc CNY");
    expect(formatMoney(null)).toBe("—");
  });
});
