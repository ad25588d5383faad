// Exports: fetch a CSV or JSON Lines answer with the bearer token and save it as a file
// (a plain link cannot carry the Authorization header).

import { ApiError, NETWORK, type Problem } from "../api/problem";
import { getToken } from "../auth/session";

/** `/api/v1/...` with these query parameters (empty ones left out). */
export function apiPath(
  path: string,
  query: Record<string, string | number | boolean | undefined>,
) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export async function download(path: string, filename: string): Promise<void> {
  let answer: Response;
  try {
    answer = await fetch(path, { headers: { Authorization: `Bearer ${getToken() ?? ""}` } });
  } catch {
    throw new ApiError(NETWORK);
  }
  if (!answer.ok) {
    const body = (await answer.json().catch(() => ({}))) as Partial<Problem>;
    throw new ApiError({
      ...body,
      status: answer.status,
      code: body.code ?? "http_error",
    } as Problem);
  }
  const url = URL.createObjectURL(await answer.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
