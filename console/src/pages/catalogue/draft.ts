// The draft form's state and how it becomes the API's package body (and back).

import type { PackageIn, PackageOut } from "./data";
import type { IntakeDraft } from "./intake";
import { fromIntakeForm, toIntakeForm } from "./intake";

export type ItemDraft = {
  code: string;
  name: string;
  kind: string;
  quantity: string;
  weight: string;
  redemption: string;
};
export type Draft = {
  code: string;
  name: string;
  disease_codes: string;
  target_population: string;
  why_manage: string;
  items: ItemDraft[];
  validity_days: string;
  price: string;
  care_team_kind: string;
  care_team_id: string;
  care_team_name: string;
  department: string;
  consultation_required: boolean;
  intake: IntakeDraft[];
  refund_rules: string;
  full_before_start: boolean;
  cooling_off_days: string;
  non_refundable: string;
  fee_pct: string;
  description: string;
  precautions: string;
};

export const emptyItem = (): ItemDraft => ({
  code: "",
  name: "",
  kind: "follow_up",
  quantity: "1",
  weight: "1",
  redemption: "auto",
});

export const EMPTY: Draft = {
  code: "",
  name: "",
  disease_codes: "",
  target_population: "",
  why_manage: "",
  items: [emptyItem()],
  validity_days: "365",
  price: "",
  care_team_kind: "work_group",
  care_team_id: "",
  care_team_name: "",
  department: "",
  consultation_required: false,
  intake: [],
  refund_rules: "",
  full_before_start: true,
  cooling_off_days: "7",
  non_refundable: "",
  fee_pct: "0",
  description: "",
  precautions: "",
};

const codes = (text: string) =>
  text
    .split(/[\s,，、]+/)
    .map((c) => c.trim())
    .filter(Boolean);
const int = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);

export function toBody(d: Draft): PackageIn {
  return {
    code: d.code.trim(),
    name: d.name.trim(),
    disease_codes: codes(d.disease_codes),
    target_population: d.target_population,
    why_manage: d.why_manage,
    items: d.items.map((i) => ({
      code: i.code.trim(),
      name: i.name.trim(),
      kind: i.kind as PackageIn["items"][number]["kind"],
      quantity: int(i.quantity),
      weight: int(i.weight),
      redemption: i.redemption as PackageIn["items"][number]["redemption"],
    })),
    validity_days: int(d.validity_days),
    price: { amount: d.price.trim(), currency: "CNY" },
    care_team: {
      kind: d.care_team_kind as PackageIn["care_team"]["kind"],
      id: d.care_team_id.trim(),
      name: d.care_team_name.trim(),
    },
    department: d.department,
    consultation_required: d.consultation_required,
    intake_form: toIntakeForm(d.intake),
    refund_rules: d.refund_rules,
    refund_policy: {
      full_before_start: d.full_before_start,
      cooling_off_days: int(d.cooling_off_days),
      non_refundable_after_delivery: codes(d.non_refundable),
      fee_pct: int(d.fee_pct),
    },
    description: d.description,
    precautions: d.precautions,
  };
}

export function fromPackage(p: PackageOut): Draft {
  return {
    code: p.code,
    name: p.name,
    disease_codes: p.disease_codes.join(", "),
    target_population: p.target_population,
    why_manage: p.why_manage,
    items: p.items.map((i) => ({
      ...i,
      quantity: String(i.quantity),
      weight: String(i.weight),
    })),
    validity_days: String(p.validity_days),
    price: p.price.amount,
    care_team_kind: p.care_team.kind,
    care_team_id: p.care_team.id,
    care_team_name: p.care_team.name,
    department: p.department,
    consultation_required: p.consultation_required,
    intake: fromIntakeForm(
      p.intake_form.map((f) => ({ ...f, type: f.type as IntakeDraft["type"] })),
    ),
    refund_rules: p.refund_rules,
    full_before_start: p.refund_policy.full_before_start,
    cooling_off_days: String(p.refund_policy.cooling_off_days),
    non_refundable: p.refund_policy.non_refundable_after_delivery.join(", "),
    fee_pct: String(p.refund_policy.fee_pct),
    description: p.description,
    precautions: p.precautions,
  };
}
