// A published package, for reviewers: a new price, new display texts (name, description,
// precautions) — nothing else changes once published (product §2.3) — or delisting it.
import { Button, Input, Popconfirm, Space } from "antd";
import { useState } from "react";
import { useLang } from "../../i18n/LangContext";
import { formatMoney } from "../../lib/money";
import { ProblemAlert } from "../../ui/ProblemAlert";
import type { PackageOut } from "./data";
import { usePackageCommand } from "./packageCommand";

export function PublishedActions({ p, reload }: { p: PackageOut; reload: () => void }) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const [reason, setReason] = useState("");
  const [price, setPrice] = useState(p.price.amount);
  const [name, setName] = useState(p.name);
  const [description, setDescription] = useState(p.description);
  const [precautions, setPrecautions] = useState(p.precautions);
  const delist = usePackageCommand(p, "delist", () => ({ reason }));
  const reprice = usePackageCommand(p, "price", () => ({
    price: { amount: price.trim(), currency: p.price.currency },
  }));
  const display = usePackageCommand(p, "display", () => ({ name, description, precautions }));
  const reasonBox = (
    <label>
      {zh ? "理由" : "Reason"}{" "}
      <Input value={reason} onChange={(e) => setReason(e.target.value)} style={{ width: 260 }} />
    </label>
  );
  return (
    <>
      <Space wrap>
        <label>
          {zh ? "新价格（元）" : "New price (CNY)"}{" "}
          <Input value={price} onChange={(e) => setPrice(e.target.value)} style={{ width: 120 }} />
        </label>
        <Popconfirm
          okText={zh ? "确定" : "OK"}
          cancelText={zh ? "取消" : "Cancel"}
          title={
            zh
              ? `调价为 ${formatMoney({ amount: price || "0", currency: p.price.currency })}？已购买的患者不受影响。`
              : `Change the price to ${formatMoney({ amount: price || "0", currency: p.price.currency })}? Existing purchases keep theirs.`
          }
          onConfirm={() => reprice.submit()}
        >
          <Button loading={reprice.pending}>{zh ? "调价" : "Change price"}</Button>
        </Popconfirm>
      </Space>
      <Space wrap align="end">
        <label>
          {zh ? "展示名称" : "Display name"}{" "}
          <Input value={name} onChange={(e) => setName(e.target.value)} style={{ width: 200 }} />
        </label>
        <label>
          {zh ? "展示介绍" : "Display description"}{" "}
          <Input
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            style={{ width: 240 }}
          />
        </label>
        <label>
          {zh ? "展示注意事项" : "Display precautions"}{" "}
          <Input
            value={precautions}
            onChange={(e) => setPrecautions(e.target.value)}
            style={{ width: 240 }}
          />
        </label>
        <Button loading={display.pending} onClick={() => display.submit()}>
          {zh ? "保存展示文案" : "Save display texts"}
        </Button>
      </Space>
      <Space wrap>
        {reasonBox}
        <Popconfirm
          okText={zh ? "确定" : "OK"}
          cancelText={zh ? "取消" : "Cancel"}
          title={
            zh
              ? "下架？患者将不能再购买，已购买的不受影响。"
              : "Delist? Nobody can buy it any more; purchases stay."
          }
          onConfirm={() => delist.submit()}
          disabled={!reason.trim()}
        >
          <Button danger disabled={!reason.trim()} loading={delist.pending}>
            {zh ? "下架" : "Delist"}
          </Button>
        </Popconfirm>
      </Space>
      <ProblemAlert
        problem={reprice.problem ?? display.problem ?? delist.problem}
        reload={reload}
      />
    </>
  );
}
