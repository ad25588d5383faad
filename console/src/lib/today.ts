import { HOSPITAL_TIME_ZONE } from "./time";

/** Today's date (YYYY-MM-DD) in the hospital's time zone. */
export function hospitalToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: HOSPITAL_TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}
