// A refund: the quote breakdown first, then the agreed amount with the call's note, then the
// approval (who must approve, and that it is never whoever asked or agreed), then the payout;
// a step bar with who and when under each step. Money actions wait for the server's answer.
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Input, Popconfirm, Space, Steps, Tag, Typography } from "antd";
import { useState } from "react";
import { Link } from "wouter";
import { api, command, unwrap } from "../../api/client";
import { useCommand } from "../../api/command";
import type { Me } from "../../api/queries";
import type { components } from "../../api/schema";
import { REASONS, REFUND_SCOPE, REFUND_STATUS, say } from "../../i18n/catalogue";
import { useLang } from "../../i18n/LangContext";
import { named, ROLE_NAMES } from "../../i18n/messages";
import { formatMoney } from "../../lib/money";
import { formatDateTime } from "../../lib/time";
import { ErrorBanner } from "../../ui/ErrorBanner";
import { PageSkeleton } from "../../ui/PageSkeleton";
import { ProblemAlert } from "../../ui/ProblemAlert";
import { QuoteBreakdown } from "./QuoteBreakdown";

type Refund = components["schemas"]["RefundOut"];
type Step = components["schemas"]["RefundStepOut"];
const OPEN = ["requested", "quoted", "agreed"];
const MONEY = /^\d+(\.\d{1,2})?$/;

function useRefund(refundId: string) {
  return useQuery({
    queryKey: ["refund", refundId],
    queryFn: () =>
      unwrap(api.GET("/api/v1/refunds/{refund_id}", { params: { path: { refund_id: refundId } } })),
  });
}

function who(step: Step | undefined, lang: "zh" | "en"): string {
  if (!step) return "";
  return `${step.actor}（${named(ROLE_NAMES, step.role, lang)}）· ${formatDateTime(step.at)}`;
}

function StepBar({ r }: { r: Refund }) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const last = (name: string) => [...r.history].reverse().find((s) => s.step === name);
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

const { TextArea } = Input;

export default function RefundDetail({ me, refundId }: { me: Me; refundId: string }) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const found = useRefund(refundId);
  if (found.isLoading) return <PageSkeleton />;
  if (found.isError || !found.data)
    return <ErrorBanner error={found.error} retry={() => found.refetch()} />;
  const r = found.data;
  const requested = r.history.find((s) => s.step === "requested");
  const agreed = [...r.history].reverse().find((s) => s.step === "agreed");
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

function AgreeForm({ r }: { r: Refund }) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const [amount, setAmount] = useState(r.agreed_amount?.amount ?? r.quote?.amount ?? "");
  const [note, setNote] = useState("");
  const agree = useCommand(
    (key) =>
      command(
        api.POST("/api/v1/refunds/{refund_id}/agree", {
          params: { path: { refund_id: r.refund_id } },
          body: { amount: { amount: amount.trim(), currency: r.amount_paid.currency }, note },
          headers: { "Idempotency-Key": key },
        }),
      ),
    { invalidate: [["refund"], ["refund-queue"]] },
  );
  const valid = MONEY.test(amount.trim());
  return (
    <form
      aria-label={zh ? "填写协商结果" : "Record the agreement"}
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) void agree.submit();
      }}
    >
      <Space wrap align="end">
        <label>
          {zh ? "协商金额（元）" : "Agreed amount (CNY)"}
          <Input
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            style={{ width: 140, display: "block" }}
          />
        </label>
        <label>
          {zh ? "通话记录" : "Note of the call"}
          <TextArea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            autoSize
            style={{ width: 360, display: "block" }}
          />
        </label>
        <Button type="primary" htmlType="submit" disabled={!valid} loading={agree.pending}>
          {zh ? "确认协商金额" : "Record the agreed amount"}
        </Button>
      </Space>
      {r.quote && valid && Number(amount) > Number(r.quote.amount) && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          message={zh ? "高于报价：需财务审批。" : "Above the quote: finance approves."}
        />
      )}
      <ProblemAlert problem={agree.problem} />
    </form>
  );
}

function revoked(r: Refund, zh: boolean): string {
  if (r.scope.type === "remaining")
    return zh
      ? "，并终止服务（撤销全部剩余次数）"
      : ", and end the subscription (every unused unit)";
  if (r.scope.type !== "items") return "";
  const parts = Object.entries(r.scope.items ?? {}).map(([code, n]) => {
    const name = r.breakdown?.lines.find((l) => l.code === code)?.name ?? code;
    return zh ? `${n} 次${name}` : `${n} × ${name}`;
  });
  return zh ? `，撤销 ${parts.join("、")}` : `, revoking ${parts.join(", ")}`;
}

function Approval({ r, me }: { r: Refund; me: Me }) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const [reason, setReason] = useState("");
  const run = (action: "approve" | "reject") => (key: string) =>
    command(
      api.POST(`/api/v1/refunds/{refund_id}/${action}`, {
        params: { path: { refund_id: r.refund_id } },
        body: action === "reject" ? { reason } : undefined,
        headers: { "Idempotency-Key": key },
      } as never),
    );
  const invalidate = [["refund"], ["refund-queue"], ["overview"], ["worklist"]];
  const approve = useCommand(run("approve"), { invalidate });
  const reject = useCommand(run("reject"), { invalidate });
  const finance = r.approval_by === "finance";
  const party = [r.requested_by, r.agreed_by].includes(me.subject);
  const mayRole = finance
    ? me.roles.includes("finance")
    : me.roles.some((x) => ["service_lead", "finance"].includes(x));
  const open = OPEN.includes(r.status) && r.status !== "requested";
  const amount = r.agreed_amount ?? r.quote;
  const approvedStep = [...r.history]
    .reverse()
    .find((s) => s.step === "approved" || s.step === "rejected");
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Space>
        <Tag color={finance ? "orange" : "blue"} data-testid="approval-by">
          {finance
            ? zh
              ? "需财务审批"
              : "Finance approves"
            : zh
              ? "需客服主管审批"
              : "A service lead approves"}
        </Tag>
        <Typography.Text type="secondary">
          {finance
            ? zh
              ? "协商金额高于报价，或为善意补偿。"
              : "The agreed amount is above the quote, or it is goodwill."
            : zh
              ? "金额不高于报价。"
              : "At or below the quote."}
        </Typography.Text>
      </Space>
      {approvedStep && (
        <Typography.Paragraph data-testid="approved">
          {say(REFUND_STATUS, approvedStep.step, lang)}{" "}
          {approvedStep.amount ? formatMoney(approvedStep.amount) : ""}
          {approvedStep.note ? ` · ${approvedStep.note}` : ""} · {who(approvedStep, lang)}
        </Typography.Paragraph>
      )}
      {open && party && (
        <Alert
          type="info"
          showIcon
          data-testid="four-eyes"
          message={
            zh
              ? "您申请或协商了此退款，需由他人审批（四眼原则）。"
              : "You asked for or agreed this refund: someone else must approve it (four eyes)."
          }
        />
      )}
      {open && !party && mayRole && (
        <Space wrap>
          <Popconfirm
            cancelText={zh ? "取消" : "Cancel"}
            title={
              zh
                ? `批准退款 ${formatMoney(amount)}${revoked(r, true)}？`
                : `Approve a refund of ${formatMoney(amount)}${revoked(r, false)}?`
            }
            okText={zh ? "批准" : "Approve"}
            onConfirm={() => approve.submit()}
          >
            <Button type="primary" loading={approve.pending}>
              {zh ? "批准退款" : "Approve"}
            </Button>
          </Popconfirm>
          <label>
            {zh ? "拒绝理由" : "Reason to reject"}{" "}
            <Input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              style={{ width: 240 }}
            />
          </label>
          <Popconfirm
            okText={zh ? "确定" : "OK"}
            cancelText={zh ? "取消" : "Cancel"}
            title={zh ? "拒绝此退款？" : "Reject this refund?"}
            onConfirm={() => reject.submit()}
            disabled={!reason.trim()}
          >
            <Button danger disabled={!reason.trim()} loading={reject.pending}>
              {zh ? "拒绝退款" : "Reject"}
            </Button>
          </Popconfirm>
        </Space>
      )}
      {open && !party && !mayRole && me.roles.includes("service_lead") && finance && (
        <Alert
          type="warning"
          showIcon
          message={
            zh
              ? "此退款需财务审批，客服主管不能批准。"
              : "Finance must approve this refund; a service lead cannot."
          }
        />
      )}
      <ProblemAlert problem={approve.problem ?? reject.problem} />
    </Space>
  );
}

function Payout({ r, me }: { r: Refund; me: Me }) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const [ref, setRef] = useState("");
  const pay = useCommand(
    (key) =>
      command(
        api.POST("/api/v1/refunds/{refund_id}/payments", {
          params: { path: { refund_id: r.refund_id } },
          body: {
            provider_ref: ref.trim(),
            status: "paid",
            amount: r.approved_amount ?? null,
            reason: "",
          },
          headers: { "Idempotency-Key": key },
        }),
      ),
    { invalidate: [["refund"], ["refund-queue"]] },
  );
  const paid = [...r.history]
    .reverse()
    .find((s) => s.step === "paid" || s.step === "payment_failed");
  return (
    <Space direction="vertical">
      {paid ? (
        <Typography.Paragraph data-testid="payout">
          {say(REFUND_STATUS, paid.step, lang)} {paid.amount ? formatMoney(paid.amount) : ""}
          {paid.provider_ref ? ` · ${paid.provider_ref}` : ""}
          {paid.note ? ` · ${paid.note}` : ""} · {who(paid, lang)}
        </Typography.Paragraph>
      ) : (
        <Typography.Text type="secondary">
          {zh
            ? "批准后由商城或财务登记打款。"
            : "Once approved, the mall or finance records the payout."}
        </Typography.Text>
      )}
      {me.roles.includes("finance") && ["approved", "payment_failed"].includes(r.status) && (
        <Space wrap>
          <label>
            {zh ? "支付平台流水号" : "Provider reference"}{" "}
            <Input value={ref} onChange={(e) => setRef(e.target.value)} style={{ width: 200 }} />
          </label>
          <Popconfirm
            okText={zh ? "确定" : "OK"}
            cancelText={zh ? "取消" : "Cancel"}
            title={
              zh
                ? `登记已打款 ${formatMoney(r.approved_amount)}？`
                : `Record a payout of ${formatMoney(r.approved_amount)}?`
            }
            onConfirm={() => pay.submit()}
            disabled={!ref.trim()}
          >
            <Button type="primary" disabled={!ref.trim()} loading={pay.pending}>
              {zh ? "登记打款" : "Record payout"}
            </Button>
          </Popconfirm>
        </Space>
      )}
      <ProblemAlert problem={pay.problem} />
    </Space>
  );
}
