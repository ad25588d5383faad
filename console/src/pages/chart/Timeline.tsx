// 时间线: the patient's history, newest first.
import { useQuery } from "@tanstack/react-query";
import { Timeline as AntTimeline, Empty, Skeleton } from "antd";
import { api, glassHeaders, unwrap } from "../../api/client";
import { afterParam } from "../../api/queries";
import { formatDateTime } from "../../lib/time";
import { ErrorBanner } from "../../ui/ErrorBanner";

type Entry = { position: number; at: string | null; type: string; summary: string };

export function Timeline({ patientId }: { patientId: string }) {
  const found = useQuery({
    queryKey: ["timeline", patientId],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/patients/{patient_id}/timeline", {
          params: { path: { patient_id: patientId }, query: { limit: 200, ...afterParam() } },
          headers: glassHeaders(patientId),
        }),
      ) as Promise<{ items: Entry[] }>,
  });
  if (found.isLoading) return <Skeleton active />;
  if (found.isError) return <ErrorBanner error={found.error} retry={() => found.refetch()} />;
  const items = [...(found.data?.items ?? [])].reverse();
  if (items.length === 0) return <Empty />;
  return (
    <AntTimeline
      items={items.map((e) => ({
        key: e.position,
        children: (
          <span>
            <strong>{formatDateTime(e.at)}</strong> · {e.summary}
          </span>
        ),
      }))}
    />
  );
}
