// A refund: the quote breakdown first, then the agreed amount with the call's note, then the
// approval (who must approve, and that it is never whoever asked or agreed), then the payout;
// a step bar with who and when under each step. Money actions wait for the server's answer.
import { Card, Space, Steps, Tag, Typography } from "antd";
import { Link } from "wouter";
import type { Me } from "../../api/queries";
import { REASONS, REFUND_SCOPE, REFUND_STATUS, say } from "../../i18n/catalogue";
import { useLang } from "../../i18n/LangContext";
import { formatMoney } from "../../lib/money";
import { ErrorBanner } from "../../ui/ErrorBanner";
import { PageSkeleton } from "../../ui/PageSkeleton";
import { AgreeForm } from "./AgreeForm";
import { Approval } from "./Approval";
import { Payout } from "./Payout";
import { QuoteBreakdown } from "./QuoteBreakdown";
import { lastStep, type Refund, useRefund, who } from "./refund";
import { Withdraw } from "./Withdraw";

function StepBar({ r }: { r: Refund }) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const last = (name: string) => lastStep(r, name);
  const ended = last("rejected") ?? last("withdrawn");
  const paid = last("paid") ?? last("payment_failed");
  const steps = [
    { title: zh ? "申请" : "Requested", step: last("requested") },
    { title: zh ? "协商" : "Agreed", step: last("agreed") },
    { title: zh ? "审批" : "Approved", step: last("approved") },
    {
      title:
        paid?.step === "payment_failed"
          ? zh
            ? "退款失败"
            : "Payout failed"
          : zh
            ? "已退款"
            : "Paid",
      step: paid,
    },
  ];
  const current = Math.max(0, steps.filter((s) => s.step).length - 1);
  const items = steps.map((s) => ({ title: s.title, description: who(s.step, lang) }));
  if (ended)
    items.splice(current + 1, items.length, {
      title: say(REFUND_STATUS, ended.step, lang),
      description: who(ended, lang),
    });
  return (
    <Steps
      size="small"
      current={ended ? current + 1 : current}
      status={
        ended || paid?.step === "payment_failed"
          ? "error"
          : r.status === "paid"
            ? "finish"
            : "process"
      }
      items={items}
      data-testid="refund-steps"
    />
  );
}

export default function RefundDetail({ me, refundId }: { me: Me; refundId: string }) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const found = useRefund(refundId);
  if (found.isLoading) return <PageSkeleton />;
  if (found.isError || !found.data)
    return <ErrorBanner error={found.error} retry={() => found.refetch()} />;
  const r = found.data;
  const requested = r.history.find((s) => s.step === "requested");
  const agreed = lastStep(r, "agreed");
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Link href="/refunds">{zh ? "返回退款列表" : "Back to refunds"}</Link>
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        {zh ? "退款" : "Refund"} · {r.package_name ?? r.package_code}{" "}
        <Tag>{say(REFUND_SCOPE, r.scope.type, lang)}</Tag>
        <Tag color="blue" data-testid="refund-status">
          {say(REFUND_STATUS, r.status, lang)}
        </Tag>
      </Typography.Title>
      <Space wrap>
        <Link href={`/patients/${r.patient_id}`}>
          {zh ? "打开患者档案" : "Open the patient's chart"}
        </Link>
        <span>
          {zh ? "实付" : "Paid"} {formatMoney(r.amount_paid)}
        </span>
        <span>
          {zh ? "可退余额" : "Still refundable"} {formatMoney(r.refundable)}
        </span>
      </Space>
      <StepBar r={r} />
      <Card size="small" title={zh ? "报价明细" : "Quote breakdown"}>
        <QuoteBreakdown breakdown={r.breakdown} />
        <Typography.Paragraph style={{ marginTop: 8 }}>
          {zh ? "申请原因" : "Reason"}：{say(REASONS, r.reason_code, lang)}
          {requested?.note ? ` · ${requested.note}` : ""}
          {r.requested_amount
            ? ` · ${zh ? "申请金额" : "asked for"} ${formatMoney(r.requested_amount)}`
            : ""}
          {" · "}
          {who(requested, lang)}
        </Typography.Paragraph>
      </Card>
      <Card size="small" title={zh ? "协商" : "Agreed with the patient"}>
        {agreed ? (
          <Typography.Paragraph data-testid="agreed">
            {zh ? "协商金额" : "Agreed amount"} <strong>{formatMoney(r.agreed_amount)}</strong>
            {agreed.note ? ` · ${zh ? "通话记录" : "call note"}：${agreed.note}` : ""} ·{" "}
            {who(agreed, lang)}
          </Typography.Paragraph>
        ) : (
          <Typography.Paragraph type="secondary">
            {zh
              ? "尚未协商：客服致电患者后填写协商金额。"
              : "Not agreed yet: service staff phone the patient, then record the amount."}
          </Typography.Paragraph>
        )}
        {me.roles.includes("service_staff") && ["quoted", "agreed"].includes(r.status) && (
          <AgreeForm r={r} />
        )}
        <Withdraw r={r} me={me} />
      </Card>
      <Card size="small" title={zh ? "审批" : "Approval"}>
        <Approval r={r} me={me} />
      </Card>
      <Card size="small" title={zh ? "退款打款" : "Payout"}>
        <Payout r={r} me={me} />
      </Card>
    </Space>
  );
}
