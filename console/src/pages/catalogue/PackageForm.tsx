// 服务包草稿: every field of product §2.3, grouped as the seeds do — basic facts, why it
// needs management, content, validity and price, care team, enrolment (consultation, the
// intake form builder), refund rules and policy, display texts. New, or a draft revised.
import { Alert, Button, Card, Checkbox, Input, Space, Typography } from "antd";
import { type ReactNode, useEffect, useState } from "react";
import { Link, useLocation } from "wouter";
import { api, command } from "../../api/client";
import { ifMatch, useCommand } from "../../api/command";
import { fieldErrors } from "../../api/problem";
import type { Me } from "../../api/queries";
import { CARE_TEAM, say } from "../../i18n/catalogue";
import { useLang } from "../../i18n/LangContext";
import { DEPARTMENT_NAMES, named } from "../../i18n/messages";
import { ErrorBanner } from "../../ui/ErrorBanner";
import { PageSkeleton } from "../../ui/PageSkeleton";
import { ProblemAlert } from "../../ui/ProblemAlert";
import { usePackage } from "./data";
import { type Draft, EMPTY, fromPackage, toBody } from "./draft";
import { IntakeBuilder } from "./IntakeBuilder";
import { ItemsEditor } from "./ItemsEditor";
import { intakeProblems } from "./intake";

function Field({ label, children, error }: { label: string; children: ReactNode; error?: string }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control comes in as `children`
    <label style={{ display: "block", marginBottom: 12 }}>
      <span style={{ display: "block" }}>{label}</span>
      {children}
      {error && (
        <Typography.Text type="danger" style={{ display: "block" }}>
          {error}
        </Typography.Text>
      )}
    </label>
  );
}

const { TextArea } = Input;

export default function PackageForm({ me, packageId }: { me: Me; packageId?: string }) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const [, navigate] = useLocation();
  const existing = usePackage(packageId);
  // A new package is offered by the drafter's department when they have exactly one.
  const [draft, setDraft] = useState<Draft>(() =>
    me.departments.length === 1 ? { ...EMPTY, department: me.departments[0] ?? "" } : EMPTY,
  );
  const [loaded, setLoaded] = useState(!packageId);
  useEffect(() => {
    if (existing.data && !loaded) {
      setDraft(fromPackage(existing.data));
      setLoaded(true);
    }
  }, [existing.data, loaded]);
  const save = useCommand(
    (key) =>
      packageId
        ? command(
            api.PUT("/api/v1/packages/{package_id}", {
              params: { path: { package_id: packageId } },
              body: toBody(draft),
              headers: { "Idempotency-Key": key, ...ifMatch(existing.data?.aggregate_version) },
            }),
          )
        : command(
            api.POST("/api/v1/packages", {
              body: toBody(draft),
              headers: { "Idempotency-Key": key },
            }),
          ),
    {
      invalidate: [["packages"], ["package"]],
      onDone: (done) => navigate(`/packages/${done.data.id}`),
    },
  );
  if (packageId && existing.isLoading) return <PageSkeleton />;
  if (existing.isError)
    return <ErrorBanner error={existing.error} retry={() => existing.refetch()} />;
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const errors = save.problem ? fieldErrors(save.problem) : {};
  const err = (name: string) =>
    Object.entries(errors).find(([k]) => k === name || k.startsWith(`${name}.`))?.[1];
  const line = (key: keyof Draft, label: string, field = key as string) => (
    <Field label={label} error={err(field)}>
      <Input value={String(draft[key])} onChange={(e) => set({ [key]: e.target.value })} />
    </Field>
  );
  const text = (key: keyof Draft, label: string) => (
    <Field label={label} error={err(key)}>
      <TextArea
        value={String(draft[key])}
        autoSize={{ minRows: 2, maxRows: 8 }}
        onChange={(e) => set({ [key]: e.target.value })}
      />
    </Field>
  );
  const blocked = Object.keys(intakeProblems(draft.intake, lang)).length > 0;
  const title = packageId
    ? zh
      ? "修改服务包草稿"
      : "Revise the draft"
    : zh
      ? "新建服务包"
      : "New package";
  return (
    <form
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault();
        if (!blocked) void save.submit();
      }}
    >
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {title}
      </Typography.Title>
      <Space direction="vertical" style={{ width: "100%", maxWidth: 1000 }}>
        <Card size="small" title={zh ? "基本信息" : "Basic facts"}>
          {line("code", zh ? "服务包编码" : "Code")}
          {line("name", zh ? "名称" : "Name")}
          {line(
            "disease_codes",
            zh ? "适用病种（ICD-10，逗号分隔）" : "Disease codes (ICD-10, comma-separated)",
          )}
          {text("target_population", zh ? "目标人群" : "Target population")}
        </Card>
        <Card size="small" title={zh ? "管理必要性" : "Why it needs management"}>
          {text("why_manage", zh ? "管理必要性" : "Why it needs management")}
        </Card>
        <Card size="small" title={zh ? "服务内容" : "Content"}>
          <ItemsEditor items={draft.items} onChange={(items) => set({ items })} />
          {err("items") && <Typography.Text type="danger">{err("items")}</Typography.Text>}
        </Card>
        <Card size="small" title={zh ? "有效期与价格" : "Validity and price"}>
          <Space wrap>
            {line("validity_days", zh ? "有效期（天）" : "Validity (days)")}
            {line("price", zh ? "价格（元）" : "Price (CNY)", "price")}
          </Space>
        </Card>
        <Card size="small" title={zh ? "科室与服务团队（工作组）" : "Department and care team"}>
          <Space wrap align="start">
            <Field label={zh ? "开设科室" : "Offered by"}>
              <select
                className="cp-select"
                value={draft.department}
                onChange={(e) => set({ department: e.target.value })}
              >
                <option value="">{zh ? "全院" : "Hospital-wide"}</option>
                {Object.keys(DEPARTMENT_NAMES).map((d) => (
                  <option key={d} value={d}>
                    {named(DEPARTMENT_NAMES, d, lang)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={zh ? "团队类型" : "Team kind"}>
              <select
                className="cp-select"
                value={draft.care_team_kind}
                onChange={(e) => set({ care_team_kind: e.target.value })}
              >
                {Object.keys(CARE_TEAM).map((k) => (
                  <option key={k} value={k}>
                    {say(CARE_TEAM, k, lang)}
                  </option>
                ))}
              </select>
            </Field>
            {line("care_team_id", zh ? "工作组或医生编号" : "Work group or doctor id", "care_team")}
            {line("care_team_name", zh ? "工作组或医生名称" : "Work group or doctor name")}
          </Space>
        </Card>
        <Card size="small" title={zh ? "入组" : "Enrolment"}>
          <Checkbox
            checked={draft.consultation_required}
            onChange={(e) => set({ consultation_required: e.target.checked })}
          >
            {zh ? "入组前需医生咨询" : "A doctor consults before enrolment"}
          </Checkbox>
          <Typography.Title level={3} style={{ fontSize: 15, marginTop: 12 }}>
            {zh ? "随访建档表单" : "Intake form"}
          </Typography.Title>
          <IntakeBuilder fields={draft.intake} onChange={(intake) => set({ intake })} />
        </Card>
        <Card size="small" title={zh ? "退订规则" : "Refund rules"}>
          {text("refund_rules", zh ? "退订规则（展示给患者）" : "Refund rules (shown to patients)")}
          <Checkbox
            checked={draft.full_before_start}
            onChange={(e) => set({ full_before_start: e.target.checked })}
          >
            {zh
              ? "服务开始前可全额退（患者可自助）"
              : "In full before the service starts (self-service)"}
          </Checkbox>
          <Space wrap style={{ marginTop: 12 }}>
            {line(
              "cooling_off_days",
              zh ? "冷静期（天）" : "Cooling-off (days)",
              "refund_policy.cooling_off_days",
            )}
            {line("fee_pct", zh ? "手续费（%）" : "Fee (%)", "refund_policy.fee_pct")}
            {line(
              "non_refundable",
              zh ? "交付后不可退的项目编码" : "Items not refundable once delivered",
            )}
          </Space>
        </Card>
        <Card size="small" title={zh ? "展示文案" : "Display texts"}>
          {text("description", zh ? "服务介绍" : "Description")}
          {text("precautions", zh ? "注意事项" : "Precautions")}
        </Card>
        {blocked && (
          <Alert
            type="warning"
            showIcon
            message={zh ? "请先修正建档表单中的问题。" : "Fix the intake form first."}
          />
        )}
        <ProblemAlert problem={save.problem} reload={() => existing.refetch()} />
        <Space>
          <Button type="primary" htmlType="submit" loading={save.pending} disabled={blocked}>
            {zh ? "保存草稿" : "Save the draft"}
          </Button>
          <Link href={packageId ? `/packages/${packageId}` : "/packages"}>
            {zh ? "取消" : "Cancel"}
          </Link>
        </Space>
      </Space>
    </form>
  );
}
