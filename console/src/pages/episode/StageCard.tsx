// The episode's stage as a step bar, and only the moves the API allows as buttons; a
// refusal shows the rule in words.
import { Button, Card, Select, Space, Steps, Tag } from "antd";
import { useState } from "react";
import { api, command } from "../../api/client";
import { ifMatch, useCommand } from "../../api/command";
import type { ConsultationKind, Episode, Outcome, Stage } from "../../api/types";
import { useLang } from "../../i18n/LangContext";
import { MOVE_VERBS, OUTCOMES, STAGES, word } from "../../i18n/words";
import { ProblemAlert } from "../../ui/ProblemAlert";

const PATH = ["registered", "consulting", "admitted", "discharged", "follow_up", "closed"];

export function StageCard({
  episode,
  headers,
  reload,
}: {
  episode: Episode;
  headers: Record<string, string>;
  reload: () => void;
}) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const [to, setTo] = useState<Stage | null>(null);
  const [outcome, setOutcome] = useState<Outcome>("stable");
  const [kind, setKind] = useState<ConsultationKind>("free");
  const move = useCommand(
    (key) =>
      command(
        api.POST("/api/v1/episodes/{episode_id}/stage", {
          params: { path: { episode_id: episode.id } },
          body: {
            to: to ?? "registered",
            detail: "",
            doctor_id: "",
            ...(to === "closed" ? { outcome } : to === "consulting" ? { kind } : {}),
          },
          headers: { ...headers, ...ifMatch(episode.version), "Idempotency-Key": key },
        }),
      ),
    {
      invalidate: [
        ["episode", episode.id],
        ["overview", episode.patient_id],
      ],
      onDone: () => setTo(null),
    },
  );
  const current = PATH.indexOf(episode.stage);
  return (
    <Card size="small" title={zh ? "病程阶段" : "Stage"}>
      {episode.stage === "cancelled" ? (
        <Tag>{word(STAGES, "cancelled", lang)}</Tag>
      ) : (
        <Steps
          size="small"
          current={current}
          items={PATH.map((s) => ({ title: word(STAGES, s, lang) }))}
        />
      )}
      <Space wrap style={{ marginTop: 16 }}>
        {episode.allowed_moves.length === 0 && (
          <span>{zh ? "病程已结束，无可用操作。" : "The episode has ended; no moves remain."}</span>
        )}
        {episode.allowed_moves.map((stage) => (
          <Button
            key={stage}
            type={to === stage ? "primary" : "default"}
            onClick={() => setTo(stage as Stage)}
          >
            {word(MOVE_VERBS, stage, lang)}
          </Button>
        ))}
      </Space>
      {to && (
        <Space wrap style={{ marginTop: 12 }} align="center">
          {to === "closed" && (
            <span>
              {zh ? "结局" : "Outcome"}{" "}
              <Select
                aria-label={zh ? "结局" : "Outcome"}
                value={outcome}
                onChange={setOutcome}
                style={{ width: 140 }}
                options={Object.keys(OUTCOMES).map((o) => ({
                  value: o,
                  label: word(OUTCOMES, o, lang),
                }))}
              />
            </span>
          )}
          {to === "consulting" && (
            <span>
              {zh ? "问诊类型" : "Kind"}{" "}
              <Select
                aria-label={zh ? "问诊类型" : "Kind"}
                value={kind}
                onChange={setKind}
                style={{ width: 120 }}
                options={[
                  { value: "free", label: zh ? "免费" : "Free" },
                  { value: "paid", label: zh ? "付费" : "Paid" },
                ]}
              />
            </span>
          )}
          <Button
            type="primary"
            onClick={() => move.submit()}
            loading={move.pending}
            disabled={move.pending}
          >
            {zh ? `确认：${word(MOVE_VERBS, to, lang)}` : `Confirm: ${word(MOVE_VERBS, to, lang)}`}
          </Button>
          <Button onClick={() => setTo(null)}>{zh ? "取消" : "Cancel"}</Button>
        </Space>
      )}
      <div style={{ marginTop: 12 }}>
        <ProblemAlert
          problem={move.problem}
          reload={() => {
            move.clear();
            reload();
          }}
        />
      </div>
    </Card>
  );
}
