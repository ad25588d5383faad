// An episode of care: the patient header, stage and moves, screening, care plan,
// observations, follow-ups and the package recommendation.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Card, Col, Row, Space, Typography } from "antd";
import { useRef, useState } from "react";
import { Link } from "wouter";
import { accessReasons, api, command, glassHeaders, unwrap } from "../api/client";
import { ifMatch, useCommand } from "../api/command";
import { ApiError } from "../api/problem";
import type { Me } from "../api/queries";
import type { Episode as EpisodeData } from "../api/types";
import { useLang } from "../i18n/LangContext";
import { DEPARTMENT_NAMES, named } from "../i18n/messages";
import { ageOn } from "../lib/time";
import { hospitalToday } from "../lib/today";
import { ErrorBanner } from "../ui/ErrorBanner";
import { OutOfScope } from "../ui/OutOfScope";
import { PageSkeleton } from "../ui/PageSkeleton";
import { CarePlanCard, ObservationsCard, RecommendCard } from "./episode/CareCards";
import { FollowUps } from "./episode/FollowUps";
import { type ScreeningAnswer, ScreeningForm } from "./episode/ScreeningForm";
import { StageCard } from "./episode/StageCard";
import { PatientHeader, useOverview } from "./PatientChart";

function reasonFor(episodeId: string, patientId?: string): Record<string, string> {
  const byPatient = glassHeaders(patientId);
  return Object.keys(byPatient).length ? byPatient : glassHeaders(episodeId);
}

export default function Episode({ episodeId, me }: { episodeId: string; me: Me }) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const client = useQueryClient();
  const [screened, setScreened] = useState<ScreeningAnswer | null>(null);
  const pendingBody = useRef<Record<string, unknown>>({});
  const found = useQuery({
    queryKey: ["episode", episodeId],
    queryFn: async () => {
      const answer = await api.GET("/api/v1/episodes/{episode_id}", {
        params: { path: { episode_id: episodeId } },
        headers: reasonFor(episodeId),
      });
      const data = (await unwrap(Promise.resolve(answer))) as unknown as EpisodeData;
      const etag = answer.response.headers.get("ETag");
      return {
        ...data,
        version: etag ? Number(etag.replaceAll('"', "")) : undefined,
      } as EpisodeData;
    },
  });
  const episode = found.data;
  const overview = useOverview(episode?.patient_id ?? "", Boolean(episode));
  const headers = reasonFor(episodeId, episode?.patient_id);
  const screen = useCommand(
    (key) =>
      command(
        api.POST("/api/v1/episodes/{episode_id}/screenings", {
          params: { path: { episode_id: episodeId } },
          body: pendingBody.current,
          headers: { ...headers, ...ifMatch(episode?.version), "Idempotency-Key": key },
        }),
      ),
    {
      invalidate: [
        ["episode", episodeId],
        ["overview", episode?.patient_id ?? ""],
        ["worklist"],
        ["summary"],
      ],
      onDone: (done) => setScreened(done.data as unknown as ScreeningAnswer),
    },
  );
  const reload = () => {
    client.invalidateQueries({ queryKey: ["episode", episodeId] });
    client.invalidateQueries({ queryKey: ["overview", episode?.patient_id ?? ""] });
  };
  if (found.isLoading) return <PageSkeleton />;
  if (found.error instanceof ApiError && found.error.problem.code === "out_of_scope") {
    return <OutOfScope patientId={episodeId} onGranted={reload} />;
  }
  if (found.isError || !episode)
    return <ErrorBanner error={found.error} retry={() => found.refetch()} />;
  if (accessReasons.has(episodeId) && !accessReasons.has(episode.patient_id)) {
    accessReasons.set(episode.patient_id, accessReasons.get(episodeId) ?? "");
  }
  const patient = overview.data?.patient;
  const age = patient ? ageOn(patient.birth_date, hospitalToday()) : null;
  const clinician = me.roles.some((r) => r === "doctor" || r === "nurse" || r === "admin");
  return (
    <section aria-label={zh ? "病程" : "Episode"}>
      {overview.data && <PatientHeader overview={overview.data} />}
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {episode.condition.code} {episode.condition.label} ·{" "}
        {named(DEPARTMENT_NAMES, episode.department, lang)}{" "}
        <Link href={`/patients/${episode.patient_id}`} style={{ fontSize: 14 }}>
          {zh ? "返回患者" : "Back to the patient"}
        </Link>
      </Typography.Title>
      <Space direction="vertical" style={{ width: "100%" }} size="middle">
        <StageCard episode={episode} headers={headers} reload={reload} />
        <Row gutter={16}>
          <Col xs={24} xl={12}>
            <Card size="small" title={zh ? "营养风险筛查" : "Nutrition screening"}>
              {clinician ? (
                <ScreeningForm
                  key={`${episode.id}-${age ?? ""}`}
                  age={age}
                  pending={screen.pending}
                  problem={screen.problem}
                  result={screened}
                  reload={() => {
                    screen.clear();
                    reload();
                  }}
                  onSubmit={(body) => {
                    pendingBody.current = body;
                    setScreened(null);
                    screen.submit();
                  }}
                />
              ) : (
                <p>{zh ? "筛查由医生或护士记录。" : "Doctors and nurses record screenings."}</p>
              )}
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Space direction="vertical" style={{ width: "100%" }} size="middle">
              <CarePlanCard episode={episode} headers={headers} reload={reload} />
              <ObservationsCard episode={episode} headers={headers} reload={reload} />
              {me.roles.includes("doctor") && (
                <RecommendCard episode={episode} headers={headers} reload={reload} />
              )}
            </Space>
          </Col>
        </Row>
        <FollowUps
          episode={episode}
          overview={overview.data}
          headers={headers}
          me={me.subject}
          reload={reload}
        />
      </Space>
    </section>
  );
}
