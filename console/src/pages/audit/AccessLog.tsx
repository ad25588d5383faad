// 访问日志: who read which patient's data, when, and whether it was allowed; emergency
// (break-the-glass) accesses flagged in red with the reason given.
import { useInfiniteQuery } from "@tanstack/react-query";
import { Button, Checkbox, DatePicker, Input, Space, Table, Tag } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { afterParam } from "../../api/queries";
import { at } from "../../i18n/audit";
import { useLang } from "../../i18n/LangContext";
import { formatDateTime } from "../../lib/time";
import { ErrorBanner } from "../../ui/ErrorBanner";

export type Access = {
  seq: number;
  at: string;
  actor: string;
  role: string;
  patient_id: string | null;
  resource: string;
  outcome: string;
  emergency: boolean;
  reason: string;
};
type Filters = { patient_id?: string; actor?: string; emergency?: boolean };

export function AccessTable({ rows, loading }: { rows: Access[]; loading?: boolean }) {
  const { lang } = useLang();
  return (
    <Table<Access>
      size="small"
      rowKey="seq"
      loading={loading}
      dataSource={rows}
      pagination={false}
      rowClassName={(r) => (r.emergency ? "cp-emergency" : "")}
      onRow={(r) => (r.emergency ? { style: { background: "#fff1f0" } } : {})}
      locale={{ emptyText: at("noAccess", lang) }}
      columns={[
        { title: at("at", lang), key: "at", render: (_, r) => formatDateTime(r.at), width: 150 },
        { title: at("actor", lang), key: "a", render: (_, r) => `${r.actor} (${r.role})` },
        { title: at("patient", lang), key: "p", render: (_, r) => r.patient_id ?? "—" },
        { title: at("resource", lang), dataIndex: "resource", ellipsis: true },
        {
          title: at("outcome", lang),
          key: "o",
          render: (_, r) => (
            <Space size={4}>
              <Tag color={r.outcome === "allowed" ? "green" : "red"}>{r.outcome}</Tag>
              {r.emergency ? <Tag color="red">{at("emergency", lang)}</Tag> : null}
            </Space>
          ),
        },
        { title: at("reason", lang), key: "r", render: (_, r) => r.reason || "—" },
      ]}
    />
  );
}

export default function AccessLog() {
  const { lang } = useLang();
  const [draft, setDraft] = useState<Filters>({});
  const [filters, setFilters] = useState<Filters>({});
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const query = {
    patient_id: filters.patient_id || undefined,
    actor: filters.actor || undefined,
    emergency: filters.emergency ? true : undefined,
    since: range?.[0]?.toISOString(),
    until: range?.[1]?.toISOString(),
  };
  const list = useInfiniteQuery({
    queryKey: ["access-log", query],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/audit/access-log", {
          params: { query: { ...query, limit: 100, cursor: pageParam, ...afterParam() } },
        }),
      ) as Promise<{ items: Access[]; next_cursor: string | null }>,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <form
        aria-label={at("accessLog", lang)}
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <Space wrap>
          <Input
            allowClear
            style={{ width: 320 }}
            placeholder={at("patient", lang)}
            aria-label={at("patient", lang)}
            value={draft.patient_id ?? ""}
            onChange={(e) => setDraft({ ...draft, patient_id: e.target.value.trim() })}
          />
          <Input
            allowClear
            style={{ width: 200 }}
            placeholder={at("actor", lang)}
            aria-label={at("actor", lang)}
            value={draft.actor ?? ""}
            onChange={(e) => setDraft({ ...draft, actor: e.target.value.trim() })}
          />
          <DatePicker.RangePicker
            showTime
            value={range}
            onChange={(v) => setRange(v)}
            aria-label={at("period", lang)}
          />
          <Checkbox
            checked={draft.emergency ?? false}
            onChange={(e) => {
              setDraft({ ...draft, emergency: e.target.checked });
              setFilters({ ...draft, emergency: e.target.checked });
            }}
          >
            {at("emergencyOnly", lang)}
          </Checkbox>
          <Button type="primary" htmlType="submit">
            {at("search", lang)}
          </Button>
        </Space>
      </form>
      {list.isError ? (
        <ErrorBanner error={list.error} retry={() => list.refetch()} />
      ) : (
        <AccessTable rows={rows} loading={list.isLoading} />
      )}
      {list.hasNextPage ? (
        <Button loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
          {at("more", lang)}
        </Button>
      ) : null}
    </Space>
  );
}
