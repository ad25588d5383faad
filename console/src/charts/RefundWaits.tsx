// How long refunds wait at each step (agree, approve, pay out): median, 90th percentile
// and the longest wait now, in hours, with how many wait at each step. Self-contained (it
// reads GET /finance/refund-waits, open to finance, service leads and service staff), so
// the refunds queue and the finance page can both show it: <RefundWaits since={iso} />;
// without `since`, refunds requested in the last 90 days.
import { useQuery } from "@tanstack/react-query";
import { Alert, Card, Space, Statistic } from "antd";
import dayjs from "dayjs";
import { useMemo, useState } from "react";
import { api, unwrap } from "../api/client";
import { afterParam } from "../api/queries";
import { ft, WAIT_STEPS } from "../i18n/finance";
import { useLang } from "../i18n/LangContext";
import { ErrorBanner } from "../ui/ErrorBanner";
import { Chart } from "./Chart";
import { type StepWait, waitsOption } from "./options";

export default function RefundWaits({ since, until }: { since?: string; until?: string }) {
  const { lang } = useLang();
  const [from] = useState(() => since ?? dayjs().subtract(90, "day").startOf("day").toISOString());
  const start = since ?? from;
  const waits = useQuery({
    queryKey: ["refund-waits", start, until],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/finance/refund-waits", {
          params: { query: { since: start, until, ...afterParam() } },
        }),
      ) as Promise<{ steps: StepWait[] }>,
  });
  const steps = waits.data?.steps ?? [];
  const option = useMemo(() => waitsOption(steps, WAIT_STEPS, lang), [steps, lang]);
  const nothing = steps.every((s) => s.done === 0 && s.waiting === 0);
  return (
    <Card size="small" title={ft("waitsChart", lang)} data-testid="refund-waits">
      {waits.isError ? (
        <ErrorBanner error={waits.error} retry={() => waits.refetch()} />
      ) : waits.isLoading ? null : nothing ? (
        <Alert type="info" message={ft("noWaits", lang)} />
      ) : (
        <>
          <Space size="large" wrap style={{ marginBottom: 8 }}>
            {steps.map((s) => (
              <Statistic
                key={s.step}
                title={`${WAIT_STEPS[s.step]?.[lang === "zh" ? 0 : 1] ?? s.step} · ${ft("waiting", lang)}`}
                value={s.waiting}
              />
            ))}
          </Space>
          <Chart option={option} height={240} label={ft("waitsChart", lang)} />
        </>
      )}
    </Card>
  );
}
