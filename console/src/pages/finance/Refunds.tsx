// 退款台账: one row per refund with every amount (no reason text or call notes), filtered
// by status, request time, subscription and patient in one call; totals in the footer;
// CSV export with the same filters; a row opens the subscription's balance in a drawer.
import { useInfiniteQuery } from "@tanstack/react-query";
import { Button, DatePicker, Input, Select, Space, Table, Tag, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { afterParam } from "../../api/queries";
import { ft, PAYER_TYPES, REFUND_STATUS, REFUND_STATUS_COLOR } from "../../i18n/finance";
import { useLang } from "../../i18n/LangContext";
import { word } from "../../i18n/words";
import { apiPath, download } from "../../lib/download";
import type { Money } from "../../lib/money";
import { formatDateTime } from "../../lib/time";
import { ErrorBanner } from "../../ui/ErrorBanner";
import { BalanceDrawer } from "./BalanceDrawer";
import { Amount, sumMoney } from "./money";
import { usePackageNames } from "./packageNames";

export type RefundRow = {
  refund_id: string;
  subscription_id: string;
  package_id: string;
  payer_type: string;
  status: string;
  requested_amount: Money | null;
  quoted_amount: Money | null;
  agreed_amount: Money | null;
  approved_amount: Money | null;
  paid_amount: Money | null;
  provider_ref: string | null;
  requested_at: string;
  requested_by: string;
  agreed_by: string | null;
  approved_by: string | null;
  paid_at: string | null;
};
const AMOUNTS = ["requested", "quoted", "agreed", "approved", "paid"] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Filters = {
  status?: string;
  since?: string;
  until?: string;
  subscription_id?: string;
  patient_id?: string;
};

export default function Refunds({ initialStatus }: { initialStatus?: string }) {
  const { lang } = useLang();
  const names = usePackageNames();
  const [status, setStatus] = useState<string | undefined>(initialStatus);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [subscription, setSubscription] = useState("");
  const [patient, setPatient] = useState("");
  const [open, setOpen] = useState<string | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const filters: Filters = {
    status,
    since: range?.[0]?.startOf("day").toISOString(),
    until: range?.[1]?.add(1, "day").startOf("day").toISOString(),
    subscription_id: UUID.test(subscription.trim()) ? subscription.trim() : undefined,
    patient_id: UUID.test(patient.trim()) ? patient.trim() : undefined,
  };
  const list = useInfiniteQuery({
    queryKey: ["finance-refunds", filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/finance/refunds", {
          params: { query: { ...filters, limit: 100, cursor: pageParam, ...afterParam() } },
        }),
      ) as Promise<{ items: RefundRow[]; next_cursor: string | null }>,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const bad = (text: string) => text.trim() !== "" && !UUID.test(text.trim());
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Space wrap>
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={ft("status", lang)}
          aria-label={ft("status", lang)}
          value={status}
          onChange={setStatus}
          options={Object.keys(REFUND_STATUS).map((s) => ({
            value: s,
            label: word(REFUND_STATUS, s, lang),
          }))}
        />
        <DatePicker.RangePicker
          value={range}
          onChange={(v) => setRange(v)}
          aria-label={ft("period", lang)}
          placeholder={[ft("period", lang), ""]}
        />
        <Input
          allowClear
          style={{ width: 300 }}
          placeholder={ft("subscription", lang)}
          aria-label={ft("subscription", lang)}
          status={bad(subscription) ? "error" : undefined}
          value={subscription}
          onChange={(e) => setSubscription(e.target.value)}
        />
        <Input
          allowClear
          style={{ width: 300 }}
          placeholder={ft("patient", lang)}
          aria-label={ft("patient", lang)}
          status={bad(patient) ? "error" : undefined}
          value={patient}
          onChange={(e) => setPatient(e.target.value)}
        />
        <Button
          onClick={() => {
            setExportError(null);
            download(
              apiPath("/api/v1/finance/refunds", { ...filters, format: "csv" }),
              "refunds.csv",
            ).catch(setExportError);
          }}
        >
          {ft("exportCsv", lang)}
        </Button>
      </Space>
      {exportError ? <ErrorBanner error={exportError} /> : null}
      {list.isError ? (
        <ErrorBanner error={list.error} retry={() => list.refetch()} />
      ) : (
        <Table<RefundRow>
          size="small"
          rowKey="refund_id"
          loading={list.isLoading}
          dataSource={rows}
          pagination={false}
          onRow={(r) => ({
            onClick: () => setOpen(r.subscription_id),
            style: { cursor: "pointer" },
          })}
          locale={{ emptyText: ft("noRefunds", lang) }}
          columns={[
            {
              title: ft("requestedAt", lang),
              key: "at",
              render: (_, r) => formatDateTime(r.requested_at),
            },
            {
              title: ft("status", lang),
              key: "status",
              render: (_, r) => (
                <Tag color={REFUND_STATUS_COLOR[r.status]}>
                  {word(REFUND_STATUS, r.status, lang)}
                </Tag>
              ),
            },
            {
              title: ft("package", lang),
              key: "pkg",
              render: (_, r) => names.get(r.package_id) ?? r.package_id.slice(0, 8),
            },
            {
              title: ft("payer", lang),
              key: "payer",
              render: (_, r) => word(PAYER_TYPES, r.payer_type, lang),
            },
            ...AMOUNTS.map((name) => ({
              title: ft(name, lang),
              key: name,
              align: "right" as const,
              render: (_: unknown, r: RefundRow) => <Amount money={r[`${name}_amount`]} />,
            })),
            { title: ft("providerRef", lang), key: "ref", render: (_, r) => r.provider_ref ?? "—" },
          ]}
          summary={() =>
            rows.length ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={4}>
                  <Typography.Text strong>
                    {ft("total", lang)}（{rows.length}）
                  </Typography.Text>
                </Table.Summary.Cell>
                {AMOUNTS.map((name, i) => (
                  <Table.Summary.Cell key={name} index={4 + i} align="right">
                    <Typography.Text strong data-testid={`total-${name}`}>
                      <Amount money={sumMoney(rows.map((r) => r[`${name}_amount`]))} />
                    </Typography.Text>
                  </Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={9} />
              </Table.Summary.Row>
            ) : null
          }
        />
      )}
      {list.hasNextPage ? (
        <Button loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
          {lang === "zh" ? "加载更多" : "Load more"}
        </Button>
      ) : null}
      <BalanceDrawer subscriptionId={open} onClose={() => setOpen(null)} />
    </Space>
  );
}
