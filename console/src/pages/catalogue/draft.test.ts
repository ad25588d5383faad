import { describe, expect, it } from "vitest";
import type { PackageOut } from "./data";
import { EMPTY, emptyItem, fromPackage, toBody } from "./draft";

describe("the draft form's body", () => {
  it("sends codes split on commas or spaces, counts as integers and the price in CNY", () => {
    const body = toBody({
      ...EMPTY,
      code: " ONC-NUTRI ",
      name: "肿瘤营养",
      disease_codes: "C16, C18，C34  C25",
      items: [{ ...emptyItem(), code: "follow_up", name: "随访", quantity: "12", weight: "2" }],
      price: " 1280.00 ",
      care_team_id: "onc-team-1",
      department: "oncology",
      cooling_off_days: "7",
      fee_pct: "5",
      non_refundable: "band",
    });
    expect(body.code).toBe("ONC-NUTRI");
    expect(body.department).toBe("oncology");
    expect(body.disease_codes).toEqual(["C16", "C18", "C34", "C25"]);
    expect(body.items[0]).toMatchObject({ quantity: 12, weight: 2, kind: "follow_up" });
    expect(body.price).toEqual({ amount: "1280.00", currency: "CNY" });
    expect(body.refund_policy).toEqual({
      full_before_start: true,
      cooling_off_days: 7,
      non_refundable_after_delivery: ["band"],
      fee_pct: 5,
    });
  });

  it("never rounds a count that is not a whole number: it goes as null and the API names the field", () => {
    const body = toBody({ ...EMPTY, items: [{ ...emptyItem(), quantity: "1.5" }] });
    expect(body.items[0]?.quantity).toBeNaN();
  });

  it("reads a package back into the form unchanged", () => {
    const body = toBody({
      ...EMPTY,
      code: "X",
      name: "n",
      disease_codes: "E11",
      price: "10.00",
      care_team_id: "t",
      department: "cardiology",
      intake: [{ id: "diet", label: "饮食", type: "choice", required: true, options: "a\nb" }],
    });
    const again = toBody(
      fromPackage({ ...body, id: "p", version: 1, status: "draft" } as unknown as PackageOut),
    );
    expect(again).toEqual(body);
  });
});
