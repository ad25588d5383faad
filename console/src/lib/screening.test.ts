import { describe, expect, it } from "vitest";
import { nrsTotal, previewTier, screeningBody } from "./screening";

describe("screening preview", () => {
  it("adds one point from age 70 to the NRS-2002 total", () => {
    expect(nrsTotal({ nutritional_status: 2, disease_severity: 1, age: 69 })).toBe(3);
    expect(nrsTotal({ nutritional_status: 2, disease_severity: 1, age: 70 })).toBe(4);
  });
  it("follows the domain's tiers: NRS ≥ 5 or PG-SGA C malnourished, NRS 3–4 or B at risk", () => {
    expect(previewTier({ nrs2002: { nutritional_status: 3, disease_severity: 2, age: 40 } })).toBe(
      "malnourished",
    );
    expect(previewTier({ nrs2002: { nutritional_status: 2, disease_severity: 1, age: 40 } })).toBe(
      "at_risk",
    );
    expect(previewTier({ nrs2002: { nutritional_status: 1, disease_severity: 1, age: 40 } })).toBe(
      "well_nourished",
    );
    expect(previewTier({ pg_sga: { category: "C", score: 3 } })).toBe("malnourished");
    expect(
      previewTier({
        nrs2002: { nutritional_status: 0, disease_severity: 0, age: 40 },
        pg_sga: { category: "B", score: 5 },
      }),
    ).toBe("at_risk");
    expect(previewTier({})).toBeNull();
  });
  it("sends only the parts filled in, and an override only with a tier", () => {
    expect(screeningBody({ nutritional_status: 2, disease_severity: 1, age: 78 })).toEqual({
      nrs2002: { nutritional_status: 2, disease_severity: 1, age: 78 },
    });
    expect(
      screeningBody({
        use_pg_sga: true,
        category: "B",
        score: 7,
        override_tier: "malnourished",
        override_reason: "weight loss",
      }),
    ).toEqual({
      pg_sga: { category: "B", score: 7 },
      override: { tier: "malnourished", reason: "weight loss" },
    });
    expect(
      screeningBody({ use_pg_sga: false, category: "B", score: 7, override_tier: null }),
    ).toEqual({});
  });
});
