// 核销: manual redemptions waiting for the patient's confirmation, and disputes, which a
// service lead reverses or upholds (with a reason, after confirming what will happen).
// A claim starts from the patient chart's 服务包 tab (per item, with its balance).
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Input, Popconfirm, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { Link } from "wouter";
import { api, command, unwrap } from "../api/client";
import { useCommand } from "../api/command";
import { afterParam, type Me } from "../api/queries";
import type { WorklistRow } from "../api/types";
import { useLang } from "../i18n/LangContext";
import { REDEMPTION_STATUS, word } from "../i18n/words";
import { ErrorBanner } from "../ui/ErrorBanner";
import { ProblemAlert } from "../ui/ProblemAlert";
import { SexAge, TierTag } from "../ui/tags";

export default function Redemptions({ me }: { me: Me }) {
  const { lang, t } = useLang();
  const zh = lang === "zh";
  const lead = me.roles.includes("service_lead") || me.roles.includes("admin");
  const list = useQuery({
    queryKey: ["worklist", "unconfirmed_redemptions", "all"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/dashboard/worklists/{name}", {
          params: {
            path: { name: "unconfirmed_redemptions" },
            query: { limit: 200, ...afterParam() },
          },
        }),
      ) as Promise<{ items: WorklistRow[] }>,
  });
  return (
    <section aria-labelledby="redemptions-title">
      <Typography.Title id="redemptions-title" level={2} style={{ fontSize: 20 }}>
        {t("redemptions")}
      </Typography.Title>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message={
          zh
            ? "人工核销：在患者档案的“服务包”页签中，对按次服务项目点击“人工核销”。核销后等待患者确认；患者有异议时由客服主管撤销或维持。"
            : "To claim a manual redemption, open the patient's Packages tab and press Claim on a per-use item. It then waits for the patient's confirmation; a service lead reverses or upholds a dispute."
        }
      />
      <Card
        size="small"
        title={zh ? "待患者确认与有异议的核销" : "Awaiting the patient, and disputed"}
      >
        {list.isError ? (
          <ErrorBanner error={list.error} retry={() => list.refetch()} />
        ) : (
          <Table<WorklistRow>
            size="small"
            loading={list.isLoading}
            rowKey={(r) => String(r.redemption_id)}
            pagination={{ pageSize: 20 }}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: zh ? "没有等待确认的核销。" : "No redemption is waiting." }}
            columns={[
              {
                title: t("name"),
                key: "n",
                render: (_: unknown, r: WorklistRow) => (
                  <Link href={`/patients/${r.patient_id}`}>{r.patient?.name ?? "—"}</Link>
                ),
              },
              {
                title: t("sexAge"),
                key: "sa",
                render: (_: unknown, r: WorklistRow) => (
                  <SexAge sex={r.patient?.sex} age={r.patient?.age} />
                ),
              },
              {
                title: t("tier"),
                key: "t",
                render: (_: unknown, r: WorklistRow) => <TierTag tier={r.patient?.risk_tier} />,
              },
              {
                title: zh ? "项目" : "Item",
                key: "i",
                render: (_: unknown, r: WorklistRow) => String(r.item_code),
              },
              {
                title: zh ? "状态" : "Status",
                key: "s",
                render: (_: unknown, r: WorklistRow) => (
                  <Tag color={r.status === "disputed" ? "red" : "blue"}>
                    {word(REDEMPTION_STATUS, String(r.status), lang)}
                  </Tag>
                ),
              },
              ...(lead
                ? [
                    {
                      title: t("actions"),
                      key: "a",
                      render: (_: unknown, r: WorklistRow) =>
                        r.status === "disputed" ? (
                          <Resolve redemptionId={String(r.redemption_id)} />
                        ) : null,
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>
    </section>
  );
}

function Resolve({ redemptionId }: { redemptionId: string }) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const [reason, setReason] = useState("");
  const invalidate = [["worklist"], ["summary"], ["overview"]];
  const run = (action: "reverse" | "uphold") => (key: string) =>
    command(
      api.POST(`/api/v1/redemptions/{redemption_id}/${action}`, {
        params: { path: { redemption_id: redemptionId } },
        body: { reason },
        headers: { "Idempotency-Key": key },
      }),
    );
  const reverse = useCommand(run("reverse"), { invalidate });
  const uphold = useCommand(run("uphold"), { invalidate });
  const id = `reason-${redemptionId}`;
  return (
    <Space direction="vertical">
      <Space>
        <label htmlFor={id}>{zh ? "理由" : "Reason"}</label>
        <Input
          id={id}
          size="small"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          style={{ width: 180 }}
        />
        <Popconfirm
          title={
            zh
              ? "撤销此次核销？该次服务将退回患者的剩余次数。"
              : "Reverse it? The unit goes back to the patient's balance."
          }
          okText={zh ? "撤销" : "Reverse"}
          cancelText={zh ? "取消" : "Cancel"}
          onConfirm={() => reverse.submit()}
          disabled={!reason.trim()}
        >
          <Button
            danger
            size="small"
            disabled={!reason.trim() || reverse.pending}
            loading={reverse.pending}
          >
            {zh ? "撤销核销" : "Reverse"}
          </Button>
        </Popconfirm>
        <Button
          size="small"
          disabled={!reason.trim() || uphold.pending}
          loading={uphold.pending}
          onClick={() => uphold.submit()}
        >
          {zh ? "维持核销" : "Uphold"}
        </Button>
      </Space>
      <ProblemAlert problem={reverse.problem ?? uphold.problem} />
    </Space>
  );
}
