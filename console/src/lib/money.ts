// Money as the API sends it ({"amount": "1999.00", "currency": "CNY"}), formatted from the
// decimal string itself: never through a float, so ¥0.10 + ¥0.20 never shows ¥0.30000000000000004.

export type Money = { amount: string; currency: string };

const SYMBOLS: Record<string, string> = { CNY: "¥", USD: "$", EUR: "€" };
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** "1999.5" → "¥1,999.50"; rounds half up beyond two decimals, by digits. */
export function formatMoney(money: Money | null | undefined): string {
  if (!money) return "—";
  const match = DECIMAL.exec(money.amount.trim());
  if (!match) return `${money.amount} ${money.currency}`;
  const [, sign = "", whole = "0", fraction = ""] = match;
  let cents = BigInt(whole + `${fraction}00`.slice(0, 2));
  if ((fraction[2] ?? "0") >= "5") cents += 1n;
  const text = cents.toString().padStart(3, "0");
  const units = text.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const symbol = SYMBOLS[money.currency] ?? `${money.currency} `;
  const negative = sign === "-" && cents !== 0n ? "-" : "";
  return `${negative}${symbol}${units}.${text.slice(-2)}`;
}
