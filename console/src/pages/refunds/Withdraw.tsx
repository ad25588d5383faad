// 撤回: whoever asked for a refund (here, service staff who asked on the patient's behalf)
// may withdraw it while it is open; the API refuses anyone else (not_refund_requester).
import { Button, Popconfirm } from "antd";
import { api, command } from "../../api/client";
import { useCommand } from "../../api/command";
import type { Me } from "../../api/queries";
import { useLang } from "../../i18n/LangContext";
import { ProblemAlert } from "../../ui/ProblemAlert";
import type { Refund } from "./refund";

export function Withdraw({ r, me }: { r: Refund; me: Me }) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const withdraw = useCommand(
    (key) =>
      command(
        api.POST("/api/v1/refunds/{refund_id}/withdraw", {
          params: { path: { refund_id: r.refund_id } },
          headers: { "Idempotency-Key": key },
        }),
      ),
    { invalidate: [["refund"], ["refund-queue"]] },
  );
  const open = ["requested", "quoted", "agreed"].includes(r.status);
  if (!open || r.requested_by !== me.subject) return null;
  return (
    <>
      <Popconfirm
        title={
          zh ? "撤回此退款申请？之后可重新申请。" : "Withdraw this request? A new one may follow."
        }
        okText={zh ? "撤回" : "Withdraw"}
        cancelText={zh ? "取消" : "Cancel"}
        onConfirm={() => withdraw.submit()}
      >
        <Button loading={withdraw.pending}>{zh ? "撤回退款申请" : "Withdraw the request"}</Button>
      </Popconfirm>
      <ProblemAlert problem={withdraw.problem} />
    </>
  );
}
