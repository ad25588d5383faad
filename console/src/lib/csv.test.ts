import { describe, expect, it } from "vitest";
import { cell, toCsv } from "./csv";

describe("csv", () => {
  it("quotes what needs quoting", () => {
    expect(cell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(cell(null)).toBe("");
  });
  it("keeps a spreadsheet from running a formula, but not from reading a negative number", () => {
    expect(cell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(cell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(cell("-12.50")).toBe("-12.50");
    expect(cell("-x")).toBe("'-x");
  });
  it("writes the screen's columns in order", () => {
    const rows = [{ day: "2026-12-01", amount: { amount: "1999.00" } }];
    expect(
      toCsv<(typeof rows)[number]>(
        [
          ["day", (r) => r.day],
          ["amount", (r) => r.amount.amount],
        ],
        rows,
      ),
    ).toBe("day,amount\r\n2026-12-01,1999.00\r\n");
  });
});
