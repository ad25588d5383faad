// 事件历史: every stored event, filtered by patient, record, actor, type and time, paged by
// position; a row opens a drawer with its details and chain hash, and a link to the
// record's state as of that moment.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Button, Card, DatePicker, Descriptions, Drawer, Input, Space, Table } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useLocation } from "wouter";
import { api, unwrap } from "../../api/client";
import { afterParam } from "../../api/queries";
import { at } from "../../i18n/audit";
import { useLang } from "../../i18n/LangContext";
import { formatDateTime } from "../../lib/time";
import { ErrorBanner } from "../../ui/ErrorBanner";

export type AuditEvent = {
  position: number;
  aggregate_id: string;
  aggregate_type: string;
  version: number;
  type: string;
  occurred_at: string | null;
  actor: string | null;
  actor_role: string | null;
  patient_id: string | null;
  correlation_id: string | null;
  summary: string;
  hash: string;
};
type Filters = { patient_id?: string; aggregate_id?: string; actor?: string; type?: string };

/** An event's own fields (free text included; ID numbers masked), read from the store. */
function EventData({ event }: { event: AuditEvent }) {
  const { lang } = useLang();
  const found = useQuery({
    queryKey: ["audit-event-data", event.position],
    queryFn: async () => {
      const state = (await unwrap(
        api.GET("/api/v1/audit/aggregates/{aggregate_id}", {
          params: {
            path: { aggregate_id: event.aggregate_id },
            query: { as_of: dayjs(event.occurred_at).add(1, "ms").toISOString() },
          },
        }),
      )) as { events: { version: number; data: Record<string, unknown> }[] };
      return state.events.find((e) => e.version === event.version)?.data ?? null;
    },
  });
  if (found.isError) return <ErrorBanner error={found.error} retry={() => found.refetch()} />;
  return (
    <Card size="small" title={at("data", lang)} loading={found.isLoading} style={{ marginTop: 16 }}>
      <pre
        data-testid="event-data"
        style={{ whiteSpace: "pre-wrap", wordBreak: "break-all", margin: 0 }}
      >
        {JSON.stringify(found.data, null, 2)}
      </pre>
    </Card>
  );
}

export default function Events({ initial }: { initial?: Filters }) {
  const { lang } = useLang();
  const [, go] = useLocation();
  const [draft, setDraft] = useState<Filters>(initial ?? {});
  const [filters, setFilters] = useState<Filters>(initial ?? {});
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [open, setOpen] = useState<AuditEvent | null>(null);
  const query = {
    ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)),
    since: range?.[0]?.toISOString(),
    until: range?.[1]?.toISOString(),
  };
  const list = useInfiniteQuery({
    queryKey: ["audit-events", query],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/audit/events", {
          params: { query: { ...query, limit: 100, cursor: pageParam, ...afterParam() } },
        }),
      ) as Promise<{ items: AuditEvent[]; next_cursor: string | null }>,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  // Just before the event (-1 ms: events recorded at the same instant are all left out,
  // as the store has them at one moment) or just after it (+1 ms: it is included).
  const asOf = (event: AuditEvent, ms: number) =>
    go(
      `/audit/asof?id=${event.aggregate_id}&at=${encodeURIComponent(dayjs(event.occurred_at).add(ms, "ms").toISOString())}`,
    );
  const field = (key: keyof Filters, label: string, width = 300) => (
    <Input
      allowClear
      style={{ width }}
      placeholder={label}
      aria-label={label}
      value={draft[key] ?? ""}
      onChange={(e) => setDraft({ ...draft, [key]: e.target.value.trim() })}
      onPressEnter={() => setFilters(draft)}
    />
  );
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <form
        aria-label={at("events", lang)}
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <Space wrap>
          {field("patient_id", at("patient", lang))}
          {field("aggregate_id", at("aggregate", lang))}
          {field("actor", at("actor", lang), 180)}
          {field("type", at("type", lang), 200)}
          <DatePicker.RangePicker
            showTime
            value={range}
            onChange={(v) => setRange(v)}
            aria-label={at("period", lang)}
          />
          <Button type="primary" htmlType="submit">
            {at("search", lang)}
          </Button>
        </Space>
      </form>
      {list.isError ? (
        <ErrorBanner error={list.error} retry={() => list.refetch()} />
      ) : (
        <Table<AuditEvent>
          size="small"
          rowKey="position"
          loading={list.isLoading}
          dataSource={rows}
          pagination={false}
          onRow={(r) => ({ onClick: () => setOpen(r), style: { cursor: "pointer" } })}
          locale={{ emptyText: at("noEvents", lang) }}
          columns={[
            { title: at("position", lang), dataIndex: "position", align: "right", width: 90 },
            {
              title: at("occurredAt", lang),
              key: "t",
              render: (_, r) => formatDateTime(r.occurred_at),
              width: 150,
            },
            {
              title: at("type", lang),
              key: "ty",
              render: (_, r) => `${r.aggregate_type}.${r.type}`,
            },
            {
              title: at("actor", lang),
              key: "a",
              render: (_, r) => `${r.actor ?? "—"} (${r.actor_role ?? "—"})`,
            },
            { title: at("summary", lang), dataIndex: "summary", ellipsis: true },
          ]}
        />
      )}
      {list.hasNextPage ? (
        <Button loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
          {at("more", lang)}
        </Button>
      ) : null}
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        width={620}
        title={at("details", lang)}
      >
        {open ? (
          <>
            <Descriptions size="small" column={1} bordered data-testid="event-details">
              <Descriptions.Item label={at("position", lang)}>{open.position}</Descriptions.Item>
              <Descriptions.Item
                label={at("type", lang)}
              >{`${open.aggregate_type}.${open.type}`}</Descriptions.Item>
              <Descriptions.Item label={at("aggregate", lang)}>
                {open.aggregate_id}
              </Descriptions.Item>
              <Descriptions.Item label={at("version", lang)}>{open.version}</Descriptions.Item>
              <Descriptions.Item label={at("occurredAt", lang)}>
                {formatDateTime(open.occurred_at)}
              </Descriptions.Item>
              <Descriptions.Item
                label={at("actor", lang)}
              >{`${open.actor ?? "—"} (${open.actor_role ?? "—"})`}</Descriptions.Item>
              <Descriptions.Item label={at("patient", lang)}>
                {open.patient_id ?? "—"}
              </Descriptions.Item>
              <Descriptions.Item label="Correlation">
                {open.correlation_id ?? "—"}
              </Descriptions.Item>
              <Descriptions.Item label={at("summary", lang)}>{open.summary}</Descriptions.Item>
              <Descriptions.Item label={at("hash", lang)}>
                <code style={{ wordBreak: "break-all" }}>{open.hash}</code>
              </Descriptions.Item>
            </Descriptions>
            <EventData event={open} />
            <Space style={{ marginTop: 16 }}>
              <Button onClick={() => asOf(open, -1)}>{at("openBefore", lang)}</Button>
              <Button onClick={() => asOf(open, 1)}>{at("openAsOf", lang)}</Button>
            </Space>
          </>
        ) : null}
      </Drawer>
    </Space>
  );
}
