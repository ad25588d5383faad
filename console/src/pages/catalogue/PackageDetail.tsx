// A package: its version chain (replaces / replaced by), the actions its status allows, its
// content as reviewers check it, and who did what and when.
import { Card, Descriptions, Space, Table, Tag, Timeline, Typography } from "antd";
import { Link } from "wouter";
import type { Me } from "../../api/queries";
import {
  CARE_TEAM,
  FIELD_TYPES,
  ITEM_KIND,
  PACKAGE_STEPS,
  REDEMPTION,
  say,
} from "../../i18n/catalogue";
import { useLang } from "../../i18n/LangContext";
import { DEPARTMENT_NAMES, named } from "../../i18n/messages";
import { formatMoney } from "../../lib/money";
import { formatDateTime } from "../../lib/time";
import { ErrorBanner } from "../../ui/ErrorBanner";
import { PageSkeleton } from "../../ui/PageSkeleton";
import { StatusTag } from "./Catalogue";
import { usePackage } from "./data";
import { PackageActions } from "./PackageActions";

export default function PackageDetail({ me, packageId }: { me: Me; packageId: string }) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const found = usePackage(packageId);
  if (found.isLoading) return <PageSkeleton />;
  if (found.isError || !found.data)
    return <ErrorBanner error={found.error} retry={() => found.refetch()} />;
  const p = found.data;
  const yes = (b: boolean) => (b ? (zh ? "是" : "Yes") : zh ? "否" : "No");
  const policy = p.refund_policy;
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Link href="/packages">{zh ? "返回服务包列表" : "Back to the catalogue"}</Link>
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        <span data-testid="package-name">{p.name}</span> <Tag>{p.code}</Tag> <Tag>v{p.version}</Tag>{" "}
        <StatusTag status={p.status} />
      </Typography.Title>
      <Space data-testid="version-chain">
        {p.predecessor_id && (
          <Link href={`/packages/${p.predecessor_id}`}>
            {zh ? "替代上一版本" : "Replaces the previous version"}
          </Link>
        )}
        {p.successor_id && (
          <Link href={`/packages/${p.successor_id}`}>
            {zh ? "已被新版本替代" : "Replaced by a newer version"}
          </Link>
        )}
        {!p.predecessor_id && !p.successor_id && (
          <Typography.Text type="secondary">
            {zh ? "首个版本" : "The first version"}
          </Typography.Text>
        )}
      </Space>
      <PackageActions key={p.id} p={p} me={me} reload={() => found.refetch()} />
      <Card size="small" title={zh ? "基本信息" : "Basic facts"}>
        <Descriptions size="small" column={2} bordered>
          <Descriptions.Item label={zh ? "价格" : "Price"}>
            <span data-testid="package-price">{formatMoney(p.price)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={zh ? "有效期" : "Validity"}>
            {zh ? `${p.validity_days} 天` : `${p.validity_days} days`}
          </Descriptions.Item>
          <Descriptions.Item label={zh ? "适用病种" : "Disease codes"}>
            {p.disease_codes.join(", ")}
          </Descriptions.Item>
          <Descriptions.Item label={zh ? "开设科室" : "Offered by"}>
            <span data-testid="package-department">
              {p.department
                ? named(DEPARTMENT_NAMES, p.department, lang)
                : zh
                  ? "全院"
                  : "Hospital-wide"}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={zh ? "服务团队" : "Care team"}>
            {say(CARE_TEAM, p.care_team.kind, lang)}：{p.care_team.name || p.care_team.id}
          </Descriptions.Item>
          <Descriptions.Item label={zh ? "目标人群" : "Target population"}>
            {p.target_population || "—"}
          </Descriptions.Item>
          <Descriptions.Item label={zh ? "管理必要性" : "Why it needs management"}>
            {p.why_manage || "—"}
          </Descriptions.Item>
          <Descriptions.Item label={zh ? "服务介绍" : "Description"}>
            {p.description || "—"}
          </Descriptions.Item>
          <Descriptions.Item label={zh ? "注意事项" : "Precautions"}>
            {p.precautions || "—"}
          </Descriptions.Item>
          <Descriptions.Item label={zh ? "入组前咨询" : "Consultation first"}>
            {yes(p.consultation_required)}
          </Descriptions.Item>
          <Descriptions.Item label={zh ? "起草人 / 审核人" : "Drafter / reviewer"}>
            {p.drafter_id} / {p.reviewed_by ?? "—"}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={zh ? "服务内容" : "Content"}>
        <Table
          size="small"
          rowKey="code"
          pagination={false}
          dataSource={p.items}
          data-testid="package-items"
          columns={[
            { title: zh ? "编码" : "Code", dataIndex: "code" },
            { title: zh ? "名称" : "Name", dataIndex: "name" },
            {
              title: zh ? "类型" : "Kind",
              key: "k",
              render: (_, i) => say(ITEM_KIND, i.kind, lang),
            },
            { title: zh ? "次数" : "Count", dataIndex: "quantity", align: "right" },
            { title: zh ? "退款权重" : "Refund weight", dataIndex: "weight", align: "right" },
            {
              title: zh ? "核销方式" : "Redemption",
              key: "r",
              render: (_, i) => say(REDEMPTION, i.redemption, lang),
            },
          ]}
        />
      </Card>
      <Card size="small" title={zh ? "随访建档表单" : "Intake form"}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={p.intake_form}
          locale={{ emptyText: zh ? "无需填写建档表单" : "No intake form" }}
          columns={[
            { title: zh ? "编码" : "Id", dataIndex: "id" },
            { title: zh ? "名称" : "Label", dataIndex: "label" },
            {
              title: zh ? "类型" : "Type",
              key: "t",
              render: (_, f) => say(FIELD_TYPES, f.type, lang),
            },
            { title: zh ? "必填" : "Required", key: "q", render: (_, f) => yes(f.required) },
            {
              title: zh ? "选项" : "Options",
              key: "o",
              render: (_, f) => f.options.join(" / ") || "—",
            },
          ]}
        />
      </Card>
      <Card size="small" title={zh ? "退订规则" : "Refund rules"}>
        <Typography.Paragraph>{p.refund_rules || "—"}</Typography.Paragraph>
        <Descriptions size="small" column={2}>
          <Descriptions.Item label={zh ? "开始前全额退" : "In full before start"}>
            {yes(policy.full_before_start)}
          </Descriptions.Item>
          <Descriptions.Item label={zh ? "冷静期" : "Cooling-off"}>
            {zh ? `${policy.cooling_off_days} 天` : `${policy.cooling_off_days} days`}
          </Descriptions.Item>
          <Descriptions.Item label={zh ? "手续费" : "Fee"}>{policy.fee_pct}%</Descriptions.Item>
          <Descriptions.Item label={zh ? "交付后不可退" : "Not refundable once delivered"}>
            {policy.non_refundable_after_delivery.join(", ") || "—"}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={zh ? "操作记录" : "History"}>
        <Timeline
          items={(p.history ?? []).map((s) => ({
            children: (
              <span>
                {formatDateTime(s.at)} · {say(PACKAGE_STEPS, s.step, lang)} · {s.actor}
                {s.reason ? ` · ${zh ? "理由" : "reason"}：${s.reason}` : ""}
                {s.price ? ` · ${formatMoney(s.price)}` : ""}
                {s.fields ? ` · ${s.fields.join(", ")}` : ""}
              </span>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}
