// What a user may do to a package at its status: submit, review (never one's own), publish,
// reprice and change display texts once published, delist, draft a new version.
import { Alert, Button, Card, Input, Popconfirm, Space } from "antd";
import { useState } from "react";
import { useLocation } from "wouter";
import { api, command } from "../../api/client";
import { useCommand } from "../../api/command";
import type { Me } from "../../api/queries";
import { useLang } from "../../i18n/LangContext";
import { ProblemAlert } from "../../ui/ProblemAlert";
import { isDrafter, isReviewer, type PackageOut } from "./data";
import { PublishedActions } from "./PublishedActions";
import { usePackageCommand } from "./packageCommand";

export function PackageActions({ p, me, reload }: { p: PackageOut; me: Me; reload: () => void }) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const [, navigate] = useLocation();
  const [reason, setReason] = useState("");
  const submit = usePackageCommand(p, "submit", () => undefined);
  const approve = usePackageCommand(p, "approve", () => undefined);
  const reject = usePackageCommand(p, "reject", () => ({ reason }));
  const publish = usePackageCommand(p, "publish", () => undefined);
  const version = useCommand(
    (key) =>
      command(
        api.POST("/api/v1/packages/{package_id}/versions", {
          params: { path: { package_id: p.id } },
          headers: { "Idempotency-Key": key },
        }),
      ),
    {
      invalidate: [["packages"], ["package"]],
      onDone: (done) => navigate(`/packages/${done.data.id}/edit`),
    },
  );
  const reviewer = isReviewer(me.roles);
  const author = (p.author_ids ?? [p.drafter_id]).includes(me.subject);
  const drafter = me.subject === p.drafter_id || me.roles.includes("service_lead");
  const problem =
    submit.problem ?? approve.problem ?? reject.problem ?? publish.problem ?? version.problem;
  const reasonBox = (
    <label>
      {zh ? "理由" : "Reason"}{" "}
      <Input value={reason} onChange={(e) => setReason(e.target.value)} style={{ width: 260 }} />
    </label>
  );
  const ownWork = reviewer && author && ["in_review", "approved"].includes(p.status) && (
    <Alert
      type="warning"
      showIcon
      data-testid="four-eyes"
      message={
        zh
          ? "您是此服务包的起草人，不能审核或上架自己起草的服务包（四眼原则）：请由另一位审核员处理。"
          : "You drafted this package, so you cannot review or publish it (four eyes): another reviewer must."
      }
    />
  );
  return (
    <Card size="small" title={zh ? "操作" : "Actions"}>
      <Space direction="vertical" style={{ width: "100%" }}>
        {ownWork}
        {p.status === "draft" && drafter && (
          <Space>
            <Button onClick={() => navigate(`/packages/${p.id}/edit`)}>
              {zh ? "修改草稿" : "Revise"}
            </Button>
            <Button type="primary" loading={submit.pending} onClick={() => submit.submit()}>
              {zh ? "提交审核" : "Submit for review"}
            </Button>
          </Space>
        )}
        {p.status === "rejected" && drafter && (
          <Button onClick={() => navigate(`/packages/${p.id}/edit`)}>
            {zh ? "按驳回意见修改" : "Revise after rejection"}
          </Button>
        )}
        {p.status === "in_review" && reviewer && (
          <Space wrap>
            <Popconfirm
              okText={zh ? "确定" : "OK"}
              cancelText={zh ? "取消" : "Cancel"}
              title={zh ? "审核通过？通过后可上架销售。" : "Approve? It may then be published."}
              onConfirm={() => approve.submit()}
              disabled={author}
            >
              <Button type="primary" disabled={author} loading={approve.pending}>
                {zh ? "审核通过" : "Approve"}
              </Button>
            </Popconfirm>
            {reasonBox}
            <Popconfirm
              okText={zh ? "确定" : "OK"}
              cancelText={zh ? "取消" : "Cancel"}
              title={zh ? "驳回？服务包将退回起草人修改。" : "Reject? It goes back to its drafter."}
              onConfirm={() => reject.submit()}
              disabled={author || !reason.trim()}
            >
              <Button danger disabled={author || !reason.trim()} loading={reject.pending}>
                {zh ? "驳回" : "Reject"}
              </Button>
            </Popconfirm>
          </Space>
        )}
        {p.status === "approved" && reviewer && (
          <Popconfirm
            okText={zh ? "确定" : "OK"}
            cancelText={zh ? "取消" : "Cancel"}
            title={zh ? "上架？患者即可购买此服务包。" : "Publish? Patients can then buy it."}
            onConfirm={() => publish.submit()}
            disabled={author}
          >
            <Button type="primary" disabled={author} loading={publish.pending}>
              {zh ? "上架" : "Publish"}
            </Button>
          </Popconfirm>
        )}
        {p.status === "published" && reviewer && <PublishedActions p={p} reload={reload} />}
        {["published", "delisted"].includes(p.status) && !p.successor_id && isDrafter(me.roles) && (
          <Button loading={version.pending} onClick={() => version.submit()}>
            {zh ? "起草新版本" : "Draft a new version"}
          </Button>
        )}
        <ProblemAlert problem={problem} reload={reload} />
      </Space>
    </Card>
  );
}
