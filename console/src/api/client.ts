// The typed client (openapi-fetch over the generated schema.d.ts): bearer token, break-the-
// glass reason, problems as ApiError, and the command helper (Idempotency-Key, If-Match).
import createClient, { type Middleware } from "openapi-fetch";
import { getToken, rememberReturn, setToken } from "../auth/session";
import { ApiError, NETWORK, type Problem } from "./problem";
import type { paths } from "./schema";

export const api = createClient<paths>({ baseUrl: "" });

const auth: Middleware = {
  onRequest({ request }) {
    const token = getToken();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && getToken()) {
      rememberReturn(window.location.pathname + window.location.search);
      setToken(null);
    }
    return response;
  },
};
api.use(auth);

/** Reasons for break-the-glass access given in this session, per patient id. */
export const accessReasons = new Map<string, string>();

export function glassHeaders(patientId: string | undefined): Record<string, string> {
  const reason = patientId ? accessReasons.get(patientId) : undefined;
  return reason ? { "X-Access-Reason": encodeURIComponent(reason) } : {};
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The answer's data, or an ApiError carrying the RFC 9457 problem. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch {
    throw new ApiError(NETWORK);
  }
  if (answer.error !== undefined || !answer.response.ok) {
    const body = (answer.error ?? {}) as Partial<Problem>;
    throw new ApiError({
      ...body,
      status: answer.response.status,
      code: body.code ?? "http_error",
    } as Problem);
  }
  return answer.data as T;
}

/** A command's answer and the store position it wrote (X-Event-Position). */
export type Done<T> = { data: T; position: number | null; etag: string | null };

export async function command<T>(call: Promise<Answer<T>>): Promise<Done<T>> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch {
    throw new ApiError(NETWORK);
  }
  const data = await unwrap(Promise.resolve(answer));
  const position = answer.response.headers.get("X-Event-Position");
  return {
    data,
    position: position ? Number(position) : null,
    etag: answer.response.headers.get("ETag"),
  };
}

/** A fresh Idempotency-Key. The form keeps it until the command succeeds, so a retry (or a
 * double click) is the same command. */
export function newKey(): string {
  return crypto.randomUUID();
}
