import { Tag } from "antd";
import { useLang } from "../i18n/LangContext";
import { TIER_NAMES } from "../i18n/messages";
import { SEXES, word } from "../i18n/words";

export function TierTag({ tier }: { tier: string | null | undefined }) {
  const { lang } = useLang();
  const [zh, en, color] = TIER_NAMES[tier ?? "unscreened"] ?? [tier ?? "", tier ?? "", "default"];
  return <Tag color={color}>{lang === "zh" ? zh : en}</Tag>;
}

export function VipTag({ vip }: { vip: boolean | null | undefined }) {
  return vip ? <Tag color="gold">VIP</Tag> : null;
}

export function SexAge({
  sex,
  age,
}: {
  sex: string | null | undefined;
  age: number | null | undefined;
}) {
  const { lang } = useLang();
  const years = age === null || age === undefined ? "—" : lang === "zh" ? `${age}岁` : `${age} y`;
  return (
    <span>
      {word(SEXES, sex, lang)} / {years}
    </span>
  );
}
