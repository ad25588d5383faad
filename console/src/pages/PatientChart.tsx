// The patient chart: the header (name, sex, age, masked ID, phone, tier, VIP, departments)
// and tabs: overview, episodes, packages, timeline, family, consents. Outside the user's
// departments: "not in your departments" and break-the-glass, never a blank page.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Card, Descriptions, List, Progress, Space, Table, Tabs, Tag, Typography } from "antd";
import { Link } from "wouter";
import { api, glassHeaders, unwrap } from "../api/client";
import { ApiError } from "../api/problem";
import type { Me } from "../api/queries";
import type { Episode, Overview } from "../api/types";
import { useLang } from "../i18n/LangContext";
import { DEPARTMENT_NAMES, named } from "../i18n/messages";
import { STAGES, word } from "../i18n/words";
import { ageOn } from "../lib/time";
import { hospitalToday } from "../lib/today";
import { ErrorBanner } from "../ui/ErrorBanner";
import { OutOfScope } from "../ui/OutOfScope";
import { PageSkeleton } from "../ui/PageSkeleton";
import { SexAge, TierTag, VipTag } from "../ui/tags";
import { Consents } from "./chart/Consents";
import { Proxies } from "./chart/Proxies";
import { Subscriptions } from "./chart/Subscriptions";
import { Timeline } from "./chart/Timeline";

const ENDED = ["closed", "cancelled"];

export function useOverview(patientId: string, enabled = true) {
  return useQuery({
    queryKey: ["overview", patientId],
    enabled,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/patients/{patient_id}/overview", {
          params: { path: { patient_id: patientId } },
          headers: glassHeaders(patientId),
        }),
      ).then((found) => found as unknown as Overview),
  });
}

export function PatientHeader({ overview }: { overview: Overview }) {
  const { lang, t } = useLang();
  const p = overview.patient;
  const open = overview.episodes.filter((e) => !ENDED.includes(e.stage));
  const tier = (open[0] ?? overview.episodes[0])?.risk_tier ?? null;
  const vip = overview.subscriptions.some((s) => s.status === "active");
  const departments = [...new Set(overview.episodes.map((e) => e.department))];
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Space size="large" wrap align="center">
        <Typography.Title level={2} style={{ margin: 0, fontSize: 22 }} data-testid="patient-name">
          {p.name}
        </Typography.Title>
        <SexAge sex={p.sex} age={ageOn(p.birth_date, hospitalToday())} />
        <span>
          {t("idNumber")} {p.id_number}
        </span>
        <span>
          {t("phone")} {p.phone}
        </span>
        <span data-testid="patient-tier">
          <TierTag tier={tier} />
          <VipTag vip={vip} />
        </span>
        {departments.map((d) => (
          <Tag key={d}>{named(DEPARTMENT_NAMES, d, lang)}</Tag>
        ))}
      </Space>
    </Card>
  );
}

function Episodes({ episodes, hidden }: { episodes: Episode[]; hidden: number }) {
  const { lang } = useLang();
  const zh = lang === "zh";
  return (
    <>
      <Table<Episode>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={episodes}
        columns={[
          {
            title: zh ? "诊断" : "Condition",
            key: "c",
            render: (_: unknown, e: Episode) => (
              <Link href={`/episodes/${e.id}`}>{`${e.condition.code} ${e.condition.label}`}</Link>
            ),
          },
          {
            title: zh ? "科室" : "Department",
            key: "d",
            render: (_: unknown, e: Episode) => named(DEPARTMENT_NAMES, e.department, lang),
          },
          {
            title: zh ? "阶段" : "Stage",
            key: "s",
            render: (_: unknown, e: Episode) => <Tag>{word(STAGES, e.stage, lang)}</Tag>,
          },
          {
            title: zh ? "营养风险" : "Risk tier",
            key: "t",
            render: (_: unknown, e: Episode) => <TierTag tier={e.risk_tier} />,
          },
        ]}
      />
      {hidden > 0 && (
        <p>
          {zh
            ? `另有 ${hidden} 个其他科室的病程未显示。`
            : `${hidden} episode(s) of other departments are not shown.`}
        </p>
      )}
    </>
  );
}

function Summary({ overview }: { overview: Overview }) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const open = overview.episodes.filter((e) => !ENDED.includes(e.stage));
  const next = open
    .flatMap((e) => e.follow_ups.filter((f) => f.status === "scheduled").map((f) => f.due_on))
    .sort()[0];
  const active = overview.subscriptions.filter((s) => s.status === "active");
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Descriptions size="small" column={2}>
        <Descriptions.Item label={zh ? "进行中的病程" : "Open episodes"}>
          {open.map((e) => (
            <Link key={e.id} href={`/episodes/${e.id}`} style={{ marginRight: 12 }}>
              {`${e.condition.label} · ${word(STAGES, e.stage, lang)}`}
            </Link>
          ))}
          {open.length === 0 && "—"}
        </Descriptions.Item>
        <Descriptions.Item label={zh ? "下次随访" : "Next follow-up"}>
          {next ?? "—"}
        </Descriptions.Item>
      </Descriptions>
      <List
        header={zh ? "生效中的服务包" : "Active packages"}
        dataSource={active}
        locale={{ emptyText: zh ? "无生效中的服务包" : "No active package" }}
        renderItem={(s) => (
          <List.Item>
            <div style={{ width: "100%" }}>
              <strong>{s.package_name}</strong>
              {s.entitlements.map((e) => (
                <div key={e.code} style={{ display: "flex", gap: 12, alignItems: "center" }}>
                  <span style={{ width: 100 }}>{e.code}</span>
                  <Progress
                    percent={e.granted ? Math.round((100 * e.remaining) / e.granted) : 0}
                    status="normal"
                    format={() => `${e.remaining}/${e.granted}`}
                    style={{ maxWidth: 320 }}
                    aria-label={`${e.code} ${e.remaining}/${e.granted}`}
                  />
                </div>
              ))}
            </div>
          </List.Item>
        )}
      />
    </Space>
  );
}

export default function PatientChart({ patientId, me }: { patientId: string; me: Me }) {
  const { t } = useLang();
  const client = useQueryClient();
  const found = useOverview(patientId);
  const reload = () => {
    client.invalidateQueries({ queryKey: ["overview", patientId] });
    client.invalidateQueries({ queryKey: ["timeline", patientId] });
  };
  if (found.isLoading) return <PageSkeleton />;
  if (found.error instanceof ApiError && found.error.problem.code === "out_of_scope") {
    return <OutOfScope patientId={patientId} onGranted={reload} />;
  }
  if (found.isError || !found.data)
    return <ErrorBanner error={found.error} retry={() => found.refetch()} />;
  const overview = found.data;
  const canClaim = me.roles.some((r) =>
    ["service_staff", "service_lead", "nurse", "doctor", "admin"].includes(r),
  );
  return (
    <section aria-label={overview.patient.name}>
      <PatientHeader overview={overview} />
      <Card size="small">
        <Tabs
          items={[
            { key: "overview", label: t("overview"), children: <Summary overview={overview} /> },
            {
              key: "episodes",
              label: t("episodes"),
              children: <Episodes episodes={overview.episodes} hidden={overview.hidden_episodes} />,
            },
            {
              key: "packages",
              label: t("subscriptions"),
              children: <Subscriptions overview={overview} reload={reload} canClaim={canClaim} />,
            },
            { key: "timeline", label: t("timeline"), children: <Timeline patientId={patientId} /> },
            {
              key: "proxies",
              label: t("proxies"),
              children: <Proxies overview={overview} reload={reload} />,
            },
            {
              key: "consents",
              label: t("consents"),
              children: <Consents overview={overview} reload={reload} />,
            },
          ]}
        />
      </Card>
    </section>
  );
}
