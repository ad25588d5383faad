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
        locale={lang === "zh" ? zhCN : enUS}
        theme={{ token: { colorPrimary: "#0b6bcb" } }}
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
