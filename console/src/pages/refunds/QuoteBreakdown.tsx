// The quote first (CONSOLE.md): per item the units bought, used, given back, the weight and
// the amount, then the gross, the fee and the quote — every figure as the API computed it
// (product §3), never recomputed here: a console that added up lines itself would show a
// different total whenever the policy caps or replaces the sum (in full, goodwill).
import { Descriptions, Typography } from "antd";
import type { components } from "../../api/schema";
import { QUOTE_BASIS, say } from "../../i18n/catalogue";
import { useLang } from "../../i18n/LangContext";
import { formatMoney } from "../../lib/money";

export type Breakdown = components["schemas"]["BreakdownOut"];

export function QuoteBreakdown({ breakdown }: { breakdown: Breakdown | null | undefined }) {
  const { lang } = useLang();
  const zh = lang === "zh";
  if (!breakdown) {
    return (
      <Typography.Paragraph type="secondary">
        {zh ? "尚无报价。" : "Not quoted yet."}
      </Typography.Paragraph>
    );
  }
  return (
    <div>
      <table className="cp-table" data-testid="quote-breakdown">
        <caption className="cp-visually-hidden">{zh ? "报价明细" : "Quote breakdown"}</caption>
        <thead>
          <tr>
            <th scope="col">{zh ? "项目" : "Item"}</th>
            <th scope="col" className="cp-num">
              {zh ? "购买次数" : "Bought"}
            </th>
            <th scope="col" className="cp-num">
              {zh ? "已使用" : "Used"}
            </th>
            <th scope="col" className="cp-num">
              {zh ? "本次退回" : "Refunded units"}
            </th>
            <th scope="col" className="cp-num">
              {zh ? "退款权重" : "Weight"}
            </th>
            <th scope="col" className="cp-num">
              {zh ? "金额" : "Amount"}
            </th>
          </tr>
        </thead>
        <tbody>
          {breakdown.lines.length === 0 && (
            <tr>
              <td colSpan={6}>
                {zh ? "不按项目计算（见计算依据）。" : "Not per item (see the basis)."}
              </td>
            </tr>
          )}
          {breakdown.lines.map((line) => (
            <tr key={line.code} data-testid={`quote-line-${line.code}`}>
              <td>{line.name ? `${line.name}（${line.code}）` : line.code}</td>
              <td className="cp-num">{line.bought}</td>
              <td className="cp-num">{line.used}</td>
              <td className="cp-num">{line.units}</td>
              <td className="cp-num">{line.weight}</td>
              <td className="cp-num">{formatMoney(line.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Descriptions size="small" column={4} style={{ marginTop: 8 }}>
        <Descriptions.Item label={zh ? "计算依据" : "Basis"}>
          <span data-testid="quote-basis">{say(QUOTE_BASIS, breakdown.basis, lang)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={zh ? "小计" : "Gross"}>
          <span data-testid="quote-gross">{formatMoney(breakdown.gross)}</span>
        </Descriptions.Item>
        <Descriptions.Item
          label={zh ? `手续费（${breakdown.fee_pct}%）` : `Fee (${breakdown.fee_pct}%)`}
        >
          <span data-testid="quote-fee">{formatMoney(breakdown.fee)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={zh ? "报价" : "Quote"}>
          <strong data-testid="quote-amount">{formatMoney(breakdown.amount)}</strong>
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}
