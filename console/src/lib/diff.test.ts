import { describe, expect, it } from "vitest";
import { changes, shown } from "./diff";

describe("changes", () => {
  it("names the fields that differ, added and removed ones too", () => {
    const then = { status: "active", refunded: { amount: "0.00" }, items: [1, 2], gone: "x" };
    const now = { status: "refunded", refunded: { amount: "239.88" }, items: [1, 2], added: true };
    expect(changes(then, now)).toEqual([
      { field: "added", before: undefined, after: true },
      { field: "gone", before: "x", after: undefined },
      { field: "refunded", before: { amount: "0.00" }, after: { amount: "239.88" } },
      { field: "status", before: "active", after: "refunded" },
    ]);
  });
  it("treats a record that did not exist yet as empty", () => {
    expect(changes(null, { a: 1 })).toEqual([{ field: "a", before: undefined, after: 1 }]);
    expect(changes({ a: 1 }, { a: 1 })).toEqual([]);
  });
  it("shows values on one line", () => {
    expect([shown(null), shown("x"), shown({ a: 1 }), shown(3)]).toEqual([
      "—",
      "x",
      '{"a":1}',
      "3",
    ]);
  });
});
