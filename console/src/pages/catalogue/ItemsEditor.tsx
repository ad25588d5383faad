// 服务内容: the package's items, each with its count, refund weight and how it is redeemed.
import { Button, Input, Space } from "antd";
import { ITEM_KIND, REDEMPTION, say } from "../../i18n/catalogue";
import { useLang } from "../../i18n/LangContext";
import { emptyItem, type ItemDraft } from "./draft";

export function ItemsEditor({
  items,
  onChange,
}: {
  items: ItemDraft[];
  onChange: (items: ItemDraft[]) => void;
}) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const change = (i: number, patch: Partial<ItemDraft>) =>
    onChange(items.map((item, j) => (j === i ? { ...item, ...patch } : item)));
  const text = (i: number, key: keyof ItemDraft, label: string, width: number) => (
    <label>
      {label}
      <Input
        value={items[i]?.[key]}
        onChange={(e) => change(i, { [key]: e.target.value })}
        style={{ width }}
      />
    </label>
  );
  return (
    <fieldset className="cp-fieldset">
      <legend className="cp-visually-hidden">{zh ? "服务内容" : "Items"}</legend>
      {items.map((item, i) => {
        const n = i + 1;
        return (
          <Space key={i} wrap align="end" style={{ marginBottom: 8 }} data-testid={`item-${n}`}>
            {text(i, "code", zh ? `项目${n}编码` : `Item ${n} code`, 120)}
            {text(i, "name", zh ? `项目${n}名称` : `Item ${n} name`, 160)}
            <label>
              {zh ? `项目${n}类型` : `Item ${n} kind`}
              <select
                className="cp-select"
                value={item.kind}
                onChange={(e) => change(i, { kind: e.target.value })}
              >
                {Object.keys(ITEM_KIND).map((k) => (
                  <option key={k} value={k}>
                    {say(ITEM_KIND, k, lang)}
                  </option>
                ))}
              </select>
            </label>
            {text(i, "quantity", zh ? `项目${n}次数` : `Item ${n} count`, 70)}
            {text(i, "weight", zh ? `项目${n}退款权重` : `Item ${n} refund weight`, 70)}
            <label>
              {zh ? `项目${n}核销方式` : `Item ${n} redemption`}
              <select
                className="cp-select"
                value={item.redemption}
                onChange={(e) => change(i, { redemption: e.target.value })}
              >
                {Object.keys(REDEMPTION).map((k) => (
                  <option key={k} value={k}>
                    {say(REDEMPTION, k, lang)}
                  </option>
                ))}
              </select>
            </label>
            <Button
              disabled={items.length === 1}
              onClick={() => onChange(items.filter((_, j) => j !== i))}
            >
              {zh ? `删除项目${n}` : `Remove item ${n}`}
            </Button>
          </Space>
        );
      })}
      <div>
        <Button onClick={() => onChange([...items, emptyItem()])}>
          {zh ? "添加项目" : "Add an item"}
        </Button>
      </div>
    </fieldset>
  );
}
