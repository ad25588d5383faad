// 链校验: recompute both audit chains (the events and the access log) against their signed
// checkpoints; ok, or the first bad position and why; and the checkpoints' state.
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Descriptions, List, Space, Tag } from "antd";
import { api, unwrap } from "../../api/client";
import { at } from "../../i18n/audit";
import { useLang } from "../../i18n/LangContext";
import { ErrorBanner } from "../../ui/ErrorBanner";
import { PageSkeleton } from "../../ui/PageSkeleton";

type Chain = {
  ok: boolean;
  checked: number;
  head: { position: number; hash: string };
  first_bad_position: number | null;
  problem: string | null;
  failed_checkpoints: { position: number; reason: string; created_at: string | null }[];
  signatures_checked: number;
  checkpoint_age_seconds: number | null;
  warnings: string[];
};
type Verified = Chain & { access_log: Chain };

function age(seconds: number | null, zh: boolean): string {
  if (seconds === null) return "—";
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return zh ? `${minutes} 分钟` : `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return zh ? `${hours} 小时` : `${hours} h`;
}

function ChainCard({ title, chain, testid }: { title: string; chain: Chain; testid: string }) {
  const { lang } = useLang();
  const zh = lang === "zh";
  return (
    <Card size="small" title={title} data-testid={testid}>
      <Alert
        type={chain.ok ? "success" : "error"}
        showIcon
        role={chain.ok ? "status" : "alert"}
        data-testid={`${testid}-result`}
        message={chain.ok ? at("verified", lang) : at("broken", lang)}
        description={
          chain.ok ? undefined : (
            <span>
              {at("firstBad", lang)}:{" "}
              <strong data-testid={`${testid}-first-bad`}>{chain.first_bad_position ?? "—"}</strong>
              {" · "}
              {at("why", lang)}: <span data-testid={`${testid}-why`}>{chain.problem ?? "—"}</span>
            </span>
          )
        }
        style={{ marginBottom: 12 }}
      />
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={at("checked", lang)}>{chain.checked}</Descriptions.Item>
        <Descriptions.Item label={at("head", lang)}>
          {chain.head.position} · <code>{chain.head.hash.slice(0, 16)}…</code>
        </Descriptions.Item>
        <Descriptions.Item label={at("checkpointAge", lang)}>
          {chain.checkpoint_age_seconds === null ? (
            <Tag>{at("noCheckpoint", lang)}</Tag>
          ) : (
            age(chain.checkpoint_age_seconds, zh)
          )}
        </Descriptions.Item>
        <Descriptions.Item label={at("signatures", lang)}>
          {chain.signatures_checked}
        </Descriptions.Item>
      </Descriptions>
      {chain.failed_checkpoints.length > 0 ? (
        <List
          size="small"
          header={at("failedCheckpoints", lang)}
          dataSource={chain.failed_checkpoints}
          renderItem={(c) => (
            <List.Item>
              <Tag color="red">{c.position}</Tag> {c.reason}
            </List.Item>
          )}
        />
      ) : null}
      {chain.warnings.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          message={at("warnings", lang)}
          description={chain.warnings.join("; ")}
        />
      ) : null}
    </Card>
  );
}

export default function Verify() {
  const { lang } = useLang();
  const found = useQuery({
    queryKey: ["audit-verify"],
    queryFn: () => unwrap(api.GET("/api/v1/audit/verify")) as Promise<Verified>,
    staleTime: 0,
  });
  if (found.isError) return <ErrorBanner error={found.error} retry={() => found.refetch()} />;
  if (!found.data) return <PageSkeleton />;
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Button onClick={() => found.refetch()} loading={found.isFetching}>
        {at("runVerify", lang)}
      </Button>
      <ChainCard title={at("eventChain", lang)} chain={found.data} testid="event-chain" />
      <ChainCard
        title={at("accessChain", lang)}
        chain={found.data.access_log}
        testid="access-chain"
      />
    </Space>
  );
}
