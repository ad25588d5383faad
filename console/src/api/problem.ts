// RFC 9457 problems from the API, and how the console words them.
import type { Lang } from "../i18n/lang";
import { PROBLEM_MESSAGES } from "../i18n/problems";

export type FieldError = { key?: string; message?: string; source?: string };
export type Problem = {
  status: number;
  code: string;
  title?: string;
  detail?: string;
  errors?: FieldError[];
  field?: string;
};

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.code);
  }
}

export const NETWORK: Problem = { status: 0, code: "network", detail: "network unreachable" };

const LOCAL: Record<string, Record<Lang, string>> = {
  network: {
    zh: "网络已断开，已保留您填写的内容，恢复后请重试。",
    en: "The network is down; what you typed is kept. Retry when it is back.",
  },
};

/** The user's words for a problem: by its stable code; an unknown code shows the API's detail. */
export function problemMessage(problem: Problem, lang: Lang): string {
  const known = PROBLEM_MESSAGES[problem.code] ?? LOCAL[problem.code];
  if (known) return known[lang];
  return problem.detail ?? problem.title ?? `HTTP ${problem.status}`;
}

/** Field errors by form field name ("pg_sga.score" → its message), for inline display. */
export function fieldErrors(problem: Problem): Record<string, string> {
  const found: Record<string, string> = {};
  for (const error of problem.errors ?? []) {
    if (error.key) found[error.key] = error.message ?? "invalid";
  }
  if (problem.field && problem.detail) found[problem.field] = problem.detail;
  return found;
}
