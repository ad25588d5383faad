// 工作台: the department's summary as tiles, and every worklist with its count, paging and
// a click through to the patient (or the episode for a follow-up).
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Col, Row, Segmented, Statistic, Tabs, Typography } from "antd";
import { lazy, Suspense, useState } from "react";
import { useLocation } from "wouter";
import { api, unwrap } from "../api/client";
import { afterParam, type Me } from "../api/queries";
import type { WorklistRow } from "../api/types";
import { useLang } from "../i18n/LangContext";
import { DEPARTMENT_NAMES, named } from "../i18n/messages";
import { CHANNELS, ITEM_KINDS, REDEMPTION_STATUS, STAGES, WORKLISTS, word } from "../i18n/words";
import { formatDate } from "../lib/time";
import { ErrorBanner } from "../ui/ErrorBanner";
import { PageSkeleton } from "../ui/PageSkeleton";
import { type Column, SimpleTable } from "../ui/SimpleTable";
import { SexAge, TierTag, VipTag } from "../ui/tags";

// The charts and ECharts load after the workbench has shown (not on the first route).
const WorkbenchCharts = lazy(() => import("../charts/WorkbenchCharts"));

type Summary = {
  today: string;
  departments: {
    department: string;
    patients_by_risk_tier: Record<string, number>;
    episodes_by_stage: Record<string, number>;
    vip_patients: number;
    pending_consultations: number;
    unconfirmed_redemptions: number;
    open_refunds: number;
    ending_soon: number;
    follow_ups_due_today: number;
    follow_ups_overdue: number;
    redemptions_this_week: number;
    at_risk_without_plan?: number;
  }[];
};

const CLINICAL = [
  "follow_ups_due",
  "at_risk_without_plan",
  "ending_soon",
  "pending_consultations",
  "unconfirmed_redemptions",
  "open_refunds",
];
const SERVICE = [
  "unconfirmed_redemptions",
  "open_refunds",
  "pending_consultations",
  "follow_ups_due",
  "ending_soon",
  "at_risk_without_plan",
];

export function worklistsFor(roles: readonly string[]): string[] {
  return roles.some((r) => r === "service_staff" || r === "service_lead") ? SERVICE : CLINICAL;
}

function countOf(summary: Summary, name: string): number {
  const sum = (pick: (d: Summary["departments"][number]) => number) =>
    summary.departments.reduce((total, d) => total + pick(d), 0);
  switch (name) {
    case "follow_ups_due":
      return sum((d) => d.follow_ups_due_today + d.follow_ups_overdue);
    case "at_risk_without_plan":
      return sum((d) => d.at_risk_without_plan ?? 0);
    case "ending_soon":
      return sum((d) => d.ending_soon);
    case "pending_consultations":
      return sum((d) => d.pending_consultations);
    case "unconfirmed_redemptions":
      return sum((d) => d.unconfirmed_redemptions);
    default:
      return sum((d) => d.open_refunds);
  }
}

function Tiles({ summary }: { summary: Summary }) {
  const { lang } = useLang();
  const zh = lang === "zh";
  return (
    <>
      {summary.departments.map((d) => {
        const tiers = d.patients_by_risk_tier;
        const tiles: [string, number, string?][] = [
          [zh ? "今日待随访" : "Follow-ups due today", d.follow_ups_due_today],
          [
            zh ? "逾期随访" : "Overdue follow-ups",
            d.follow_ups_overdue,
            d.follow_ups_overdue ? "#cf1322" : undefined,
          ],
          [zh ? "明显营养不良" : "Malnourished", tiers.malnourished ?? 0, "#cf1322"],
          [zh ? "潜在营养不良" : "At risk", tiers.at_risk ?? 0, "#d46b08"],
          [zh ? "营养正常" : "Well nourished", tiers.well_nourished ?? 0, "#389e0d"],
          [zh ? "未筛查" : "Not screened", tiers.unscreened ?? 0],
          [zh ? "VIP 患者" : "VIP patients", d.vip_patients],
          [zh ? "本周核销" : "Redemptions this week", d.redemptions_this_week],
        ];
        return (
          <Card
            key={d.department}
            size="small"
            title={`${named(DEPARTMENT_NAMES, d.department, lang)} · ${summary.today}`}
            style={{ marginBottom: 16 }}
          >
            <Row gutter={[16, 16]}>
              {tiles.map(([title, value, color]) => (
                <Col key={title} xs={12} md={6} xl={3}>
                  <Statistic
                    title={title}
                    value={value}
                    valueStyle={color ? { color } : undefined}
                  />
                </Col>
              ))}
            </Row>
          </Card>
        );
      })}
    </>
  );
}

function detailColumns(name: string, lang: "zh" | "en") {
  const zh = lang === "zh";
  const col = (
    title: string,
    render: (row: WorklistRow) => React.ReactNode,
  ): Column<WorklistRow> => ({
    title,
    key: title,
    render,
  });
  switch (name) {
    case "follow_ups_due":
      return [
        col(zh ? "应随访日期" : "Due", (r) => (
          <span style={{ color: r.overdue ? "#cf1322" : undefined }}>
            {formatDate(String(r.due_on))}
            {r.overdue ? (zh ? "（逾期）" : " (overdue)") : ""}
          </span>
        )),
        col(zh ? "方式" : "Channel", (r) => word(CHANNELS, String(r.channel), lang)),
        col(zh ? "负责人" : "Assignee", (r) => String(r.assignee)),
      ];
    case "at_risk_without_plan":
      return [
        col(zh ? "诊断" : "Condition", (r) => String(r.condition_code)),
        col(zh ? "阶段" : "Stage", (r) => word(STAGES, String(r.stage), lang)),
      ];
    case "ending_soon":
      return [
        col(zh ? "到期日" : "Ends on", (r) => formatDate(String(r.ends_on))),
        col(zh ? "剩余次数" : "Units left", (r) => String(r.remaining)),
      ];
    case "unconfirmed_redemptions":
      return [
        col(
          zh ? "项目" : "Item",
          (r) => word(ITEM_KINDS, String(r.item_code), lang) || String(r.item_code),
        ),
        col(zh ? "状态" : "Status", (r) => word(REDEMPTION_STATUS, String(r.status), lang)),
      ];
    case "pending_consultations":
      return [col(zh ? "购买时间" : "Purchased", (r) => formatDate(String(r.purchased_at)))];
    default:
      return [
        col(zh ? "状态" : "Status", (r) => String(r.status)),
        col(zh ? "申请时间" : "Requested", (r) => formatDate(String(r.requested_at))),
      ];
  }
}

function Worklist({ name, department }: { name: string; department?: string }) {
  const { lang, t } = useLang();
  const [, navigate] = useLocation();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useQuery({
    queryKey: ["worklist", name, department, cursor],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/dashboard/worklists/{name}", {
          params: {
            path: { name },
            query: {
              limit: 20,
              ...(department ? { department } : {}),
              ...(cursor ? { cursor } : {}),
              ...afterParam(),
            },
          },
        }),
      ) as Promise<{ items: WorklistRow[]; next_cursor: string | null }>,
  });
  if (page.isError) return <ErrorBanner error={page.error} retry={() => page.refetch()} />;
  const open = (row: WorklistRow) => {
    if (name === "follow_ups_due" || name === "at_risk_without_plan")
      navigate(`/episodes/${String(row.episode_id)}`);
    else if (row.patient_id) navigate(`/patients/${row.patient_id}`);
  };
  const zh = lang === "zh";
  const columns: Column<WorklistRow>[] = [
    {
      key: "name",
      title: t("name"),
      render: (row) => (
        <a
          href={`/console/patients/${row.patient_id}`}
          onClick={(e) => {
            e.preventDefault();
            e.stopPropagation();
            open(row);
          }}
        >
          {row.patient?.name ?? "—"}
        </a>
      ),
    },
    {
      key: "sa",
      title: t("sexAge"),
      render: (row) => <SexAge sex={row.patient?.sex} age={row.patient?.age} />,
    },
    {
      key: "tier",
      title: t("tier"),
      render: (row) => (
        <>
          <TierTag tier={row.patient?.risk_tier} />
          <VipTag vip={row.patient?.vip} />
        </>
      ),
    },
    {
      key: "dept",
      title: t("department"),
      render: (row) => named(DEPARTMENT_NAMES, String(row.department), lang),
    },
    ...detailColumns(name, lang),
  ];
  return (
    <>
      <SimpleTable<WorklistRow>
        caption={word(WORKLISTS, name, lang)}
        loading={page.isLoading}
        rows={page.data?.items ?? []}
        rowKey={(row) =>
          String(
            row.follow_up_id ??
              row.redemption_id ??
              row.refund_id ??
              row.subscription_id ??
              row.episode_id,
          )
        }
        onOpen={open}
        empty={zh ? "清单为空：没有需要处理的事项。" : "Nothing to do on this list."}
        columns={columns}
      />
      <Pager
        back={cursors.length > 1 ? () => setCursors(cursors.slice(0, -1)) : undefined}
        next={
          page.data?.next_cursor
            ? () => setCursors([...cursors, page.data?.next_cursor ?? null])
            : undefined
        }
        page={cursors.length}
      />
    </>
  );
}

export function Pager({
  back,
  next,
  page,
}: {
  back?: () => void;
  next?: () => void;
  page: number;
}) {
  const { lang } = useLang();
  const zh = lang === "zh";
  return (
    <nav
      aria-label={zh ? "分页" : "Pages"}
      style={{ display: "flex", gap: 12, justifyContent: "flex-end", alignItems: "center" }}
    >
      <Button size="small" disabled={!back} onClick={back}>
        {zh ? "上一页" : "Previous"}
      </Button>
      <span>{zh ? `第 ${page} 页` : `Page ${page}`}</span>
      <Button size="small" disabled={!next} onClick={next}>
        {zh ? "下一页" : "Next"}
      </Button>
    </nav>
  );
}

export default function Workbench({ me }: { me: Me }) {
  // Staff in several departments switch between them (or see all at once).
  const [department, setDepartment] = useState<string | undefined>(undefined);
  const { lang, t } = useLang();
  const summary = useQuery({
    queryKey: ["summary", department],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/dashboard/summary", {
          params: { query: { ...(department ? { department } : {}), ...afterParam() } },
        }),
      ) as Promise<Summary>,
  });
  if (summary.isLoading) return <PageSkeleton />;
  if (summary.isError || !summary.data)
    return <ErrorBanner error={summary.error} retry={() => summary.refetch()} />;
  const data = summary.data;
  return (
    <section aria-labelledby="workbench-title">
      <Typography.Title id="workbench-title" level={2} style={{ fontSize: 20 }}>
        {t("workbench")}
      </Typography.Title>
      {me.departments.length > 1 && (
        <Segmented<string>
          aria-label={t("department")}
          style={{ marginBottom: 16 }}
          value={department ?? ""}
          onChange={(value) => setDepartment(value || undefined)}
          options={[
            { label: lang === "zh" ? "全部科室" : "All departments", value: "" },
            ...me.departments.map((d) => ({ label: named(DEPARTMENT_NAMES, d, lang), value: d })),
          ]}
        />
      )}
      <Tiles summary={data} />
      <Card size="small" title={t("worklists")}>
        <Tabs
          items={worklistsFor(me.roles).map((name) => ({
            key: name,
            label: `${word(WORKLISTS, name, lang)} (${countOf(data, name)})`,
            children: <Worklist key={department ?? "all"} name={name} department={department} />,
          }))}
        />
      </Card>
      <Suspense fallback={null}>
        <div style={{ marginTop: 16 }}>
          <WorkbenchCharts departments={data.departments} />
        </div>
      </Suspense>
    </section>
  );
}
