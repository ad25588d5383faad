// A light table for the first screen (the workbench): antd's Table pulls in its filter,
// sorter and pagination machinery (rc-select among them), which the initial route's
// JavaScript budget cannot carry. Rows open on click or Enter.
import { Empty, Skeleton } from "antd";
import type { ReactNode } from "react";

export type Column<T> = { key: string; title: string; render: (row: T) => ReactNode };

export function SimpleTable<T>({
  columns,
  rows,
  rowKey,
  onOpen,
  loading,
  empty,
  caption,
}: {
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  onOpen?: (row: T) => void;
  loading?: boolean;
  empty: string;
  caption: string;
}) {
  if (loading) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (rows.length === 0) return <Empty description={empty} />;
  return (
    <table className="cp-table">
      <caption className="cp-visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.key} scope="col">
              {c.title}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr
            key={rowKey(row)}
            onClick={onOpen ? () => onOpen(row) : undefined}
            className={onOpen ? "cp-clickable" : undefined}
          >
            {columns.map((c) => (
              <td key={c.key}>{c.render(row)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
