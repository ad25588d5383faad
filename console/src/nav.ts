// The areas a role may open. The console only hides what a role cannot use; the API is the
// only enforcer (a hidden area's endpoints still answer 403 to that role).
export type Area = {
  key: "workbench" | "patients" | "redemptions" | "refunds" | "packages" | "finance" | "audit";
  path: string;
};

const STAFF = ["doctor", "nurse", "service_staff", "service_lead", "admin"];
const AREAS: (Area & { roles: string[] })[] = [
  { key: "workbench", path: "/", roles: STAFF },
  { key: "patients", path: "/patients", roles: STAFF },
  { key: "redemptions", path: "/redemptions", roles: ["service_staff", "service_lead", "admin"] },
  { key: "refunds", path: "/refunds", roles: ["service_staff", "service_lead", "admin"] },
  { key: "packages", path: "/packages", roles: [...STAFF, "catalogue_reviewer"] },
  { key: "finance", path: "/finance", roles: ["finance", "admin"] },
  { key: "audit", path: "/audit", roles: ["auditor", "admin"] },
];

/** The navigation for these roles, in the console's order (only the areas built). */
export function areasFor(roles: readonly string[], built: readonly Area["key"][] = BUILT): Area[] {
  return AREAS.filter(
    (area) => built.includes(area.key) && area.roles.some((r) => roles.includes(r)),
  ).map(({ key, path }) => ({ key, path }));
}

export const BUILT: Area["key"][] = [
  "workbench",
  "patients",
  "redemptions",
  "refunds",
  "packages",
  "finance",
  "audit",
];
