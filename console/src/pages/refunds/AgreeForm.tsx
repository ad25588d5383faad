// 协商: service staff record the amount agreed on the phone and a note of the call.
import { Alert, Button, Input, Space } from "antd";
import { useState } from "react";
import { api, command } from "../../api/client";
import { useCommand } from "../../api/command";
import { useLang } from "../../i18n/LangContext";
import { ProblemAlert } from "../../ui/ProblemAlert";
import type { Refund } from "./refund";

const MONEY = /^\d+(\.\d{1,2})?$/;
const { TextArea } = Input;

export function AgreeForm({ r }: { r: Refund }) {
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
