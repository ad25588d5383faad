// The shapes the screens read. The generated schema types the requests; these name the
// fields of answers the OpenAPI document leaves open (`additionalProperties`).
import type { Money } from "../lib/money";

export type FollowUp = {
  id: string;
  due_on: string;
  channel: string;
  assignee: string;
  status: string;
  outcome?: string;
};
export type Observation = {
  code: string;
  value: string;
  unit: string;
  at: string;
  source?: string;
};
export type Episode = {
  id: string;
  patient_id: string;
  department: string;
  condition: { code: string; label: string };
  programme: string;
  stage: string;
  allowed_moves: string[];
  outcome?: string | null;
  risk_tier?: string | null;
  computed_tier?: string | null;
  nrs2002_total?: number | null;
  care_plan?: { intervention: string; interval_days: number; note: string } | null;
  observations: Observation[];
  follow_ups: FollowUp[];
  recommended_package_ids: string[];
  version?: number;
};
export type Entitlement = {
  code: string;
  kind: string;
  granted: number;
  redeemed: number;
  claimed: number;
  revoked: number;
  remaining: number;
};
export type SubscriptionBalance = {
  id: string;
  package_id: string;
  package_code: string;
  package_name: string;
  status: string;
  amount_paid: Money;
  starts_on?: string | null;
  ends_on?: string | null;
  version: number;
  entitlements: Entitlement[];
};
export type ProxyRow = { user_id: string; relation: string; permissions: string[] };
export type Patient = {
  id: string;
  name: string;
  sex: string;
  birth_date: string;
  phone: string;
  id_number: string;
  department?: string | null;
  proxies: ProxyRow[];
  consents: string[];
  episode_ids: string[];
  subscription_ids: string[];
};
export type Overview = {
  patient: Patient;
  patient_version: number;
  episodes: Episode[];
  hidden_episodes: number;
  subscriptions: SubscriptionBalance[];
};
export type PatientBrief = {
  patient_id: string;
  name: string | null;
  sex: string | null;
  age: number | null;
  masked_id_number: string | null;
  risk_tier: string | null;
  vip: boolean;
};
export type WorklistRow = Record<string, unknown> & {
  patient_id?: string;
  patient?: PatientBrief | null;
};

// The fixed sets of codes a request may carry: the API's enums, from the generated schema.
type Schemas = import("./schema").components["schemas"];
export type ConsentPurpose = Schemas["ConsentIn"]["purpose"];
export type Relation = Schemas["ProxyIn"]["relation"];
export type Permission = Schemas["ProxyIn"]["permissions"][number];
export type Intervention = Schemas["CarePlanIn"]["intervention"];
export type Channel = Schemas["FollowUpIn"]["channel"];
export type Stage = Schemas["StageIn"]["to"];
export type Outcome = NonNullable<Schemas["StageIn"]["outcome"]>;
export type ConsultationKind = NonNullable<Schemas["StageIn"]["kind"]>;
