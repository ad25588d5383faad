// A chart, its library fetched on first use: pages import this (small) and never ECharts.
import { Skeleton } from "antd";
import { lazy, Suspense } from "react";
import type { EChartProps } from "./EChart";

const EChart = lazy(() => import("./EChart"));

export function Chart(props: EChartProps) {
  const height = props.height ?? 260;
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: "100%", height }} />}>
      <EChart {...props} />
    </Suspense>
  );
}
