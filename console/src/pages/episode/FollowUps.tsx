// Follow-ups: schedule one; complete one — the answer says which subscription it redeemed,
// and the balance on screen drops.
import { Alert, Button, Card, Form, Input, Select, Space, Table, Tag } from "antd";
import { useState } from "react";
import { api, command } from "../../api/client";
import { ifMatch, useCommand } from "../../api/command";
import { fieldErrors } from "../../api/problem";
import type { Channel, Episode, FollowUp, Overview } from "../../api/types";
import { useLang } from "../../i18n/LangContext";
import { CHANNELS, word } from "../../i18n/words";
import { ProblemAlert } from "../../ui/ProblemAlert";

type Props = {
  episode: Episode;
  overview: Overview | undefined;
  headers: Record<string, string>;
  me: string;
  reload: () => void;
};
type Redeemed = { subscription_id?: string | null; redemption_id?: string | null };

export function FollowUps({ episode, overview, headers, me, reload }: Props) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const [form] = Form.useForm<{ due_on: string; channel: Channel; assignee: string }>();
  const [redeemed, setRedeemed] = useState<Redeemed | null>(null);
  const invalidate = [
    ["episode", episode.id],
    ["overview", episode.patient_id],
    ["worklist"],
    ["summary"],
  ];
  const schedule = useCommand(
    (key) => {
      const v = form.getFieldsValue();
      return command(
        api.POST("/api/v1/episodes/{episode_id}/follow-ups", {
          params: { path: { episode_id: episode.id } },
          body: {
            due_on: v.due_on ?? "",
            channel: v.channel,
            assignee: v.assignee,
          },
          headers: { ...headers, ...ifMatch(episode.version), "Idempotency-Key": key },
        }),
      );
    },
    { invalidate, onDone: () => form.resetFields(["due_on"]) },
  );
  const errors = schedule.problem ? fieldErrors(schedule.problem) : {};
  const sub = overview?.subscriptions.find((s) => s.id === redeemed?.subscription_id);
  const line = sub?.entitlements.find((e) => e.kind === "follow_up");
  const balances = (overview?.subscriptions ?? [])
    .filter((s) => s.status === "active")
    .flatMap((s) => s.entitlements.filter((e) => e.kind === "follow_up").map((e) => ({ s, e })));
  return (
    <Card size="small" title={zh ? "随访" : "Follow-ups"}>
      <p data-testid="follow-up-balance">
        {zh ? "服务包随访次数余额：" : "Follow-ups left in packages: "}
        {balances.length === 0
          ? zh
            ? "无生效中的服务包（完成随访不核销）"
            : "no active package (completing redeems nothing)"
          : balances.map(({ s, e }) => (
              <span key={s.id} style={{ marginRight: 12 }}>
                {s.package_name} <strong data-testid="follow-up-remaining">{e.remaining}</strong>/
                {e.granted}
              </span>
            ))}
      </p>
      <Table<FollowUp>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={[...episode.follow_ups].sort((a, b) => a.due_on.localeCompare(b.due_on))}
        locale={{
          emptyText: zh ? "尚无随访计划，请在下方安排。" : "No follow-up yet: schedule one below.",
        }}
        columns={[
          { title: zh ? "应随访日期" : "Due", dataIndex: "due_on" },
          {
            title: zh ? "方式" : "Channel",
            dataIndex: "channel",
            render: (c: string) => word(CHANNELS, c, lang),
          },
          { title: zh ? "负责人" : "Assignee", dataIndex: "assignee" },
          {
            title: zh ? "状态" : "Status",
            dataIndex: "status",
            render: (s: string) => (
              <Tag color={s === "completed" ? "green" : s === "scheduled" ? "blue" : "default"}>
                {s === "completed"
                  ? zh
                    ? "已完成"
                    : "Completed"
                  : s === "scheduled"
                    ? zh
                      ? "待随访"
                      : "Scheduled"
                    : s}
              </Tag>
            ),
          },
          {
            title: zh ? "操作" : "Actions",
            key: "complete",
            render: (_: unknown, f: FollowUp) =>
              f.status === "scheduled" ? (
                <Complete
                  episode={episode}
                  followUp={f}
                  headers={headers}
                  invalidate={invalidate}
                  onDone={setRedeemed}
                  reload={reload}
                />
              ) : null,
          },
        ]}
      />
      {redeemed && (
        <Alert
          style={{ marginTop: 12 }}
          type="success"
          showIcon
          role="status"
          data-testid="follow-up-result"
          message={
            redeemed.subscription_id
              ? zh
                ? `随访已完成，已核销 1 次随访（${sub?.package_name ?? redeemed.subscription_id}，剩余 ${line?.remaining ?? "…"} 次）`
                : `Follow-up completed; 1 follow-up redeemed (${sub?.package_name ?? redeemed.subscription_id}, ${line?.remaining ?? "…"} left)`
              : zh
                ? "随访已完成（无可核销的服务包）"
                : "Follow-up completed (no subscription to redeem)"
          }
        />
      )}
      <Form
        form={form}
        layout="inline"
        style={{ marginTop: 16 }}
        initialValues={{ channel: "phone", assignee: me }}
        onFinish={() => schedule.submit()}
        aria-label={zh ? "安排随访" : "Schedule a follow-up"}
      >
        <Form.Item
          label={zh ? "应随访日期" : "Due on"}
          name="due_on"
          rules={[{ required: true, message: zh ? "请选择日期" : "Required" }]}
          {...(errors.due_on ? { validateStatus: "error" as const, help: errors.due_on } : {})}
        >
          <Input type="date" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label={zh ? "方式" : "Channel"} name="channel">
          <Select
            style={{ width: 100 }}
            options={Object.keys(CHANNELS).map((c) => ({
              value: c,
              label: word(CHANNELS, c, lang),
            }))}
          />
        </Form.Item>
        <Form.Item label={zh ? "负责人" : "Assignee"} name="assignee" rules={[{ required: true }]}>
          <Input style={{ width: 160 }} />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          loading={schedule.pending}
          disabled={schedule.pending}
        >
          {zh ? "安排随访" : "Schedule"}
        </Button>
      </Form>
      <ProblemAlert
        problem={schedule.problem}
        reload={() => {
          schedule.clear();
          reload();
        }}
      />
    </Card>
  );
}

function Complete({
  episode,
  followUp,
  headers,
  invalidate,
  onDone,
  reload,
}: {
  episode: Episode;
  followUp: FollowUp;
  headers: Record<string, string>;
  invalidate: string[][];
  onDone: (r: Redeemed) => void;
  reload: () => void;
}) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const [outcome, setOutcome] = useState("");
  const [open, setOpen] = useState(false);
  const complete = useCommand(
    (key) =>
      command(
        api.POST("/api/v1/episodes/{episode_id}/follow-ups/{follow_up_id}/complete", {
          params: { path: { episode_id: episode.id, follow_up_id: followUp.id } },
          body: { outcome },
          headers: { ...headers, ...ifMatch(episode.version), "Idempotency-Key": key },
        }),
      ),
    { invalidate, onDone: (done) => onDone(done.data as Redeemed) },
  );
  if (!open) {
    return (
      <Button size="small" onClick={() => setOpen(true)}>
        {zh ? "完成随访" : "Complete"}
      </Button>
    );
  }
  const id = `outcome-${followUp.id}`;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        complete.submit();
      }}
    >
      <Space wrap>
        <label htmlFor={id}>{zh ? "随访结果" : "Outcome"}</label>
        <Input
          id={id}
          value={outcome}
          onChange={(e) => setOutcome(e.target.value)}
          style={{ width: 220 }}
          required
        />
        <Button
          type="primary"
          size="small"
          htmlType="submit"
          loading={complete.pending}
          disabled={complete.pending || !outcome.trim()}
        >
          {zh ? "确认完成" : "Confirm"}
        </Button>
      </Space>
      <ProblemAlert
        problem={complete.problem}
        reload={() => {
          complete.clear();
          reload();
        }}
      />
    </form>
  );
}
