// Finance charts over a chosen period: sales, redemptions and paid refunds per day, and per
// package (GET /finance/series, one call for the period), plus the refund waits.
import { useQuery } from "@tanstack/react-query";
import { Card, Col, DatePicker, Row, Select, Space, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useMemo, useState } from "react";
import { api, unwrap } from "../api/client";
import { afterParam } from "../api/queries";
import { ft } from "../i18n/finance";
import { useLang } from "../i18n/LangContext";
import { formatMoney } from "../lib/money";
import { hospitalToday } from "../lib/today";
import { usePackageNames } from "../pages/finance/packageNames";
import { ErrorBanner } from "../ui/ErrorBanner";
import { Chart } from "./Chart";
import { dailyOption, packageOption, type SeriesPoint, sumSeries } from "./options";
import RefundWaits from "./RefundWaits";

const yuan = (fen: number) => formatMoney({ amount: (fen / 100).toFixed(2), currency: "CNY" });

export default function FinanceCharts() {
  const { lang } = useLang();
  const today = dayjs(hospitalToday());
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([today.subtract(89, "day"), today]);
  const [only, setOnly] = useState<string | undefined>(undefined);
  const since = period[0].format("YYYY-MM-DD");
  const until = period[1].format("YYYY-MM-DD");
  const names = usePackageNames();
  const series = useQuery({
    queryKey: ["finance-series", since, until],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/finance/series", {
          params: { query: { since, until, ...afterParam() } },
        }),
      ) as Promise<{ items: SeriesPoint[] }>,
  });
  const words = {
    sales: ft("sales", lang),
    refunds: ft("refundAmount", lang),
    redemptions: ft("redemptionsCount", lang),
    yuan: ft("yuan", lang),
  };
  const sums = useMemo(
    () => sumSeries(series.data?.items ?? [], since, until, only),
    [series.data, since, until, only],
  );
  const counts = {
    sales: lang === "zh" ? "销售笔数" : "Sold",
    refunds: lang === "zh" ? "退款笔数" : "Refunds paid",
    redemptions: words.redemptions,
    yuan: words.yuan,
  };
  const total = [...sums.byDay.values()].reduce(
    (t, d) => ({ sold: t.sold + d.purchasesFen, refunded: t.refunded + d.refundsFen }),
    { sold: 0, refunded: 0 },
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Space wrap>
        <DatePicker.RangePicker
          allowClear={false}
          value={period}
          disabledDate={(d) => d.isAfter(today, "day")}
          onChange={(v) => v?.[0] && v[1] && setPeriod([v[0], v[1]])}
          aria-label={lang === "zh" ? "统计期间" : "Period"}
        />
        <Select
          allowClear
          style={{ minWidth: 240 }}
          placeholder={ft("allPackages", lang)}
          value={only}
          onChange={setOnly}
          options={[...sums.byPackage.keys()].map((id) => ({
            value: id,
            label: names.get(id) ?? id.slice(0, 8),
          }))}
          aria-label={ft("package", lang)}
        />
        <Typography.Text data-testid="series-totals">
          {ft("sales", lang)} {yuan(total.sold)} · {ft("refundAmount", lang)} {yuan(total.refunded)}
        </Typography.Text>
      </Space>
      {series.isError ? (
        <ErrorBanner error={series.error} retry={() => series.refetch()} />
      ) : (
        <Row gutter={16}>
          <Col xs={24} xl={14}>
            <Card size="small" title={ft("salesChart", lang)}>
              <Chart
                option={dailyOption(sums.byDay, words)}
                height={300}
                label={ft("salesChart", lang)}
              />
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <Card size="small" title={ft("packageChart", lang)}>
              <Chart
                option={packageOption(sums.byPackage, names, counts)}
                height={Math.max(200, 80 + 36 * sums.byPackage.size)}
                label={ft("packageChart", lang)}
              />
            </Card>
          </Col>
        </Row>
      )}
      <RefundWaits since={`${since}T00:00:00+08:00`} />
    </Space>
  );
}
