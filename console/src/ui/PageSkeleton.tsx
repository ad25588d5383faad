import { Skeleton } from "antd";

export function PageSkeleton() {
  return (
    <div style={{ padding: 24 }} aria-busy="true">
      <Skeleton active paragraph={{ rows: 6 }} />
    </div>
  );
}
