// 家属: the patient's proxies; authorise (relation, permissions) and revoke.
import { Button, Checkbox, Form, Input, Popconfirm, Select, Space, Table, Tag } from "antd";
import { api, command, glassHeaders } from "../../api/client";
import { ifMatch, useCommand } from "../../api/command";
import { fieldErrors } from "../../api/problem";
import type { Overview, Permission, ProxyRow, Relation } from "../../api/types";
import { useLang } from "../../i18n/LangContext";
import { PERMISSIONS, RELATIONS, word } from "../../i18n/words";
import { ProblemAlert } from "../../ui/ProblemAlert";

type Values = { user_id: string; relation: Relation; permissions: Permission[] };

export function Proxies({ overview, reload }: { overview: Overview; reload: () => void }) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const patientId = overview.patient.id;
  const [form] = Form.useForm<Values>();
  const headers = { ...glassHeaders(patientId), ...ifMatch(overview.patient_version) };
  const authorise = useCommand(
    (key) =>
      command(
        api.POST("/api/v1/patients/{patient_id}/proxies", {
          params: { path: { patient_id: patientId } },
          body: form.getFieldsValue(),
          headers: { ...headers, "Idempotency-Key": key },
        }),
      ),
    {
      invalidate: [["overview", patientId]],
      onDone: () => form.resetFields(),
    },
  );
  const errors = authorise.problem ? fieldErrors(authorise.problem) : {};
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="large">
      <Table<ProxyRow>
        size="small"
        rowKey="user_id"
        pagination={false}
        dataSource={overview.patient.proxies}
        locale={{
          emptyText: zh
            ? "尚未授权家属。在下方添加家属并选择其权限。"
            : "No family member is authorised. Add one below with their permissions.",
        }}
        columns={[
          { title: zh ? "家属账号" : "User", dataIndex: "user_id" },
          {
            title: zh ? "关系" : "Relation",
            dataIndex: "relation",
            render: (r: string) => word(RELATIONS, r, lang),
          },
          {
            title: zh ? "权限" : "Permissions",
            dataIndex: "permissions",
            render: (ps: string[]) =>
              ps.map((p) => <Tag key={p}>{word(PERMISSIONS, p, lang)}</Tag>),
          },
          {
            title: zh ? "操作" : "Actions",
            key: "revoke",
            render: (_: unknown, p: ProxyRow) => (
              <Revoke
                patientId={patientId}
                proxy={p}
                version={overview.patient_version}
                reload={reload}
              />
            ),
          },
        ]}
      />
      <Form<Values>
        form={form}
        layout="inline"
        onFinish={() => authorise.submit()}
        initialValues={{ relation: "child", permissions: ["view"] }}
        aria-label={zh ? "授权家属" : "Authorise a family member"}
      >
        <Form.Item
          label={zh ? "家属账号" : "User id"}
          name="user_id"
          rules={[{ required: true, message: zh ? "请填写家属账号" : "Required" }]}
          validateStatus={errors.user_id ? "error" : undefined}
          help={errors.user_id}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label={zh ? "关系" : "Relation"} name="relation">
          <Select
            style={{ width: 120 }}
            options={Object.keys(RELATIONS)
              .filter((r) => r !== "self")
              .map((r) => ({ value: r, label: word(RELATIONS, r, lang) }))}
          />
        </Form.Item>
        <Form.Item label={zh ? "权限" : "Permissions"} name="permissions">
          <Checkbox.Group
            options={Object.keys(PERMISSIONS).map((p) => ({
              value: p,
              label: word(PERMISSIONS, p, lang),
            }))}
          />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          loading={authorise.pending}
          disabled={authorise.pending}
        >
          {zh ? "授权" : "Authorise"}
        </Button>
      </Form>
      <ProblemAlert
        problem={authorise.problem}
        reload={() => {
          authorise.clear();
          reload();
        }}
      />
    </Space>
  );
}

function Revoke({
  patientId,
  proxy,
  version,
  reload,
}: {
  patientId: string;
  proxy: ProxyRow;
  version: number;
  reload: () => void;
}) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const revoke = useCommand(
    () =>
      command(
        api.DELETE("/api/v1/patients/{patient_id}/proxies/{user_id}", {
          params: { path: { patient_id: patientId, user_id: proxy.user_id } },
          headers: { ...glassHeaders(patientId), ...ifMatch(version) },
        }),
      ),
    { invalidate: [["overview", patientId]] },
  );
  return (
    <>
      <Popconfirm
        title={
          zh ? `撤销 ${proxy.user_id} 的全部授权？` : `Revoke every permission of ${proxy.user_id}?`
        }
        okText={zh ? "撤销" : "Revoke"}
        cancelText={zh ? "取消" : "Cancel"}
        onConfirm={() => revoke.submit()}
      >
        <Button danger size="small" loading={revoke.pending}>
          {zh ? "撤销" : "Revoke"}
        </Button>
      </Popconfirm>
      <ProblemAlert problem={revoke.problem} reload={reload} />
    </>
  );
}
