import { describe, expect, it } from "vitest";
import { areasFor } from "./nav";

describe("navigation by role", () => {
  it("gives a nurse the workbench and patients, never catalogue review, finance or audit", () => {
    expect(areasFor(["nurse"]).map((a) => a.key)).toEqual(["workbench", "patients"]);
  });
  it("gives service staff redemptions too", () => {
    expect(areasFor(["service_staff"]).map((a) => a.key)).toEqual([
      "workbench",
      "patients",
      "redemptions",
    ]);
  });
  it("gives finance and auditors their own areas once built (part 2)", () => {
    const all = ["workbench", "patients", "redemptions", "packages", "finance", "audit"] as const;
    expect(areasFor(["finance"], all).map((a) => a.key)).toEqual(["finance"]);
    expect(areasFor(["auditor"], all).map((a) => a.key)).toEqual(["audit"]);
    expect(areasFor(["catalogue_reviewer"], all).map((a) => a.key)).toEqual(["packages"]);
    expect(areasFor(["nurse"], all).map((a) => a.key)).not.toContain("finance");
  });
  it("has built finance and audit", () => {
    expect(areasFor(["finance"]).map((a) => a.key)).toEqual(["finance"]);
    expect(areasFor(["auditor"]).map((a) => a.key)).toEqual(["audit"]);
  });
});
