// 服务包余额: per package its subscriptions summed — paid, refunded, committed, refundable,
// value redeemed, and deferred revenue (paid, neither delivered nor refunded); totals below.
import { useQuery } from "@tanstack/react-query";
import { Button, Space, Table, Typography } from "antd";
import { api, unwrap } from "../../api/client";
import { afterParam } from "../../api/queries";
import { type FinanceKey, ft } from "../../i18n/finance";
import { useLang } from "../../i18n/LangContext";
import { saveText, toCsv } from "../../lib/csv";
import type { Money } from "../../lib/money";
import { ErrorBanner } from "../../ui/ErrorBanner";
import { Amount, sumMoney } from "./money";
import { usePackageNames } from "./packageNames";

const FIGURES = [
  ["paid", "paidIn"],
  ["refunded", "refunded"],
  ["committed", "committed"],
  ["awaiting_payout", "awaiting"],
  ["refundable", "refundable"],
  ["redeemed_value", "redeemedValue"],
  ["undelivered_value", "deferred"],
] as const satisfies readonly (readonly [string, FinanceKey])[];
type Row = { package_id: string; currency: string; subscriptions: number } & Record<
  (typeof FIGURES)[number][0],
  Money
>;

export default function Packages() {
  const { lang } = useLang();
  const names = usePackageNames();
  const found = useQuery({
    queryKey: ["finance-packages"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/finance/packages", { params: { query: afterParam() } })) as Promise<{
        items: Row[];
      }>,
  });
  const rows = found.data?.items ?? [];
  if (found.isError) return <ErrorBanner error={found.error} retry={() => found.refetch()} />;
  const save = () =>
    saveText(
      toCsv<Row>(
        [
          ["package_id", (r) => r.package_id],
          ["package", (r) => names.get(r.package_id) ?? ""],
          ["subscriptions", (r) => r.subscriptions],
          ...FIGURES.map(
            ([field]) => [field, (r: Row) => r[field].amount] as [string, (r: Row) => unknown],
          ),
        ],
        rows,
      ),
      "package-balances.csv",
    );
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Button onClick={save} disabled={!rows.length}>
        {ft("exportCsv", lang)}
      </Button>
      <Table<Row>
        size="small"
        rowKey={(r) => `${r.package_id}-${r.currency}`}
        loading={found.isLoading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: ft("noPackages", lang) }}
        columns={[
          {
            title: ft("package", lang),
            key: "p",
            render: (_, r) => names.get(r.package_id) ?? r.package_id.slice(0, 8),
          },
          { title: ft("subscriptions", lang), dataIndex: "subscriptions", align: "right" },
          ...FIGURES.map(([field, key]) => ({
            title: ft(key, lang),
            key: field,
            align: "right" as const,
            render: (_: unknown, r: Row) => <Amount money={r[field]} />,
          })),
        ]}
        summary={() =>
          rows.length ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <Typography.Text strong>{ft("total", lang)}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {rows.reduce((n, r) => n + r.subscriptions, 0)}
              </Table.Summary.Cell>
              {FIGURES.map(([field], i) => (
                <Table.Summary.Cell key={field} index={2 + i} align="right">
                  <Typography.Text strong data-testid={`packages-total-${field}`}>
                    <Amount money={sumMoney(rows.map((r) => r[field]))} />
                  </Typography.Text>
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          ) : null
        }
      />
    </Space>
  );
}
