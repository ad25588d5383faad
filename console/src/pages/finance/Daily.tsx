// 每日汇总: purchases and paid refunds per hospital day and payer type over a period, with
// totals below and a CSV export of exactly these columns.
import { useQuery } from "@tanstack/react-query";
import { Button, DatePicker, Space, Table, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { afterParam } from "../../api/queries";
import { ft, PAYER_TYPES } from "../../i18n/finance";
import { useLang } from "../../i18n/LangContext";
import { word } from "../../i18n/words";
import { saveText, toCsv } from "../../lib/csv";
import type { Money } from "../../lib/money";
import { hospitalToday } from "../../lib/today";
import { ErrorBanner } from "../../ui/ErrorBanner";
import { Amount, sumMoney } from "./money";

export type DailyRow = {
  day: string;
  payer_type: string;
  purchases_count: number;
  purchases_amount: Money;
  refunds_paid_count: number;
  refunds_paid_amount: Money;
};

/** The rows as CSV, the screen's columns in order. */
export function dailyCsv(rows: DailyRow[]): string {
  return toCsv<DailyRow>(
    [
      ["day", (r) => r.day],
      ["payer_type", (r) => r.payer_type],
      ["purchases_count", (r) => r.purchases_count],
      ["purchases_amount", (r) => r.purchases_amount.amount],
      ["refunds_paid_count", (r) => r.refunds_paid_count],
      ["refunds_paid_amount", (r) => r.refunds_paid_amount.amount],
    ],
    rows,
  );
}

export default function Daily() {
  const { lang } = useLang();
  const today = dayjs(hospitalToday());
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([today.subtract(29, "day"), today]);
  const since = period[0].format("YYYY-MM-DD");
  const until = period[1].format("YYYY-MM-DD");
  const found = useQuery({
    queryKey: ["finance-daily", since, until],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/finance/daily", { params: { query: { since, until, ...afterParam() } } }),
      ) as Promise<{ items: DailyRow[] }>,
  });
  const rows = found.data?.items ?? [];
  const save = () => saveText(dailyCsv(rows), `daily-${since}-${until}.csv`);
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Space>
        <DatePicker.RangePicker
          allowClear={false}
          value={period}
          onChange={(v) => v?.[0] && v[1] && setPeriod([v[0], v[1]])}
          aria-label={ft("day", lang)}
        />
        <Button onClick={save} disabled={!rows.length}>
          {ft("exportCsv", lang)}
        </Button>
      </Space>
      {found.isError ? (
        <ErrorBanner error={found.error} retry={() => found.refetch()} />
      ) : (
        <Table<DailyRow>
          size="small"
          rowKey={(r) => `${r.day}-${r.payer_type}`}
          loading={found.isLoading}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: ft("noDaily", lang) }}
          columns={[
            { title: ft("day", lang), dataIndex: "day" },
            {
              title: ft("payer", lang),
              key: "payer",
              render: (_, r) => word(PAYER_TYPES, r.payer_type, lang),
            },
            { title: ft("purchases", lang), dataIndex: "purchases_count", align: "right" },
            {
              title: ft("purchasesAmount", lang),
              key: "pa",
              align: "right",
              render: (_, r) => <Amount money={r.purchases_amount} />,
            },
            { title: ft("refundsPaid", lang), dataIndex: "refunds_paid_count", align: "right" },
            {
              title: ft("refundsPaidAmount", lang),
              key: "ra",
              align: "right",
              render: (_, r) => <Amount money={r.refunds_paid_amount} />,
            },
          ]}
          summary={() =>
            rows.length ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={2}>
                  <Typography.Text strong>{ft("total", lang)}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  {rows.reduce((n, r) => n + r.purchases_count, 0)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  <Amount money={sumMoney(rows.map((r) => r.purchases_amount))} />
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">
                  {rows.reduce((n, r) => n + r.refunds_paid_count, 0)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={5} align="right">
                  <Amount money={sumMoney(rows.map((r) => r.refunds_paid_amount))} />
                </Table.Summary.Cell>
              </Table.Summary.Row>
            ) : null
          }
        />
      )}
    </Space>
  );
}
