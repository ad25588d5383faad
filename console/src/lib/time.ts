// Dates and times in the hospital's time zone (the API sends ISO 8601 with an offset).

export const HOSPITAL_TIME_ZONE = "Asia/Shanghai";

const parts = (iso: string, withTime: boolean): Record<string, string> => {
  const format = new Intl.DateTimeFormat("en-CA", {
    timeZone: HOSPITAL_TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    ...(withTime ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" as const } : {}),
  });
  const found: Record<string, string> = {};
  for (const part of format.formatToParts(new Date(iso))) found[part.type] = part.value;
  return found;
};

/** "2026-12-03T06:05:00Z" → "2026-12-03 14:05" (Shanghai). A bare date stays as it is. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const p = parts(iso, true);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const p = parts(iso, false);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Age in whole years on `today` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = today.split("-").map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}
