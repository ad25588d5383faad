import { describe, expect, it } from "vitest";
import { areasFor } from "./nav";

describe("navigation by role", () => {
  it("gives a nurse the workbench, patients and packages to draft, never finance or audit", () => {
    expect(areasFor(["nurse"]).map((a) => a.key)).toEqual(["workbench", "patients", "packages"]);
  });
  it("gives service staff redemptions and refunds too", () => {
    expect(areasFor(["service_staff"]).map((a) => a.key)).toEqual([
      "workbench",
      "patients",
      "redemptions",
      "refunds",
      "packages",
    ]);
  });
  it("gives a catalogue reviewer the packages, and a doctor who reviews both", () => {
    expect(areasFor(["catalogue_reviewer"]).map((a) => a.key)).toEqual(["packages"]);
    expect(areasFor(["doctor", "catalogue_reviewer"]).map((a) => a.key)).toEqual([
      "workbench",
      "patients",
      "packages",
    ]);
    expect(areasFor(["doctor"]).map((a) => a.key)).not.toContain("refunds");
  });
  it("gives finance and auditors their own areas, and nobody else those", () => {
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
  it("gives the patient side and integrations no console pages", () => {
    for (const role of ["patient", "proxy", "mall", "integration"]) {
      expect(areasFor([role])).toEqual([]);
    }
  });
});
