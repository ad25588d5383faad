import { describe, expect, it } from "vitest";
import { approvalState, type Refund } from "./refund";

const yuan = (amount: string) => ({ amount, currency: "CNY" });
const refund = (over: Partial<Refund>): Refund =>
  ({
    refund_id: "r1",
    status: "agreed",
    scope: { type: "items", items: { escort: 1 } },
    requested_by: "user-patient",
    agreed_by: "staff-zhao",
    quote: yuan("100.00"),
    agreed_amount: yuan("50.00"),
    approval_by: "service_lead",
    ...over,
  }) as Refund;
const LEAD = { subject: "lead-chen", roles: ["service_lead"] };
const FINANCE = { subject: "fin-qian", roles: ["finance"] };

describe("who may approve a refund (product §2.4)", () => {
  it("lets a lead approve or reject an agreed amount at or below the quote", () => {
    expect(approvalState(refund({}), LEAD)).toEqual({
      mayApprove: true,
      mayReject: true,
      why: null,
    });
  });
  it("never lets whoever asked or agreed approve it (four eyes)", () => {
    const lead = { subject: "staff-zhao", roles: ["service_lead"] };
    expect(approvalState(refund({}), lead)).toMatchObject({ mayApprove: false, why: "party" });
    const asked = refund({ requested_by: "fin-qian", approval_by: "finance" });
    expect(approvalState(asked, FINANCE)).toMatchObject({ mayApprove: false, why: "party" });
  });
  it("leaves an amount above the quote, or goodwill, to finance; a lead may still reject", () => {
    const above = refund({ agreed_amount: yuan("120.00"), approval_by: "finance" });
    expect(approvalState(above, LEAD)).toEqual({
      mayApprove: false,
      mayReject: true,
      why: "finance_only",
    });
    expect(approvalState(above, FINANCE)).toMatchObject({ mayApprove: true });
  });
  it("waits for a goodwill amount to be agreed", () => {
    const goodwill = refund({
      status: "quoted",
      scope: { type: "goodwill" },
      agreed_by: null,
      agreed_amount: null,
      approval_by: "finance",
    });
    expect(approvalState(goodwill, FINANCE)).toMatchObject({
      mayApprove: false,
      why: "not_agreed",
    });
  });
  it("offers nothing on a closed refund, or to a role that does not approve", () => {
    expect(approvalState(refund({ status: "approved" }), LEAD).mayReject).toBe(false);
    expect(approvalState(refund({}), { subject: "nurse-li", roles: ["nurse"] })).toEqual({
      mayApprove: false,
      mayReject: false,
      why: null,
    });
  });
});
