// The payment provider's settlement CSV, checked in the browser before it is sent, with the
// server's rules (projections/finance/settlement.py): the exact header, five columns, kind
// payment|refund, an amount like 1999.00, CNY, an ISO date or time, a reference of at most
// 200 printable characters, no provider_ref and kind twice. Unlike the server, which stops
// at the first fault, every faulty line is reported, so the file is fixed in one go.

export const HEADER = ["provider_ref", "kind", "amount", "currency", "settled_at"] as const;
export const MAX_BYTES = 1024 * 1024; // CAREPACK_MAX_BODY_BYTES
const MAX_FEN = 999_999_999_999n; // domain.limits.MAX_FEN
const REFERENCE = 200;
const AMOUNT = /^\d{1,15}(\.\d{1,2})?$/;
const ISO =
  /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2}(:\d{2})?)?)?$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export type Fault =
  | { line: number; code: "empty" | "header" | "too_large" | "quote" }
  | { line: number; code: "columns"; found: number }
  | {
      line: number;
      code: "ref" | "ref_long" | "kind" | "amount" | "currency" | "settled_at" | "too_much";
      value: string;
    }
  | { line: number; code: "repeat"; value: string; first: number };

export type Checked = {
  faults: Fault[];
  lines: number;
  payments: number;
  refunds: number;
  total: Record<string, string>; // per kind, the sum as a decimal string
};

/** Split CSV text into records (RFC 4180 quotes), each with its 1-based first line. */
export function records(text: string): { line: number; cells: string[]; quoteError?: boolean }[] {
  const found: { line: number; cells: string[]; quoteError?: boolean }[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === "\n") line++;
        cell += c;
      }
    } else if (c === '"' && cell === "") quoted = true;
    else if (c === ",") {
      cells.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      cells.push(cell);
      found.push({ line: start, cells });
      cells = [];
      cell = "";
      line++;
      start = line;
    } else cell += c;
  }
  if (quoted) found.push({ line: start, cells: [...cells, cell], quoteError: true });
  else if (cell !== "" || cells.length > 0) found.push({ line: start, cells: [...cells, cell] });
  return found;
}

function fen(amount: string): bigint {
  const [whole = "0", part = ""] = amount.split(".");
  return BigInt(whole + `${part}00`.slice(0, 2));
}

function decimal(cents: bigint): string {
  const text = cents.toString().padStart(3, "0");
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

/** Every fault of the file (none: it may be sent), and what it holds. */
export function checkSettlement(
  text: string,
  bytes = new TextEncoder().encode(text).length,
): Checked {
  const result: Checked = { faults: [], lines: 0, payments: 0, refunds: 0, total: {} };
  const sums: Record<string, bigint> = {};
  if (bytes > MAX_BYTES) {
    result.faults.push({ line: 1, code: "too_large" });
    return result;
  }
  const rows = records(text.replace(/^\ufeff/, ""));
  const header = rows[0];
  if (!header) {
    result.faults.push({ line: 1, code: "empty" });
    return result;
  }
  if (header.cells.map((h) => h.trim()).join(",") !== HEADER.join(",")) {
    result.faults.push({ line: 1, code: "header" });
  }
  const seen = new Map<string, number>();
  for (const { line, cells, quoteError } of rows.slice(1)) {
    if (quoteError) {
      result.faults.push({ line, code: "quote" });
      continue;
    }
    if (cells.every((c) => c.trim() === "")) continue;
    if (cells.length !== HEADER.length) {
      result.faults.push({ line, code: "columns", found: cells.length });
      continue;
    }
    const [ref, kind, amount, currency, settled] = cells.map((c) => c.trim()) as [
      string,
      string,
      string,
      string,
      string,
    ];
    const before = result.faults.length;
    if (!ref) result.faults.push({ line, code: "ref", value: ref });
    else if (ref.length > REFERENCE || CONTROL.test(ref))
      result.faults.push({ line, code: "ref_long", value: ref.slice(0, 40) });
    if (kind !== "payment" && kind !== "refund")
      result.faults.push({ line, code: "kind", value: kind });
    if (!AMOUNT.test(amount)) result.faults.push({ line, code: "amount", value: amount });
    else if (fen(amount) > MAX_FEN) result.faults.push({ line, code: "too_much", value: amount });
    if (currency !== "CNY") result.faults.push({ line, code: "currency", value: currency });
    if (!ISO.test(settled) || Number.isNaN(Date.parse(settled.replace(" ", "T").slice(0, 10))))
      result.faults.push({ line, code: "settled_at", value: settled });
    const key = `${kind}\u0000${ref}`;
    const first = seen.get(key);
    if (ref && first !== undefined) result.faults.push({ line, code: "repeat", value: ref, first });
    else seen.set(key, line);
    if (result.faults.length === before) {
      result.lines++;
      if (kind === "payment") result.payments++;
      else result.refunds++;
      sums[kind] = (sums[kind] ?? 0n) + fen(amount);
    }
  }
  for (const [kind, cents] of Object.entries(sums)) result.total[kind] = decimal(cents);
  return result;
}
