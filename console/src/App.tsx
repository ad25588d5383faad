// The console's shell: language, session, navigation by role, and the lazily loaded areas.
import { QueryClientProvider } from "@tanstack/react-query";
import { ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import { lazy, Suspense, useEffect, useState, useSyncExternalStore } from "react";
import { Route, Router, Switch } from "wouter";
import { queryClient } from "./api/queries";
import { getToken, onTokenChange } from "./auth/session";
import { LangContext } from "./i18n/LangContext";
import type { Lang } from "./i18n/lang";
import { PageSkeleton } from "./ui/PageSkeleton";

// Darker secondary texts and links than antd's defaults: WCAG AA contrast (axe in e2e).
const THEME = {
  token: {
    colorPrimary: "#0958d9",
    colorLink: "#0958d9",
    colorError: "#c41d2b",
    colorWarningText: "#874d00",
    colorSuccessText: "#135200",
    colorTextDescription: "rgba(0, 0, 0, 0.66)",
    colorTextSecondary: "rgba(0, 0, 0, 0.66)",
    colorTextTertiary: "rgba(0, 0, 0, 0.62)",
    colorTextPlaceholder: "rgba(0, 0, 0, 0.58)",
    colorTextDisabled: "rgba(0, 0, 0, 0.6)",
  },
};

const SignIn = lazy(() => import("./pages/SignIn"));
const Shell = lazy(() => import("./ui/Shell"));

function useToken(): string | null {
  return useSyncExternalStore(onTokenChange, getToken);
}

export function App() {
  const [lang, setLang] = useState<Lang>(() =>
    localStorage.getItem("carepack.lang") === "en" ? "en" : "zh",
  );
  const token = useToken();
  useEffect(() => {
    localStorage.setItem("carepack.lang", lang);
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  }, [lang]);
  useEffect(() => {
    if (!token) queryClient.clear();
  }, [token]);
  return (
    <LangContext.Provider value={{ lang, setLang }}>
      <ConfigProvider
        button={{ autoInsertSpace: false }}
        locale={lang === "zh" ? zhCN : enUS}
        theme={THEME}
      >
        <QueryClientProvider client={queryClient}>
          <Suspense fallback={<PageSkeleton />}>
            <Router base="/console">
              <Switch>
                <Route path="/sign-in">
                  <SignIn />
                </Route>
                <Route>{token ? <Shell /> : <SignIn />}</Route>
              </Switch>
            </Router>
          </Suspense>
        </QueryClientProvider>
      </ConfigProvider>
    </LangContext.Provider>
  );
}
