// 患者: search by name or phone, the list of the caller's departments' patients.
import { useQuery } from "@tanstack/react-query";
import { Card, Empty, Input, Table, Typography } from "antd";
import { useState } from "react";
import { useLocation } from "wouter";
import { api, unwrap } from "../api/client";
import { afterParam, type Me } from "../api/queries";
import { useLang } from "../i18n/LangContext";
import { DEPARTMENT_NAMES, named } from "../i18n/messages";
import { STAGES, word } from "../i18n/words";
import { ErrorBanner } from "../ui/ErrorBanner";
import { SexAge, TierTag, VipTag } from "../ui/tags";
import { Pager } from "./Workbench";

type Row = {
  patient_id: string;
  department: string;
  name?: string | null;
  sex?: string | null;
  age?: number | null;
  phone?: string | null;
  masked_id_number: string;
  risk_tier: string | null;
  vip: boolean;
  stage: string;
  next_follow_up: string | null;
};

export default function Patients(_props: { me: Me }) {
  const { lang, t } = useLang();
  const [, navigate] = useLocation();
  const [q, setQ] = useState("");
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const list = useQuery({
    queryKey: ["patients", q, cursor],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/dashboard/patients", {
          params: {
            query: {
              limit: 20,
              ...(q ? { q } : {}),
              ...(cursor ? { cursor } : {}),
              ...afterParam(),
            },
          },
        }),
      ) as Promise<{ items: Row[]; next_cursor: string | null }>,
  });
  const zh = lang === "zh";
  return (
    <section aria-labelledby="patients-title">
      <Typography.Title id="patients-title" level={2} style={{ fontSize: 20 }}>
        {t("patients")}
      </Typography.Title>
      <Card size="small">
        <Input.Search
          aria-label={t("search")}
          placeholder={t("search")}
          allowClear
          enterButton
          style={{ maxWidth: 360, marginBottom: 12 }}
          onSearch={(value) => {
            setQ(value.trim());
            setCursors([null]);
          }}
        />
        {list.isError ? (
          <ErrorBanner error={list.error} retry={() => list.refetch()} />
        ) : (
          <Table<Row>
            size="small"
            rowKey={(r) => `${r.patient_id}:${r.department}`}
            loading={list.isLoading}
            dataSource={list.data?.items ?? []}
            pagination={false}
            locale={{
              emptyText: (
                <Empty
                  description={
                    q
                      ? zh
                        ? `没有姓名或电话包含“${q}”的患者。`
                        : `No patient's name or phone contains "${q}".`
                      : zh
                        ? "您的科室暂无患者：登记患者并开立病程后会显示在这里。"
                        : "No patients in your departments yet: registered patients with an episode appear here."
                  }
                />
              ),
            }}
            onRow={(r) => ({
              onClick: () => navigate(`/patients/${r.patient_id}`),
              style: { cursor: "pointer" },
            })}
            columns={[
              {
                title: t("name"),
                key: "name",
                render: (_: unknown, r: Row) => (
                  <a
                    href={`/console/patients/${r.patient_id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(`/patients/${r.patient_id}`);
                    }}
                  >
                    {r.name ?? "—"}
                  </a>
                ),
              },
              {
                title: t("sexAge"),
                key: "sa",
                render: (_: unknown, r: Row) => <SexAge sex={r.sex} age={r.age} />,
              },
              { title: t("phone"), dataIndex: "phone" },
              { title: t("idNumber"), dataIndex: "masked_id_number" },
              {
                title: t("tier"),
                key: "tier",
                render: (_: unknown, r: Row) => (
                  <>
                    <TierTag tier={r.risk_tier} />
                    <VipTag vip={r.vip} />
                  </>
                ),
              },
              {
                title: t("department"),
                key: "d",
                render: (_: unknown, r: Row) => named(DEPARTMENT_NAMES, r.department, lang),
              },
              {
                title: t("stage"),
                key: "s",
                render: (_: unknown, r: Row) => word(STAGES, r.stage, lang),
              },
              {
                title: t("nextFollowUp"),
                dataIndex: "next_follow_up",
                render: (v: string | null) => v ?? "—",
              },
            ]}
            footer={() => (
              <Pager
                page={cursors.length}
                back={cursors.length > 1 ? () => setCursors(cursors.slice(0, -1)) : undefined}
                next={
                  list.data?.next_cursor
                    ? () => setCursors([...cursors, list.data?.next_cursor ?? null])
                    : undefined
                }
              />
            )}
          />
        )}
      </Card>
    </section>
  );
}
