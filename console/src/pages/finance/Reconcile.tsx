// 对账: drop the payment provider's settlement CSV; every line is checked here first (the
// server's rules, every fault at once) and only a clean file is sent. The result: counts
// per status at the top (a click filters), the lines, and the report as CSV.
import { useQuery } from "@tanstack/react-query";
import {
  Alert,
  Button,
  Card,
  Segmented,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  Upload,
} from "antd";
import { useState } from "react";
import { api, command, unwrap } from "../../api/client";
import { useCommand } from "../../api/command";
import { faultText, ft, KINDS, LINE_STATUS, LINE_STATUS_COLOR } from "../../i18n/finance";
import { useLang } from "../../i18n/LangContext";
import { word } from "../../i18n/words";
import { download } from "../../lib/download";
import type { Money } from "../../lib/money";
import { type Checked, checkSettlement } from "../../lib/settlement";
import { formatDateTime } from "../../lib/time";
import { ErrorBanner } from "../../ui/ErrorBanner";
import { ProblemAlert } from "../../ui/ProblemAlert";
import { Amount } from "./money";

type Line = {
  seq: number;
  file_line: number | null;
  provider_ref: string;
  kind: string;
  amount: Money;
  provider_amount: Money | null;
  our_amount: Money | null;
  settled_at: string | null;
  status: string;
};
type Report = { id: string; created_at: string; lines: Line[]; counts: Record<string, number> };
const STATUSES = ["matched", "amount_mismatch", "missing_at_provider", "unknown_to_us"];
export const LAST_REPORT = "carepack.finance.lastReconciliation";

export default function Reconcile() {
  const { lang } = useLang();
  const [file, setFile] = useState<{ name: string; text: string; checked: Checked } | null>(null);
  const [reportId, setReportId] = useState<string | null>(() =>
    sessionStorage.getItem(LAST_REPORT),
  );
  const [only, setOnly] = useState<string>("all");
  const [exportError, setExportError] = useState<unknown>(null);
  const send = useCommand(
    (key) =>
      command(
        api.POST("/api/v1/finance/reconciliations", {
          body: file?.text ?? "",
          bodySerializer: (body: string) => body,
          headers: { "Content-Type": "text/csv", "Idempotency-Key": key },
        }),
      ),
    {
      onDone: (done) => {
        const id = (done.data as Report).id;
        sessionStorage.setItem(LAST_REPORT, id);
        setReportId(id);
        setFile(null);
        setOnly("all");
      },
    },
  );
  const report = useQuery({
    queryKey: ["reconciliation", reportId],
    enabled: reportId !== null,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/finance/reconciliations/{report_id}", {
          params: { path: { report_id: reportId ?? "" } },
        }),
      ) as Promise<Report>,
  });
  const r = report.data;
  const lines = (r?.lines ?? []).filter((l) => only === "all" || l.status === only);
  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Upload.Dragger
        accept=".csv,text/csv"
        multiple={false}
        showUploadList={false}
        beforeUpload={async (chosen) => {
          const text = await chosen.text();
          setFile({ name: chosen.name, text, checked: checkSettlement(text, chosen.size) });
          send.clear();
          return false;
        }}
      >
        <p>{ft("upload", lang)}</p>
        <Typography.Text type="secondary">{ft("uploadHint", lang)}</Typography.Text>
      </Upload.Dragger>
      {file && file.checked.faults.length > 0 ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="settlement-faults"
          message={`${file.name}：${ft("fileBad", lang)}`}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {file.checked.faults.slice(0, 50).map((f, i) => (
                <li key={i}>
                  {ft("line", lang)} {f.line}：{faultText(f, lang)}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      {file && file.checked.faults.length === 0 ? (
        <Alert
          type="success"
          showIcon
          data-testid="settlement-ok"
          message={`${file.name}：${ft("fileOk", lang)}`}
          description={
            lang === "zh"
              ? `共 ${file.checked.lines} 行：收款 ${file.checked.payments} 笔（¥${file.checked.total.payment ?? "0.00"}），退款 ${file.checked.refunds} 笔（¥${file.checked.total.refund ?? "0.00"}）`
              : `${file.checked.lines} lines: ${file.checked.payments} payments (¥${file.checked.total.payment ?? "0.00"}), ${file.checked.refunds} refunds (¥${file.checked.total.refund ?? "0.00"})`
          }
          action={
            <Button type="primary" loading={send.pending} onClick={() => send.submit()}>
              {ft("send", lang)}
            </Button>
          }
        />
      ) : null}
      {send.problem ? <ProblemAlert problem={send.problem} /> : null}
      {report.isError ? <ErrorBanner error={report.error} retry={() => report.refetch()} /> : null}
      {r ? (
        <Card
          size="small"
          title={`${ft("reportTitle", lang)} · ${formatDateTime(r.created_at)}`}
          extra={
            <Button
              onClick={() => {
                setExportError(null);
                download(
                  `/api/v1/finance/reconciliations/${r.id}?format=csv`,
                  `reconciliation-${r.id}.csv`,
                ).catch(setExportError);
              }}
            >
              {ft("downloadReport", lang)}
            </Button>
          }
        >
          {exportError ? <ErrorBanner error={exportError} /> : null}
          <Space size="large" wrap style={{ marginBottom: 12 }}>
            {STATUSES.map((s) => (
              <Statistic
                key={s}
                title={<Tag color={LINE_STATUS_COLOR[s]}>{word(LINE_STATUS, s, lang)}</Tag>}
                value={r.counts[s] ?? 0}
                data-testid={`count-${s}`}
              />
            ))}
          </Space>
          <Segmented
            value={only}
            onChange={(v) => setOnly(String(v))}
            options={[
              { value: "all", label: `${ft("all", lang)} (${r.lines.length})` },
              ...STATUSES.map((s) => ({
                value: s,
                label: `${word(LINE_STATUS, s, lang)} (${r.counts[s] ?? 0})`,
              })),
            ]}
            style={{ marginBottom: 12 }}
          />
          <Table<Line>
            size="small"
            rowKey="seq"
            dataSource={lines}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            columns={[
              { title: ft("line", lang), key: "l", render: (_, l) => l.file_line ?? "—" },
              { title: ft("providerRef", lang), dataIndex: "provider_ref" },
              { title: ft("kind", lang), key: "k", render: (_, l) => word(KINDS, l.kind, lang) },
              {
                title: ft("providerAmount", lang),
                key: "pa",
                align: "right",
                render: (_, l) => <Amount money={l.provider_amount} />,
              },
              {
                title: ft("ourAmount", lang),
                key: "oa",
                align: "right",
                render: (_, l) => <Amount money={l.our_amount} />,
              },
              {
                title: ft("settledAt", lang),
                key: "s",
                render: (_, l) => formatDateTime(l.settled_at),
              },
              {
                title: ft("status", lang),
                key: "st",
                render: (_, l) => (
                  <Tag color={LINE_STATUS_COLOR[l.status]}>{word(LINE_STATUS, l.status, lang)}</Tag>
                ),
              },
            ]}
          />
        </Card>
      ) : null}
    </Space>
  );
}
