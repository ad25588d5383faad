// 打款: the payout as recorded, and finance recording one for an approved refund.
import { Button, Input, Popconfirm, Space, Typography } from "antd";
import { useState } from "react";
import { api, command } from "../../api/client";
import { useCommand } from "../../api/command";
import type { Me } from "../../api/queries";
import { REFUND_STATUS, say } from "../../i18n/catalogue";
import { useLang } from "../../i18n/LangContext";
import { formatMoney } from "../../lib/money";
import { ProblemAlert } from "../../ui/ProblemAlert";
import { lastStep, type Refund, who } from "./refund";

export function Payout({ r, me }: { r: Refund; me: Me }) {
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
  const paid = lastStep(r, "paid", "payment_failed");
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
