// 审批: who must approve (a lead up to the quote, finance above it or for goodwill), never
// whoever asked or agreed; approve (saying what will be revoked) or reject with a reason.
import { Alert, Button, Input, Popconfirm, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { api, command } from "../../api/client";
import { useCommand } from "../../api/command";
import type { Me } from "../../api/queries";
import { REFUND_STATUS, say } from "../../i18n/catalogue";
import { useLang } from "../../i18n/LangContext";
import { formatMoney } from "../../lib/money";
import { ProblemAlert } from "../../ui/ProblemAlert";
import { approvalState, lastStep, type Refund, who } from "./refund";

const OPEN = ["quoted", "agreed"];

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

export function Approval({ r, me }: { r: Refund; me: Me }) {
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
  const state = approvalState(r, me);
  // Service staff who agreed the amount see that someone else approves it.
  const party = OPEN.includes(r.status) && [r.requested_by, r.agreed_by].includes(me.subject);
  const amount = r.agreed_amount ?? r.quote;
  const approvedStep = lastStep(r, "approved", "rejected");
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
      {party && (
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
      {(state.mayApprove || state.mayReject) && (
        <Space wrap>
          {state.mayApprove && (
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
          )}
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
      {state.why === "finance_only" && (
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
      {state.why === "not_agreed" && (
        <Alert
          type="info"
          showIcon
          message={
            zh
              ? "善意补偿需先由客服与患者协商金额，之后方可审批。"
              : "A goodwill refund is approved once service staff have agreed an amount."
          }
        />
      )}
      <ProblemAlert problem={approve.problem ?? reject.problem} />
    </Space>
  );
}
