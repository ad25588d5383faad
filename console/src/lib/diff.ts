// What changed in a record between two moments: its state's fields compared by value
// (nested objects and lists as their JSON), added and removed fields included.

export type Change = { field: string; before: unknown; after: unknown };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields whose value differs between `then` and `now`, in field order. */
export function changes(
  then: Record<string, unknown> | null | undefined,
  now: Record<string, unknown> | null | undefined,
): Change[] {
  const fields = [...new Set([...Object.keys(then ?? {}), ...Object.keys(now ?? {})])].sort();
  return fields
    .filter((f) => !same(then?.[f], now?.[f]))
    .map((field) => ({ field, before: then?.[field], after: now?.[field] }));
}

/** A value as one line for a table cell (absent: "—"). */
export function shown(value: unknown): string {
  if (value === undefined || value === null) return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}
