import { createContext, useContext } from "react";
import type { Lang } from "./lang";
import { type MessageKey, message } from "./messages";

export const LangContext = createContext<{ lang: Lang; setLang: (lang: Lang) => void }>({
  lang: "zh",
  setLang: () => {},
});

export function useLang(): {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey) => string;
} {
  const { lang, setLang } = useContext(LangContext);
  return { lang, setLang, t: (key) => message(key, lang) };
}
