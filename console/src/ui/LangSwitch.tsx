import { Segmented } from "antd";
import { useLang } from "../i18n/LangContext";
import type { Lang } from "../i18n/lang";

export function LangSwitch() {
  const { lang, setLang, t } = useLang();
  return (
    <Segmented<Lang>
      aria-label={t("language")}
      value={lang}
      onChange={setLang}
      options={[
        { label: "中文", value: "zh" },
        { label: "English", value: "en" },
      ]}
    />
  );
}
