// The one place that touches ECharts: tree-shaken core with the chart types and components
// the console uses, drawn as SVG. The box is an image named by its caller (ECharts' own
// aria description reads every data point aloud, and misreads category axes). Loaded only
// through Chart.tsx's lazy import, so no route's first load pays for it.
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { type EChartsCoreOption, type EChartsType, init, use } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type EChartProps = { option: EChartsCoreOption; height?: number; label: string };

export default function EChart({ option, height = 260, label }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  useEffect(() => {
    if (!box.current) return;
    const made = init(box.current, undefined, { renderer: "svg" });
    chart.current = made;
    const observer =
      typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => made.resize());
    observer?.observe(box.current);
    return () => {
      observer?.disconnect();
      made.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ animation: false, ...option }, true);
  }, [option]);
  return <div ref={box} role="img" aria-label={label} style={{ width: "100%", height }} />;
}
