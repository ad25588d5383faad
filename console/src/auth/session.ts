// The bearer token: in memory and sessionStorage (one tab's session, gone when it closes),
// never localStorage. Signing out clears both.
const KEY = "carepack.token";
let token: string | null = null;
const listeners = new Set<() => void>();

export function getToken(): string | null {
  if (token === null) token = sessionStorage.getItem(KEY);
  return token;
}

export function setToken(value: string | null): void {
  token = value;
  if (value === null) sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, value);
  for (const listener of listeners) listener();
}

export function onTokenChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Where to go back to after signing in again (a 401 sends the user to sign-in). */
export function rememberReturn(path: string): void {
  sessionStorage.setItem(`${KEY}.return`, path);
}

export function takeReturn(): string | null {
  const path = sessionStorage.getItem(`${KEY}.return`);
  sessionStorage.removeItem(`${KEY}.return`);
  return path;
}
