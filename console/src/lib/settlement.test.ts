import { describe, expect, it } from "vitest";
import { checkSettlement, MAX_BYTES, records } from "./settlement";

const HEAD = "provider_ref,kind,amount,currency,settled_at";

describe("checkSettlement", () => {
  it("accepts a good file and sums it per kind", () => {
    const text = `\ufeff${HEAD}\r\nMALL-1,payment,1999.00,CNY,2026-03-02T10:00:00+08:00\r\nRF-1,refund,239.88,CNY,2026-03-02\r\n\r\nMALL-2,payment,0.5,CNY,2026-03-02 18:00\r\n`;
    const found = checkSettlement(text);
    expect(found.faults).toEqual([]);
    expect([found.lines, found.payments, found.refunds]).toEqual([3, 2, 1]);
    expect(found.total).toEqual({ payment: "1999.50", refund: "239.88" });
  });

  it("names every faulty line, not only the first", () => {
    const text = [
      HEAD,
      "MALL-1,payment,1999.001,CNY,2026-03-02",
      ",refund,1.00,CNY,2026-03-02",
      "MALL-2,charge,1.00,USD,yesterday",
      "MALL-3,payment,1.00,CNY",
      "MALL-4,payment,1.00,CNY,2026-03-02",
      "MALL-4,payment,2.00,CNY,2026-03-02",
      "MALL-4,refund,2.00,CNY,2026-03-02",
    ].join("\n");
    const found = checkSettlement(text);
    expect(found.faults).toEqual([
      { line: 2, code: "amount", value: "1999.001" },
      { line: 3, code: "ref", value: "" },
      { line: 4, code: "kind", value: "charge" },
      { line: 4, code: "currency", value: "USD" },
      { line: 4, code: "settled_at", value: "yesterday" },
      { line: 5, code: "columns", found: 4 },
      { line: 7, code: "repeat", value: "MALL-4", first: 6 },
    ]);
    // the same reference as a refund is another movement
    expect(found.lines).toBe(2);
  });

  it("refuses a wrong header, an empty file, a huge amount and a file over the body cap", () => {
    expect(checkSettlement("ref,kind,amount\n").faults).toEqual([{ line: 1, code: "header" }]);
    expect(checkSettlement("").faults).toEqual([{ line: 1, code: "empty" }]);
    const huge = checkSettlement(`${HEAD}\nX,payment,10000000000.00,CNY,2026-03-02\n`);
    expect(huge.faults).toEqual([{ line: 2, code: "too_much", value: "10000000000.00" }]);
    expect(checkSettlement(HEAD, MAX_BYTES + 1).faults).toEqual([{ line: 1, code: "too_large" }]);
  });

  it("reads quoted cells and refuses control characters and an open quote", () => {
    const quoted = checkSettlement(`${HEAD}\n"MALL,9",payment,"1.00",CNY,2026-03-02\n`);
    expect(quoted.faults).toEqual([]);
    const control = checkSettlement(`${HEAD}\nMA\u0007LL,payment,1.00,CNY,2026-03-02\n`);
    expect(control.faults.map((f) => f.code)).toEqual(["ref_long"]);
    const open = checkSettlement(`${HEAD}\n"MALL-9,payment,1.00,CNY,2026-03-02\n`);
    expect(open.faults).toEqual([{ line: 2, code: "quote" }]);
  });
});

describe("records", () => {
  it("keeps each record's first line across quoted newlines", () => {
    expect(records('a,"b\nc"\nd,e').map((r) => [r.line, r.cells])).toEqual([
      [1, ["a", "b\nc"]],
      [3, ["d", "e"]],
    ]);
  });
});
