// The screening form's preview (预计): the same rule as the domain (DESIGN 2.2), shown while
// typing. The tier on record is always the one the API computes and returns.
export type Tier = "well_nourished" | "at_risk" | "malnourished";
export type ScreeningInput = {
  nrs2002?: { nutritional_status: number; disease_severity: number; age: number } | null;
  pg_sga?: { category: string; score: number } | null;
};

export function nrsTotal(nrs: NonNullable<ScreeningInput["nrs2002"]>): number {
  return nrs.nutritional_status + nrs.disease_severity + (nrs.age >= 70 ? 1 : 0);
}

/** The preview tier, or null when the form cannot be scored yet. */
export function previewTier(input: ScreeningInput): Tier | null {
  const { nrs2002, pg_sga } = input;
  if (!nrs2002 && !pg_sga) return null;
  const total = nrs2002 ? nrsTotal(nrs2002) : 0;
  const category = pg_sga?.category ?? "A";
  if (category === "C" || total >= 5) return "malnourished";
  if (category === "B" || total >= 3) return "at_risk";
  return "well_nourished";
}

/** The request body from the form's values: empty parts left out, override only with a tier. */
export function screeningBody(values: {
  nutritional_status?: number | null;
  disease_severity?: number | null;
  age?: number | null;
  use_pg_sga?: boolean;
  category?: string | null;
  score?: number | null;
  override_tier?: string | null;
  override_reason?: string | null;
}): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (values.nutritional_status != null && values.disease_severity != null && values.age != null) {
    body.nrs2002 = {
      nutritional_status: values.nutritional_status,
      disease_severity: values.disease_severity,
      age: values.age,
    };
  }
  if (values.use_pg_sga && values.category) {
    body.pg_sga = { category: values.category, score: values.score ?? 0 };
  }
  if (values.override_tier)
    body.override = { tier: values.override_tier, reason: values.override_reason ?? "" };
  return body;
}
