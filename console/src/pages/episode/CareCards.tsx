// Care plan, observations and the package recommendation of an episode.
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Descriptions, Form, Input, InputNumber, Select, Space, Table } from "antd";
import { api, command, unwrap } from "../../api/client";
import { ifMatch, useCommand } from "../../api/command";
import { fieldErrors } from "../../api/problem";
import type { Episode, Intervention, Observation } from "../../api/types";
import { useLang } from "../../i18n/LangContext";
import { INTERVENTIONS, OBSERVATIONS, word } from "../../i18n/words";
import { formatDateTime } from "../../lib/time";
import { ProblemAlert } from "../../ui/ProblemAlert";

type Props = { episode: Episode; headers: Record<string, string>; reload: () => void };
const errorAt = (errors: Record<string, string>, key: string) =>
  errors[key] ? { validateStatus: "error" as const, help: errors[key] } : {};

export function CarePlanCard({ episode, headers, reload }: Props) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const [form] = Form.useForm<{
    intervention: Intervention;
    interval_days: number;
    note: string;
  }>();
  const set = useCommand(
    (key) =>
      command(
        api.POST("/api/v1/episodes/{episode_id}/care-plan", {
          params: { path: { episode_id: episode.id } },
          body: { ...form.getFieldsValue(), note: form.getFieldValue("note") ?? "" },
          headers: { ...headers, ...ifMatch(episode.version), "Idempotency-Key": key },
        }),
      ),
    { invalidate: [["episode", episode.id], ["worklist"], ["summary"]] },
  );
  const errors = set.problem ? fieldErrors(set.problem) : {};
  const plan = episode.care_plan;
  return (
    <Card size="small" title={zh ? "营养干预方案" : "Care plan"}>
      {plan ? (
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={zh ? "干预方式" : "Intervention"}>
            {word(INTERVENTIONS, plan.intervention, lang)}
          </Descriptions.Item>
          <Descriptions.Item label={zh ? "监测间隔" : "Monitoring"}>
            {zh ? `${plan.interval_days} 天` : `${plan.interval_days} days`}
          </Descriptions.Item>
          <Descriptions.Item label={zh ? "备注" : "Note"}>{plan.note || "—"}</Descriptions.Item>
        </Descriptions>
      ) : (
        <p>{zh ? "尚未制定方案。" : "No plan yet."}</p>
      )}
      <Form
        form={form}
        layout="inline"
        initialValues={{
          intervention: plan?.intervention ?? "diet_advice",
          interval_days: plan?.interval_days ?? 14,
        }}
        onFinish={() => set.submit()}
        aria-label={zh ? "制定方案" : "Set the care plan"}
      >
        <Form.Item
          label={zh ? "干预方式" : "Intervention"}
          name="intervention"
          {...errorAt(errors, "intervention")}
        >
          <Select
            style={{ width: 160 }}
            options={Object.keys(INTERVENTIONS).map((k) => ({
              value: k,
              label: word(INTERVENTIONS, k, lang),
            }))}
          />
        </Form.Item>
        <Form.Item
          label={zh ? "监测间隔（天）" : "Interval (days)"}
          name="interval_days"
          {...errorAt(errors, "interval_days")}
        >
          <InputNumber />
        </Form.Item>
        <Form.Item label={zh ? "备注" : "Note"} name="note">
          <Input style={{ width: 200 }} />
        </Form.Item>
        <Button htmlType="submit" loading={set.pending} disabled={set.pending}>
          {zh ? "保存方案" : "Save plan"}
        </Button>
      </Form>
      <ProblemAlert
        problem={set.problem}
        reload={() => {
          set.clear();
          reload();
        }}
      />
    </Card>
  );
}

export function ObservationsCard({ episode, headers, reload }: Props) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const [form] = Form.useForm<{ code: string; value: number; unit: string }>();
  const record = useCommand(
    (key) => {
      const v = form.getFieldsValue();
      return command(
        api.POST("/api/v1/episodes/{episode_id}/observations", {
          params: { path: { episode_id: episode.id } },
          body: {
            code: v.code,
            value: String(v.value ?? ""),
            unit: v.unit,
            observed_at: new Date().toISOString(),
            source: "staff",
          },
          headers: { ...headers, ...ifMatch(episode.version), "Idempotency-Key": key },
        }),
      );
    },
    { invalidate: [["episode", episode.id]], onDone: () => form.resetFields(["value"]) },
  );
  const errors = record.problem ? fieldErrors(record.problem) : {};
  return (
    <Card size="small" title={zh ? "观察指标" : "Observations"}>
      <Table<Observation>
        size="small"
        rowKey={(o) => `${o.code}-${o.at}`}
        pagination={false}
        dataSource={[...episode.observations].reverse()}
        locale={{ emptyText: zh ? "尚无记录。" : "Nothing recorded yet." }}
        columns={[
          {
            title: zh ? "指标" : "Measure",
            dataIndex: "code",
            render: (c: string) => word(OBSERVATIONS, c, lang),
          },
          {
            title: zh ? "数值" : "Value",
            key: "v",
            render: (_: unknown, o: Observation) => `${o.value} ${o.unit}`,
          },
          {
            title: zh ? "时间" : "When",
            dataIndex: "observed_at",
            render: (t: string) => formatDateTime(t),
          },
        ]}
      />
      <Form
        form={form}
        layout="inline"
        style={{ marginTop: 12 }}
        initialValues={{ code: "body_weight", unit: "kg" }}
        onValuesChange={(changed) => {
          if (changed.code) form.setFieldValue("unit", OBSERVATIONS[changed.code]?.[2] ?? "");
        }}
        onFinish={() => record.submit()}
        aria-label={zh ? "记录指标" : "Record an observation"}
      >
        <Form.Item label={zh ? "指标" : "Measure"} name="code">
          <Select
            style={{ width: 140 }}
            options={Object.keys(OBSERVATIONS).map((k) => ({
              value: k,
              label: word(OBSERVATIONS, k, lang),
            }))}
          />
        </Form.Item>
        <Form.Item
          label={zh ? "数值" : "Value"}
          name="value"
          rules={[{ required: true }]}
          {...errorAt(errors, "value")}
        >
          <InputNumber />
        </Form.Item>
        <Form.Item label={zh ? "单位" : "Unit"} name="unit" {...errorAt(errors, "unit")}>
          <Input style={{ width: 90 }} />
        </Form.Item>
        <Button htmlType="submit" loading={record.pending} disabled={record.pending}>
          {zh ? "记录" : "Record"}
        </Button>
      </Form>
      <ProblemAlert
        problem={record.problem}
        reload={() => {
          record.clear();
          reload();
        }}
      />
    </Card>
  );
}

type Offer = { id?: string; package_id?: string; name?: string; code?: string; version?: number };

export function RecommendCard({ episode, headers, reload }: Props) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const [form] = Form.useForm<{ package_id: string }>();
  const offers = useQuery({
    queryKey: ["offers", episode.patient_id],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/patients/{patient_id}/offers", {
          params: { path: { patient_id: episode.patient_id } },
          headers,
        }),
      ) as Promise<{ items: Offer[] }>,
  });
  const recommend = useCommand(
    (key) =>
      command(
        api.POST("/api/v1/episodes/{episode_id}/recommendations", {
          params: { path: { episode_id: episode.id } },
          body: { package_id: form.getFieldValue("package_id") },
          headers: { ...headers, ...ifMatch(episode.version), "Idempotency-Key": key },
        }),
      ),
    { invalidate: [["episode", episode.id]] },
  );
  const items = offers.data?.items ?? [];
  return (
    <Card size="small" title={zh ? "推荐服务包" : "Recommend a package"}>
      <p>
        {zh ? "已推荐：" : "Recommended: "}
        {episode.recommended_package_ids.length
          ? episode.recommended_package_ids
              .map((id) => items.find((o) => (o.id ?? o.package_id) === id)?.name ?? id.slice(0, 8))
              .join("、")
          : "—"}
      </p>
      {items.length === 0 ? (
        <p>
          {zh
            ? "没有与该病程诊断匹配的上架服务包。"
            : "No published package matches this episode's condition."}
        </p>
      ) : (
        <Form
          form={form}
          layout="inline"
          onFinish={() => recommend.submit()}
          aria-label={zh ? "推荐服务包" : "Recommend a package"}
        >
          <Form.Item
            label={zh ? "服务包" : "Package"}
            name="package_id"
            rules={[{ required: true }]}
          >
            <Select
              style={{ width: 280 }}
              options={items.map((o) => ({
                value: o.id ?? o.package_id,
                label: `${o.name ?? o.code} v${o.version ?? ""}`,
              }))}
            />
          </Form.Item>
          <Space>
            <Button htmlType="submit" loading={recommend.pending} disabled={recommend.pending}>
              {zh ? "推荐" : "Recommend"}
            </Button>
          </Space>
        </Form>
      )}
      <ProblemAlert
        problem={recommend.problem}
        reload={() => {
          recommend.clear();
          reload();
        }}
      />
    </Card>
  );
}
