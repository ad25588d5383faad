// 服务包: the patient's subscriptions with entitlement balances; claim a manual redemption
// (it then waits for the patient's confirmation).
import { Button, Card, Descriptions, Popconfirm, Progress, Space, Table, Tag } from "antd";
import { api, command, glassHeaders } from "../../api/client";
import { ifMatch, useCommand } from "../../api/command";
import type { Entitlement, Overview, SubscriptionBalance } from "../../api/types";
import { useLang } from "../../i18n/LangContext";
import { ITEM_KINDS, SUBSCRIPTION_STATUS, word } from "../../i18n/words";
import { formatMoney } from "../../lib/money";
import { ProblemAlert } from "../../ui/ProblemAlert";

export function Subscriptions({
  overview,
  reload,
  canClaim,
}: {
  overview: Overview;
  reload: () => void;
  canClaim: boolean;
}) {
  const { lang } = useLang();
  const zh = lang === "zh";
  if (overview.subscriptions.length === 0) {
    return (
      <p>
        {zh
          ? "该患者尚未购买服务包。医生推荐后，患者可在商城购买。"
          : "No package bought yet. After a doctor recommends one, the patient buys it in the mall."}
      </p>
    );
  }
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      {overview.subscriptions.map((s) => (
        <Card
          key={s.id}
          size="small"
          title={`${s.package_name} (${s.package_code})`}
          extra={
            <Tag color={s.status === "active" ? "green" : "default"}>
              {word(SUBSCRIPTION_STATUS, s.status, lang)}
            </Tag>
          }
          data-testid={`subscription-${s.id}`}
        >
          <Descriptions size="small" column={3}>
            <Descriptions.Item label={zh ? "实付" : "Paid"}>
              {formatMoney(s.amount_paid)}
            </Descriptions.Item>
            <Descriptions.Item label={zh ? "开始" : "Starts"}>
              {s.starts_on ?? "—"}
            </Descriptions.Item>
            <Descriptions.Item label={zh ? "到期" : "Ends"}>{s.ends_on ?? "—"}</Descriptions.Item>
          </Descriptions>
          <Table<Entitlement>
            size="small"
            rowKey="code"
            pagination={false}
            dataSource={s.entitlements}
            columns={[
              {
                title: zh ? "项目" : "Item",
                dataIndex: "code",
                render: (code: string, e: Entitlement) =>
                  `${code} · ${word(ITEM_KINDS, e.kind, lang)}`,
              },
              { title: zh ? "总次数" : "Granted", dataIndex: "granted" },
              { title: zh ? "已核销" : "Redeemed", dataIndex: "redeemed" },
              { title: zh ? "待确认" : "Awaiting patient", dataIndex: "claimed" },
              {
                title: zh ? "剩余" : "Remaining",
                key: "remaining",
                render: (_: unknown, e: Entitlement) => (
                  <span data-testid={`remaining-${s.id}-${e.code}`}>
                    <Progress
                      percent={e.granted ? Math.round((100 * e.remaining) / e.granted) : 0}
                      status="normal"
                      size="small"
                      format={() => `${e.remaining}/${e.granted}`}
                      style={{ width: 140 }}
                      aria-label={`${e.code} ${e.remaining}/${e.granted}`}
                    />
                  </span>
                ),
              },
              ...(canClaim && s.status === "active"
                ? [
                    {
                      title: zh ? "操作" : "Actions",
                      key: "claim",
                      render: (_: unknown, e: Entitlement) =>
                        e.kind === "per_use" && e.remaining > 0 ? (
                          <Claim
                            subscription={s}
                            item={e}
                            patientId={overview.patient.id}
                            reload={reload}
                          />
                        ) : null,
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      ))}
    </Space>
  );
}

function Claim({
  subscription,
  item,
  patientId,
  reload,
}: {
  subscription: SubscriptionBalance;
  item: Entitlement;
  patientId: string;
  reload: () => void;
}) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const claim = useCommand(
    (key) =>
      command(
        api.POST("/api/v1/subscriptions/{subscription_id}/redemptions", {
          params: { path: { subscription_id: subscription.id } },
          body: { item_code: item.code, note: zh ? "服务已提供" : "service delivered" },
          headers: {
            ...glassHeaders(patientId),
            ...ifMatch(subscription.version),
            "Idempotency-Key": key,
          },
        }),
      ),
    { invalidate: [["overview", patientId], ["worklist"]] },
  );
  return (
    <Space>
      <Popconfirm
        title={
          zh
            ? `核销 1 次 ${item.code}？将等待患者确认。`
            : `Claim 1 ${item.code}? The patient then confirms it.`
        }
        okText={zh ? "核销" : "Claim"}
        cancelText={zh ? "取消" : "Cancel"}
        onConfirm={() => claim.submit()}
      >
        <Button size="small" loading={claim.pending} disabled={claim.pending}>
          {zh ? "人工核销" : "Claim"}
        </Button>
      </Popconfirm>
      <ProblemAlert problem={claim.problem} reload={reload} />
    </Space>
  );
}
