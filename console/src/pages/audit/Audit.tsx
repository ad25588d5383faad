// 审计: read-only. Lands on the chain's status (verified, or the first bad position and
// why, and the checkpoints) beside the recent emergency accesses; then the event history,
// state as of a moment, the access log and the export, each a tab (/audit/<tab>).
import { useQuery } from "@tanstack/react-query";
import {
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Row,
  Select,
  Space,
  Tabs,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { type ReactNode, useState } from "react";
import { useLocation } from "wouter";
import { api, unwrap } from "../../api/client";
import { at } from "../../i18n/audit";
import { useLang } from "../../i18n/LangContext";
import { apiPath, download } from "../../lib/download";
import { ErrorBanner } from "../../ui/ErrorBanner";
import AccessLog, { type Access, AccessTable } from "./AccessLog";
import AsOf from "./AsOf";
import Events from "./Events";
import Verify from "./Verify";

export const AUDIT_TABS = ["verify", "events", "asof", "access", "export"] as const;

function RecentEmergencies() {
  const { lang } = useLang();
  const found = useQuery({
    queryKey: ["access-log", "emergency-recent"],
    queryFn: async () => {
      const page = (await unwrap(
        api.GET("/api/v1/audit/access-log", {
          // the log pages oldest first: start a month back so the newest are on this page
          params: {
            query: {
              emergency: true,
              since: dayjs().subtract(30, "day").toISOString(),
              limit: 200,
            },
          },
        }),
      )) as { items: Access[] };
      return page.items.slice(-10).reverse();
    },
  });
  return (
    <Card size="small" title={at("recentEmergency", lang)}>
      {found.isError ? (
        <ErrorBanner error={found.error} retry={() => found.refetch()} />
      ) : (
        <AccessTable rows={found.data ?? []} loading={found.isLoading} />
      )}
    </Card>
  );
}

function Export() {
  const { lang } = useLang();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [format, setFormat] = useState<"csv" | "jsonl">("csv");
  const [emergency, setEmergency] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const save = (
    path: string,
    name: string,
    extra: Record<string, string | boolean | undefined>,
  ) => {
    setProblem(null);
    const query = {
      since: range?.[0]?.toISOString(),
      until: range?.[1]?.toISOString(),
      format,
      ...extra,
    };
    download(apiPath(path, query), `${name}.${format}`).catch(setProblem);
  };
  return (
    <Space direction="vertical">
      <Typography.Text>{at("exportHint", lang)}</Typography.Text>
      <Space wrap>
        <DatePicker.RangePicker
          showTime
          value={range}
          onChange={(v) => setRange(v)}
          aria-label={at("period", lang)}
        />
        <Select
          value={format}
          onChange={setFormat}
          aria-label="format"
          options={[
            { value: "csv", label: "CSV" },
            { value: "jsonl", label: "JSON Lines" },
          ]}
        />
        <Button type="primary" onClick={() => save("/api/v1/audit/export", "audit", {})}>
          {at("exportEvents", lang)}
        </Button>
      </Space>
      <Space wrap>
        <Checkbox checked={emergency} onChange={(e) => setEmergency(e.target.checked)}>
          {at("emergencyOnly", lang)}
        </Checkbox>
        <Button
          onClick={() =>
            save("/api/v1/audit/access-log/export", "access-log", {
              emergency: emergency ? true : undefined,
            })
          }
        >
          {at("exportAccess", lang)}
        </Button>
      </Space>
      {problem ? <ErrorBanner error={problem} /> : null}
    </Space>
  );
}

export default function Audit({ tab = "verify" }: { tab?: string }) {
  const { lang, t } = useLang();
  const [, go] = useLocation();
  const active = (AUDIT_TABS as readonly string[]).includes(tab) ? tab : "verify";
  const page: Record<string, ReactNode> = {
    verify: (
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Verify />
        </Col>
        <Col xs={24} xl={12}>
          <RecentEmergencies />
        </Col>
      </Row>
    ),
    events: <Events />,
    asof: <AsOf />,
    access: <AccessLog />,
    export: <Export />,
  };
  const labels: Record<string, string> = {
    verify: at("verify", lang),
    events: at("events", lang),
    asof: at("asOf", lang),
    access: at("accessLog", lang),
    export: at("export", lang),
  };
  return (
    <section aria-labelledby="audit-title">
      <Typography.Title id="audit-title" level={2} style={{ fontSize: 20 }}>
        {t("audit")}
      </Typography.Title>
      <Tabs
        activeKey={active}
        onChange={(key) => go(`/audit/${key}`)}
        destroyInactiveTabPane
        items={AUDIT_TABS.map((key) => ({ key, label: labels[key], children: page[key] }))}
      />
    </section>
  );
}
