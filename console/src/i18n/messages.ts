// Every label of the console, in Chinese first and English complete.
import type { Lang } from "./lang";

const M = {
  app: ["Carepack 互联网医院", "Carepack Internet Hospital"],
  workbench: ["工作台", "Workbench"],
  patients: ["患者", "Patients"],
  redemptions: ["核销", "Redemptions"],
  refunds: ["退款", "Refunds"],
  packages: ["服务包", "Packages"],
  finance: ["财务", "Finance"],
  audit: ["审计", "Audit"],
  signIn: ["登录", "Sign in"],
  signOut: ["退出登录", "Sign out"],
  signInAs: ["以此身份登录", "Sign in as"],
  demoStaff: ["演示医院的员工", "The demo hospital's staff"],
  bearer: [
    "身份令牌（由医院身份认证系统签发）",
    "Bearer token (from the hospital's identity provider)",
  ],
  name: ["姓名", "Name"],
  role: ["角色", "Role"],
  department: ["科室", "Department"],
  language: ["语言", "Language"],
  loading: ["加载中…", "Loading…"],
  retry: ["重试", "Retry"],
  reload: ["重新加载", "Reload"],
  empty: ["暂无数据", "Nothing here"],
  offline: [
    "网络已断开：您填写的内容已保留，恢复后可重新提交。",
    "The network is down: what you typed is kept; submit again when it is back.",
  ],
  sessionEnded: [
    "登录已失效，请重新登录，之后将回到原页面。",
    "Your session has ended; sign in again to return to this page.",
  ],
  search: ["搜索姓名或电话", "Search name or phone"],
  phone: ["电话", "Phone"],
  idNumber: ["证件号", "ID number"],
  tier: ["营养风险", "Risk tier"],
  vip: ["VIP", "VIP"],
  sexAge: ["性别/年龄", "Sex/age"],
  stage: ["阶段", "Stage"],
  nextFollowUp: ["下次随访", "Next follow-up"],
  remaining: ["剩余次数", "Units left"],
  actions: ["操作", "Actions"],
  open: ["打开", "Open"],
  summary: ["科室概况", "Department summary"],
  worklists: ["工作清单", "Worklists"],
  notInDepartments: ["该患者不在您的科室范围内。", "This patient is not in your departments."],
  breakGlass: ["紧急访问（破窗）", "Emergency access (break the glass)"],
  breakGlassReason: [
    "紧急访问理由（将记入访问日志）",
    "Reason for emergency access (written to the access log)",
  ],
  breakGlassGo: ["确认紧急访问", "Open with emergency access"],
  forbidden: ["您的角色无权执行此操作：", "Your role may not do this: "],
  conflictReload: [
    "该记录已被他人修改。请重新加载后再操作。",
    "Someone else changed this record. Reload it before acting.",
  ],
  overview: ["概览", "Overview"],
  episodes: ["病程", "Episodes"],
  subscriptions: ["服务包", "Packages"],
  timeline: ["时间线", "Timeline"],
  proxies: ["家属", "Family"],
  consents: ["同意", "Consents"],
} as const satisfies Record<string, readonly [string, string]>;

export type MessageKey = keyof typeof M;

export function message(key: MessageKey, lang: Lang): string {
  return M[key][lang === "zh" ? 0 : 1];
}

export const ROLE_NAMES: Record<string, [string, string]> = {
  doctor: ["医生", "Doctor"],
  nurse: ["护士", "Nurse"],
  service_staff: ["客服/随访员", "Service staff"],
  service_lead: ["客服主管", "Service lead"],
  catalogue_reviewer: ["服务包审核", "Catalogue reviewer"],
  finance: ["财务", "Finance"],
  auditor: ["审计", "Auditor"],
  admin: ["管理员", "Administrator"],
};

export const DEPARTMENT_NAMES: Record<string, [string, string]> = {
  oncology: ["肿瘤科", "Oncology"],
  endocrinology: ["内分泌科", "Endocrinology"],
  cardiology: ["心内科", "Cardiology"],
};

export const TIER_NAMES: Record<string, [string, string, string]> = {
  malnourished: ["明显营养不良", "Malnourished", "red"],
  at_risk: ["潜在营养不良", "At risk", "orange"],
  well_nourished: ["营养正常", "Well nourished", "green"],
  unscreened: ["未筛查", "Not screened", "default"],
};

export function named(
  table: Record<string, readonly string[]>,
  key: string | null | undefined,
  lang: Lang,
): string {
  if (!key) return "—";
  const found = table[key];
  return found ? (found[lang === "zh" ? 0 : 1] ?? key) : key;
}
