// 财务: money only (no clinical text). Overview first (today's totals, refunds awaiting
// finance, the last reconciliation), then the refund ledger, balances per package, daily
// totals, charts and reconciliation, each a tab with its own address (/finance/<tab>).
import { useQuery } from "@tanstack/react-query";
import { Card, Col, Row, Statistic, Tabs, Typography } from "antd";
import { lazy, Suspense } from "react";
import { useLocation } from "wouter";
import { api, unwrap } from "../../api/client";
import { afterParam } from "../../api/queries";
import { ft } from "../../i18n/finance";
import { useLang } from "../../i18n/LangContext";
import { needsFinance, type OpenRefund } from "../../lib/approval";
import { hospitalToday } from "../../lib/today";
import { PageSkeleton } from "../../ui/PageSkeleton";
import Daily, { type DailyRow } from "./Daily";
import { Amount, sumMoney } from "./money";
import Packages from "./Packages";
import Reconcile, { LAST_REPORT } from "./Reconcile";
import Refunds from "./Refunds";

const FinanceCharts = lazy(() => import("../../charts/FinanceCharts"));
export const FINANCE_TABS = [
  "overview",
  "refunds",
  "packages",
  "daily",
  "charts",
  "reconcile",
] as const;

function useCount(status: string) {
  return useQuery({
    queryKey: ["finance-count", status],
    queryFn: async () => {
      const page = (await unwrap(
        api.GET("/api/v1/finance/refunds", {
          params: { query: { status, limit: 200, ...afterParam() } },
        }),
      )) as { items: unknown[]; next_cursor: string | null };
      return page.next_cursor ? `${page.items.length}+` : String(page.items.length);
    },
  });
}

/** Open refunds (quoted, agreed) that wait for finance's approval (one call per status). */
function useAwaitingApproval() {
  return useQuery({
    queryKey: ["finance-awaiting-approval"],
    queryFn: async () => {
      const pages = await Promise.all(
        ["quoted", "agreed"].map(
          (status) =>
            unwrap(
              api.GET("/api/v1/finance/refunds", {
                params: { query: { status, limit: 200, ...afterParam() } },
              }),
            ) as Promise<{ items: OpenRefund[]; next_cursor: string | null }>,
        ),
      );
      const count = pages.flatMap((p) => p.items).filter(needsFinance).length;
      return pages.some((p) => p.next_cursor) ? `${count}+` : String(count);
    },
  });
}

function Overview() {
  const { lang } = useLang();
  const [, go] = useLocation();
  const today = hospitalToday();
  const daily = useQuery({
    queryKey: ["finance-daily", today, today],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/finance/daily", {
          params: { query: { since: today, until: today, ...afterParam() } },
        }),
      ) as Promise<{ items: DailyRow[] }>,
  });
  const approval = useAwaitingApproval();
  const approved = useCount("approved");
  const failed = useCount("payment_failed");
  const last = sessionStorage.getItem(LAST_REPORT);
  const report = useQuery({
    queryKey: ["reconciliation", last],
    enabled: last !== null,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/finance/reconciliations/{report_id}", {
          params: { path: { report_id: last ?? "" } },
        }),
      ) as Promise<{ counts: Record<string, number> }>,
  });
  const rows = daily.data?.items ?? [];
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card size="small" title={`${ft("today", lang)} · ${today}`} loading={daily.isLoading}>
          <Row gutter={16}>
            <Col span={6}>
              <Statistic
                title={ft("purchases", lang)}
                value={rows.reduce((n, r) => n + r.purchases_count, 0)}
              />
            </Col>
            <Col span={6}>
              <Statistic
                title={ft("purchasesAmount", lang)}
                valueRender={() => <Amount money={sumMoney(rows.map((r) => r.purchases_amount))} />}
              />
            </Col>
            <Col span={6}>
              <Statistic
                title={ft("refundsPaid", lang)}
                value={rows.reduce((n, r) => n + r.refunds_paid_count, 0)}
              />
            </Col>
            <Col span={6}>
              <Statistic
                title={ft("refundsPaidAmount", lang)}
                valueRender={() => (
                  <Amount money={sumMoney(rows.map((r) => r.refunds_paid_amount))} />
                )}
              />
            </Col>
          </Row>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={ft("awaitingFinance", lang)}>
          <Row gutter={16}>
            <Col
              span={8}
              onClick={() => go("/finance/refunds?status=agreed")}
              style={{ cursor: "pointer" }}
            >
              <Statistic
                title={
                  lang === "zh" ? "待财务审批（超报价/善意）" : "To approve (above quote, goodwill)"
                }
                value={approval.data ?? "…"}
                data-testid="awaiting-approval"
              />
            </Col>
            <Col
              span={8}
              onClick={() => go("/finance/refunds?status=approved")}
              style={{ cursor: "pointer" }}
            >
              <Statistic
                title={lang === "zh" ? "已批准待打款" : "Approved, to pay out"}
                value={approved.data ?? "…"}
              />
            </Col>
            <Col
              span={8}
              onClick={() => go("/finance/refunds?status=payment_failed")}
              style={{ cursor: "pointer" }}
            >
              <Statistic
                title={lang === "zh" ? "打款失败" : "Payout failed"}
                value={failed.data ?? "…"}
                valueStyle={failed.data && failed.data !== "0" ? { color: "#cf1322" } : undefined}
              />
            </Col>
          </Row>
        </Card>
      </Col>
      <Col xs={24}>
        <Card
          size="small"
          title={lang === "zh" ? "最近一次对账（本次登录）" : "Last reconciliation (this session)"}
        >
          {report.data ? (
            <Typography.Text>
              {Object.entries(report.data.counts)
                .map(([s, n]) => `${s}: ${n}`)
                .join(" · ")}
            </Typography.Text>
          ) : (
            <Typography.Text type="secondary">
              {lang === "zh"
                ? "本次登录尚未对账。在“对账”页上传支付方结算文件。"
                : "No reconciliation yet in this session: upload the provider's settlement file on the Reconciliation tab."}
            </Typography.Text>
          )}
        </Card>
      </Col>
    </Row>
  );
}

export default function Finance({ tab = "overview" }: { tab?: string }) {
  const { lang, t } = useLang();
  const [, go] = useLocation();
  const status = new URLSearchParams(window.location.search).get("status") ?? undefined;
  const page = {
    overview: <Overview />,
    refunds: <Refunds key={status ?? "all"} initialStatus={status} />,
    packages: <Packages />,
    daily: <Daily />,
    charts: (
      <Suspense fallback={<PageSkeleton />}>
        <FinanceCharts />
      </Suspense>
    ),
    reconcile: <Reconcile />,
  } as const;
  const active = (FINANCE_TABS as readonly string[]).includes(tab)
    ? (tab as keyof typeof page)
    : "overview";
  return (
    <section aria-labelledby="finance-title">
      <Typography.Title id="finance-title" level={2} style={{ fontSize: 20 }}>
        {t("finance")}
      </Typography.Title>
      <Tabs
        activeKey={active}
        onChange={(key) => go(`/finance/${key}`)}
        destroyInactiveTabPane
        items={FINANCE_TABS.map((key) => ({
          key,
          label: ft(
            key === "overview" ? "overview" : key === "reconcile" ? "reconcile" : key,
            lang,
          ),
          children: page[key],
        }))}
      />
    </section>
  );
}
