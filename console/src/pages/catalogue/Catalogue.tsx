// 服务包: the catalogue with filters (status, disease code, code or name), each version a
// row with its status, price, disease codes, drafter and reviewer, and where it sits in its
// version chain. Reviewers land here on the packages awaiting review.
import { Button, Input, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { Link, useLocation } from "wouter";
import type { Me } from "../../api/queries";
import { PACKAGE_STATUS, say } from "../../i18n/catalogue";
import { useLang } from "../../i18n/LangContext";
import { DEPARTMENT_NAMES, named } from "../../i18n/messages";
import { formatMoney } from "../../lib/money";
import { ErrorBanner } from "../../ui/ErrorBanner";
import { isDrafter, isReviewer, type PackageOut, usePackages } from "./data";

export function StatusTag({ status }: { status: string }) {
  const { lang } = useLang();
  return (
    <Tag color={PACKAGE_STATUS[status]?.[2] ?? "default"}>{say(PACKAGE_STATUS, status, lang)}</Tag>
  );
}

export default function Catalogue({ me }: { me: Me }) {
  const { lang, t } = useLang();
  const zh = lang === "zh";
  const [, navigate] = useLocation();
  const reviewer = isReviewer(me.roles);
  const [status, setStatus] = useState(reviewer && !isDrafter(me.roles) ? "in_review" : "");
  const [disease, setDisease] = useState("");
  const [department, setDepartment] = useState("");
  const [q, setQ] = useState("");
  const list = usePackages({ status, disease_code: disease, department, q });
  const rows = list.data?.items ?? [];
  return (
    <section aria-labelledby="catalogue-title">
      <Space style={{ width: "100%", justifyContent: "space-between" }}>
        <Typography.Title id="catalogue-title" level={2} style={{ fontSize: 20 }}>
          {t("packages")}
        </Typography.Title>
        {isDrafter(me.roles) && (
          <Link href="/packages/new">
            <Button type="primary">{zh ? "新建服务包" : "New package"}</Button>
          </Link>
        )}
      </Space>
      <Space wrap style={{ marginBottom: 16 }} role="search">
        <label>
          {zh ? "状态" : "Status"}{" "}
          <select
            className="cp-select"
            style={{ display: "inline-block" }}
            value={status}
            onChange={(e) => setStatus(e.target.value)}
          >
            <option value="">{zh ? "全部" : "All"}</option>
            {Object.keys(PACKAGE_STATUS).map((s) => (
              <option key={s} value={s}>
                {say(PACKAGE_STATUS, s, lang)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {zh ? "科室" : "Department"}{" "}
          <select
            className="cp-select"
            style={{ display: "inline-block" }}
            value={department}
            onChange={(e) => setDepartment(e.target.value)}
          >
            <option value="">{zh ? "全部" : "All"}</option>
            {Object.keys(DEPARTMENT_NAMES).map((d) => (
              <option key={d} value={d}>
                {named(DEPARTMENT_NAMES, d, lang)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {zh ? "病种编码" : "Disease code"}{" "}
          <Input
            value={disease}
            onChange={(e) => setDisease(e.target.value)}
            style={{ width: 120 }}
            allowClear
          />
        </label>
        <label>
          {zh ? "编码或名称" : "Code or name"}{" "}
          <Input
            value={q}
            onChange={(e) => setQ(e.target.value)}
            style={{ width: 200 }}
            allowClear
          />
        </label>
      </Space>
      {list.isError ? (
        <ErrorBanner error={list.error} retry={() => list.refetch()} />
      ) : (
        <Table<PackageOut>
          size="small"
          loading={list.isLoading}
          rowKey="id"
          dataSource={rows}
          pagination={{ pageSize: 20 }}
          onRow={(p) => ({
            onClick: () => navigate(`/packages/${p.id}`),
            className: "cp-clickable",
          })}
          locale={{
            emptyText:
              status === "in_review"
                ? zh
                  ? "没有待审核的服务包。起草人提交审核后会出现在这里。"
                  : "No package awaits review. Packages appear here once their drafter submits them."
                : zh
                  ? "没有符合条件的服务包。可清除筛选条件，或新建服务包。"
                  : "No package matches. Clear the filters, or draft a new package.",
          }}
          columns={[
            { title: zh ? "编码" : "Code", dataIndex: "code" },
            {
              title: zh ? "名称" : "Name",
              key: "name",
              render: (_, p) => <Link href={`/packages/${p.id}`}>{p.name}</Link>,
            },
            {
              title: zh ? "科室" : "Department",
              key: "department",
              render: (_, p) =>
                p.department
                  ? named(DEPARTMENT_NAMES, p.department, lang)
                  : zh
                    ? "全院"
                    : "Hospital-wide",
            },
            { title: zh ? "版本" : "Version", key: "v", render: (_, p) => `v${p.version}` },
            {
              title: zh ? "状态" : "Status",
              key: "s",
              render: (_, p) => <StatusTag status={p.status} />,
            },
            {
              title: zh ? "价格" : "Price",
              key: "p",
              align: "right",
              render: (_, p) => formatMoney(p.price),
            },
            {
              title: zh ? "适用病种" : "Disease codes",
              key: "d",
              render: (_, p) => p.disease_codes.join(", "),
            },
            { title: zh ? "起草人" : "Drafter", dataIndex: "drafter_id" },
            { title: zh ? "审核人" : "Reviewer", key: "r", render: (_, p) => p.reviewed_by ?? "—" },
            {
              title: zh ? "版本链" : "Versions",
              key: "chain",
              render: (_, p) => (
                <Space direction="vertical" size={0}>
                  {p.predecessor_id && (
                    <Link
                      href={`/packages/${p.predecessor_id}`}
                      onClick={(e) => e.stopPropagation()}
                    >
                      {zh ? `替代 v${p.version - 1}` : `Replaces v${p.version - 1}`}
                    </Link>
                  )}
                  {p.successor_id && (
                    <Link href={`/packages/${p.successor_id}`} onClick={(e) => e.stopPropagation()}>
                      {zh ? `已被 v${p.version + 1} 替代` : `Replaced by v${p.version + 1}`}
                    </Link>
                  )}
                </Space>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}
