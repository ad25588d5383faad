// The signed-in frame: left navigation by role, top bar (hospital, role and department,
// language, sign out), the network banner, and the areas, each loaded on first use.
import { Alert, Button, Layout, Menu, Space, Tag, Typography } from "antd";
import { lazy, Suspense, useEffect, useState } from "react";
import { Link, Redirect, Route, Switch, useLocation } from "wouter";
import { useMe } from "../api/queries";
import { setToken } from "../auth/session";
import { useLang } from "../i18n/LangContext";
import { DEPARTMENT_NAMES, named, ROLE_NAMES } from "../i18n/messages";
import { areasFor } from "../nav";
import { ErrorBanner } from "./ErrorBanner";
import { LangSwitch } from "./LangSwitch";
import { PageSkeleton } from "./PageSkeleton";

const Workbench = lazy(() => import("../pages/Workbench"));
const Patients = lazy(() => import("../pages/Patients"));
const PatientChart = lazy(() => import("../pages/PatientChart"));
const Episode = lazy(() => import("../pages/Episode"));
const Redemptions = lazy(() => import("../pages/Redemptions"));
const Finance = lazy(() => import("../pages/finance/Finance"));
const Audit = lazy(() => import("../pages/audit/Audit"));

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener("online", up);
    window.addEventListener("offline", down);
    return () => {
      window.removeEventListener("online", up);
      window.removeEventListener("offline", down);
    };
  }, []);
  return online;
}

export default function Shell() {
  const { lang, t } = useLang();
  const me = useMe(true);
  const online = useOnline();
  const [location] = useLocation();
  if (me.isLoading) return <PageSkeleton />;
  if (me.isError || !me.data) return <ErrorBanner error={me.error} retry={() => me.refetch()} />;
  const areas = areasFor(me.data.roles);
  const selected = areas.filter((a) =>
    a.path === "/" ? location === "/" : location.startsWith(a.path),
  );
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Sider collapsible theme="light" width={180} breakpoint="lg">
        <nav aria-label="main">
          <Typography.Text strong style={{ display: "block", padding: "16px 24px" }}>
            Carepack
          </Typography.Text>
          <Menu
            mode="inline"
            selectedKeys={selected.map((a) => a.key)}
            items={areas.map((a) => ({ key: a.key, label: <Link href={a.path}>{t(a.key)}</Link> }))}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: "#fff",
            display: "flex",
            justifyContent: "space-between",
            alignItems: "center",
            paddingInline: 24,
          }}
        >
          <Typography.Text strong>{t("app")}</Typography.Text>
          <Space>
            <span data-testid="who">
              {me.data.name} ·{" "}
              <Tag color="blue">
                {me.data.roles.map((r) => named(ROLE_NAMES, r, lang)).join("/")}
              </Tag>
              {me.data.departments.map((d) => (
                <Tag key={d}>{named(DEPARTMENT_NAMES, d, lang)}</Tag>
              ))}
            </span>
            <LangSwitch />
            <Button onClick={() => setToken(null)}>{t("signOut")}</Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <main>
            {!online && (
              <Alert
                type="warning"
                showIcon
                banner
                message={t("offline")}
                style={{ marginBottom: 16 }}
              />
            )}
            {areas.length === 0 ? (
              <Alert
                type="info"
                showIcon
                message={
                  lang === "zh"
                    ? `您的角色（${me.data.roles.map((r) => named(ROLE_NAMES, r, "zh")).join("、")}）的工作页面（服务包审核、退款、财务、审计）将在控制台第二部分提供；目前请通过 API 使用。`
                    : `The pages for your role (${me.data.roles.map((r) => named(ROLE_NAMES, r, "en")).join(", ")}: catalogue review, refunds, finance, audit) come with the console's part 2; until then use the API.`
                }
              />
            ) : (
              <Suspense fallback={<PageSkeleton />}>
                <Switch>
                  <Route path="/">
                    {/* each role lands on its own area: finance on 财务, auditors on 审计 */}
                    {areas[0]?.key === "workbench" ? (
                      <Workbench me={me.data} />
                    ) : (
                      <Redirect to={areas[0]?.path ?? "/"} />
                    )}
                  </Route>
                  <Route path="/patients">
                    <Patients me={me.data} />
                  </Route>
                  <Route path="/patients/:id">
                    {(p) => <PatientChart patientId={p.id} me={me.data} />}
                  </Route>
                  <Route path="/episodes/:id">
                    {(p) => <Episode episodeId={p.id} me={me.data} />}
                  </Route>
                  <Route path="/redemptions">
                    <Redemptions me={me.data} />
                  </Route>
                  <Route path="/finance/:tab?">{(p) => <Finance tab={p.tab} />}</Route>
                  <Route path="/audit/:tab?">{(p) => <Audit tab={p.tab} />}</Route>
                  <Route>
                    <Alert type="info" message={t("empty")} />
                  </Route>
                </Switch>
              </Suspense>
            )}
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
