// 退款: the refunds of the user's departments by the step they wait at, counts on the tabs,
// oldest request first; a row opens the refund. One call per page (patients and packages
// come with the rows).
import { useQuery } from "@tanstack/react-query";
import { Button, Table, Tabs, Tag, Typography } from "antd";
import { lazy, Suspense, useState } from "react";
import { Link, useLocation } from "wouter";
import { api, unwrap } from "../../api/client";
import { afterParam, type Me } from "../../api/queries";
import type { components } from "../../api/schema";
import { REFUND_SCOPE, REFUND_STAGES, say } from "../../i18n/catalogue";
import { useLang } from "../../i18n/LangContext";
import { DEPARTMENT_NAMES, named } from "../../i18n/messages";
import { formatMoney } from "../../lib/money";
import { formatDateTime } from "../../lib/time";
import { ErrorBanner } from "../../ui/ErrorBanner";
import { TierTag } from "../../ui/tags";

const RefundWaits = lazy(() => import("../../charts/RefundWaits"));

type Row = components["schemas"]["RefundQueueRow"];
type Stage = keyof components["schemas"]["StageCounts"];
const STAGES = Object.keys(REFUND_STAGES) as Stage[];

export const STAGE_COLORS: Record<string, string> = {
  requested: "blue",
  agreed: "geekblue",
  awaiting_finance: "orange",
  approved: "purple",
  paid: "green",
  rejected: "red",
  withdrawn: "default",
};

export default function Refunds({ me }: { me: Me }) {
  const { lang, t } = useLang();
  const zh = lang === "zh";
  const [, navigate] = useLocation();
  const [stage, setStage] = useState<Stage>(
    me.roles.includes("service_lead") ? "agreed" : "requested",
  );
  const [department, setDepartment] = useState("");
  const [cursor, setCursor] = useState<string | null>(null);
  const queue = useQuery({
    queryKey: ["refund-queue", stage, department, cursor],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/dashboard/refunds", {
          params: {
            query: {
              stage,
              limit: 50,
              ...(department ? { department } : {}),
              ...(cursor ? { cursor } : {}),
              ...afterParam(),
            },
          },
        }),
      ),
  });
  const counts = queue.data?.counts;
  return (
    <section aria-labelledby="refunds-title">
      <Typography.Title id="refunds-title" level={2} style={{ fontSize: 20 }}>
        {t("refunds")}
      </Typography.Title>
      {me.departments.length > 1 && (
        <label style={{ display: "block", marginBottom: 12 }}>
          {t("department")}{" "}
          <select
            className="cp-select"
            style={{ display: "inline-block" }}
            value={department}
            onChange={(e) => {
              setDepartment(e.target.value);
              setCursor(null);
            }}
          >
            <option value="">{zh ? "全部科室" : "All departments"}</option>
            {me.departments.map((d) => (
              <option key={d} value={d}>
                {named(DEPARTMENT_NAMES, d, lang)}
              </option>
            ))}
          </select>
        </label>
      )}
      <Tabs
        activeKey={stage}
        onChange={(key) => {
          setStage(key as Stage);
          setCursor(null);
        }}
        items={STAGES.map((s) => ({
          key: s,
          label: `${say(REFUND_STAGES, s, lang)} (${counts ? counts[s] : "…"})`,
        }))}
      />
      {queue.isError ? (
        <ErrorBanner error={queue.error} retry={() => queue.refetch()} />
      ) : (
        <Table<Row>
          size="small"
          loading={queue.isLoading}
          rowKey="refund_id"
          dataSource={queue.data?.items ?? []}
          pagination={false}
          onRow={(r) => ({
            onClick: () => navigate(`/refunds/${r.refund_id}`),
            className: "cp-clickable",
          })}
          locale={{
            emptyText: zh
              ? "此状态下没有退款。患者或客服提交退款申请后，会出现在“待协商”中。"
              : "No refund at this step. Requests from patients or staff appear under Requested.",
          }}
          footer={() =>
            queue.data?.next_cursor ? (
              <Button onClick={() => setCursor(queue.data?.next_cursor ?? null)}>
                {zh ? "下一页" : "Next page"}
              </Button>
            ) : null
          }
          columns={[
            {
              title: t("name"),
              key: "n",
              render: (_, r) => (
                <Link href={`/refunds/${r.refund_id}`}>{r.patient?.name ?? "—"}</Link>
              ),
            },
            {
              title: t("tier"),
              key: "t",
              render: (_, r) => <TierTag tier={r.patient?.risk_tier} />,
            },
            {
              title: zh ? "服务包" : "Package",
              key: "p",
              render: (_, r) => r.package_name ?? r.package_code ?? "—",
            },
            {
              title: zh ? "退款方式" : "Scope",
              key: "s",
              render: (_, r) => say(REFUND_SCOPE, r.scope, lang),
            },
            {
              title: zh ? "报价" : "Quote",
              key: "q",
              align: "right",
              render: (_, r) => formatMoney(r.quote),
            },
            {
              title: zh ? "协商金额" : "Agreed",
              key: "a",
              align: "right",
              render: (_, r) => formatMoney(r.agreed),
            },
            {
              title: zh ? "申请时间" : "Requested",
              key: "at",
              render: (_, r) => formatDateTime(r.requested_at),
            },
            {
              title: zh ? "状态" : "Stage",
              key: "st",
              render: (_, r) => (
                <Tag color={STAGE_COLORS[r.stage]}>{say(REFUND_STAGES, r.stage, lang)}</Tag>
              ),
            },
          ]}
        />
      )}
      {/* How long refunds wait at each step (ECharts, loaded with this chart only). */}
      <Suspense fallback={null}>
        <RefundWaits />
      </Suspense>
    </section>
  );
}
