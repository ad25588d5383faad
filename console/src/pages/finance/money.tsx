// Money columns for finance's tables: right-aligned, ¥ with two decimals, summed in fen.

import { toFen } from "../../charts/options";
import type { Money } from "../../lib/money";
import { formatMoney } from "../../lib/money";

export function Amount({ money }: { money: Money | null | undefined }) {
  return (
    <span style={{ fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" }}>
      {formatMoney(money)}
    </span>
  );
}

/** The sum of these amounts as money (null ones skipped), from the digits. */
export function sumMoney(values: (Money | null | undefined)[]): Money {
  const fen = values.reduce((total, m) => total + (m ? toFen(m.amount) : 0), 0);
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return {
    amount: `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`,
    currency: "CNY",
  };
}
