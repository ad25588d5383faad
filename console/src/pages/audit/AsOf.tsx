// 时点状态: pick a record and a moment; see the record as it was then, what changed since
// (field by field, then against now) and the events since.
import { useQuery } from "@tanstack/react-query";
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Input,
  Space,
  Table,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { at } from "../../i18n/audit";
import { useLang } from "../../i18n/LangContext";
import { changes, shown } from "../../lib/diff";
import { formatDateTime } from "../../lib/time";
import { ErrorBanner } from "../../ui/ErrorBanner";

type AsOfEvent = { version: number; type: string; occurred_at: string | null; summary: string };
type Found = {
  aggregate_id: string;
  as_of: string;
  existed: boolean;
  aggregate_type: string | null;
  version: number | null;
  state: Record<string, unknown> | null;
  events: AsOfEvent[];
};
// What an auditor looks for first: the balance (a subscription's) and the status.
const FIRST = ["balance", "status"];
const first = (state: Record<string, unknown>) =>
  Object.entries(state).sort(
    ([a], [b]) => (FIRST.indexOf(a) + 1 || 99) - (FIRST.indexOf(b) + 1 || 99),
  );
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function read(id: string, asOf?: string) {
  return unwrap(
    api.GET("/api/v1/audit/aggregates/{aggregate_id}", {
      params: { path: { aggregate_id: id }, query: asOf ? { as_of: asOf } : {} },
    }),
  ) as Promise<Found>;
}

export default function AsOf() {
  const { lang } = useLang();
  const search = new URLSearchParams(window.location.search);
  const [id, setId] = useState(search.get("id") ?? "");
  const start = search.get("at");
  const [moment, setMoment] = useState<Dayjs | null>(start ? dayjs(start) : null);
  const [asked, setAsked] = useState<{ id: string; at: string } | null>(
    search.get("id") && start
      ? { id: search.get("id") ?? "", at: dayjs(start).toISOString() }
      : null,
  );
  const found = useQuery({
    queryKey: ["audit-as-of", asked],
    enabled: asked !== null,
    queryFn: async () => {
      const { id: which, at: when } = asked as { id: string; at: string };
      const [then, now] = await Promise.all([read(which, when), read(which)]);
      return { then, now };
    },
  });
  const then = found.data?.then;
  const now = found.data?.now;
  const diff = then && now ? changes(then.state, now.state) : [];
  const since = now?.events.filter((e) => e.version > (then?.version ?? 0)) ?? [];
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Typography.Text type="secondary">{at("asOfHint", lang)}</Typography.Text>
      <form
        aria-label={at("asOf", lang)}
        onSubmit={(e) => {
          e.preventDefault();
          if (UUID.test(id.trim()) && moment) setAsked({ id: id.trim(), at: moment.toISOString() });
        }}
      >
        <Space wrap>
          <Input
            style={{ width: 340 }}
            placeholder={at("aggregate", lang)}
            aria-label={at("aggregate", lang)}
            value={id}
            status={id && !UUID.test(id.trim()) ? "error" : undefined}
            onChange={(e) => setId(e.target.value)}
          />
          <DatePicker
            showTime
            value={moment}
            onChange={setMoment}
            placeholder={at("moment", lang)}
            aria-label={at("moment", lang)}
          />
          <Button type="primary" htmlType="submit" disabled={!UUID.test(id.trim()) || !moment}>
            {at("show", lang)}
          </Button>
        </Space>
      </form>
      {found.isError ? <ErrorBanner error={found.error} retry={() => found.refetch()} /> : null}
      {found.isLoading ? <Card loading /> : null}
      {then && now ? (
        <>
          <Card size="small" title={at("changedSince", lang)} data-testid="changed-since">
            {diff.length === 0 ? (
              <Typography.Text>{at("nothingChanged", lang)}</Typography.Text>
            ) : (
              <Table
                size="small"
                rowKey="field"
                pagination={false}
                dataSource={diff}
                columns={[
                  { title: at("field", lang), dataIndex: "field" },
                  {
                    title: at("before", lang),
                    key: "t",
                    render: (_, c) => (
                      <code style={{ wordBreak: "break-all" }}>{shown(c.before)}</code>
                    ),
                  },
                  {
                    title: at("after", lang),
                    key: "n",
                    render: (_, c) => (
                      <code style={{ wordBreak: "break-all" }}>{shown(c.after)}</code>
                    ),
                  },
                ]}
              />
            )}
          </Card>
          <Card
            size="small"
            title={`${at("stateThen", lang)} · ${now.aggregate_type ?? ""} · ${formatDateTime(then.as_of)}`}
            data-testid="state-then"
          >
            {then.existed && then.state ? (
              <Descriptions size="small" column={1} bordered>
                <Descriptions.Item label={at("version", lang)}>{then.version}</Descriptions.Item>
                {first(then.state).map(([field, value]) => (
                  <Descriptions.Item key={field} label={field}>
                    <span data-testid={`then-${field}`} style={{ wordBreak: "break-all" }}>
                      {shown(value)}
                    </span>
                  </Descriptions.Item>
                ))}
              </Descriptions>
            ) : (
              <Alert type="info" message={at("notYet", lang)} />
            )}
          </Card>
          <Card size="small" title={`${at("eventsSince", lang)} (${since.length})`}>
            <Table
              size="small"
              rowKey="version"
              pagination={false}
              dataSource={since}
              columns={[
                { title: at("version", lang), dataIndex: "version", width: 80 },
                {
                  title: at("occurredAt", lang),
                  key: "t",
                  render: (_, e) => formatDateTime(e.occurred_at),
                  width: 150,
                },
                { title: at("type", lang), dataIndex: "type" },
                { title: at("summary", lang), dataIndex: "summary" },
              ]}
            />
          </Card>
        </>
      ) : null}
    </Space>
  );
}
