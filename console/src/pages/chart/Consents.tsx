// 同意: the consents on record; give or withdraw one.
import { Button, Space, Table, Tag } from "antd";
import { api, command, glassHeaders } from "../../api/client";
import { ifMatch, useCommand } from "../../api/command";
import type { ConsentPurpose, Overview } from "../../api/types";
import { useLang } from "../../i18n/LangContext";
import { CONSENTS, word } from "../../i18n/words";
import { ProblemAlert } from "../../ui/ProblemAlert";

export function Consents({ overview, reload }: { overview: Overview; reload: () => void }) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const rows = Object.keys(CONSENTS).map((purpose) => ({
    purpose,
    given: overview.patient.consents.includes(purpose),
  }));
  return (
    <Table
      size="small"
      rowKey="purpose"
      pagination={false}
      dataSource={rows}
      columns={[
        {
          title: zh ? "用途" : "Purpose",
          dataIndex: "purpose",
          render: (p: string) => word(CONSENTS, p, lang),
        },
        {
          title: zh ? "状态" : "Status",
          dataIndex: "given",
          render: (g: boolean) =>
            g ? (
              <Tag color="green">{zh ? "已同意" : "Given"}</Tag>
            ) : (
              <Tag>{zh ? "未同意" : "Not given"}</Tag>
            ),
        },
        {
          title: zh ? "操作" : "Actions",
          key: "act",
          render: (_: unknown, row: { purpose: string; given: boolean }) => (
            <Toggle overview={overview} purpose={row.purpose} given={row.given} reload={reload} />
          ),
        },
      ]}
    />
  );
}

function Toggle({
  overview,
  purpose,
  given,
  reload,
}: {
  overview: Overview;
  purpose: string;
  given: boolean;
  reload: () => void;
}) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const patientId = overview.patient.id;
  const set = useCommand(
    (key) =>
      command(
        api.POST("/api/v1/patients/{patient_id}/consents", {
          params: { path: { patient_id: patientId } },
          body: { purpose: purpose as ConsentPurpose, given: !given },
          headers: {
            ...glassHeaders(patientId),
            ...ifMatch(overview.patient_version),
            "Idempotency-Key": key,
          },
        }),
      ),
    { invalidate: [["overview", patientId]] },
  );
  return (
    <Space>
      <Button
        size="small"
        onClick={() => set.submit()}
        loading={set.pending}
        disabled={set.pending}
      >
        {given ? (zh ? "撤回同意" : "Withdraw") : zh ? "记录同意" : "Record consent"}
      </Button>
      <ProblemAlert problem={set.problem} reload={reload} />
    </Space>
  );
}
