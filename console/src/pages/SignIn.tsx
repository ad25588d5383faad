// Sign-in: in demo mode the demo hospital's staff (one click each); otherwise a bearer token
// from the hospital's identity provider. Afterwards back to the page the user was on.
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Input, Typography } from "antd";
import { useState } from "react";
import { useLocation } from "wouter";
import { api, unwrap } from "../api/client";
import { ApiError, problemMessage } from "../api/problem";
import { setToken, takeReturn } from "../auth/session";
import { useLang } from "../i18n/LangContext";
import { DEPARTMENT_NAMES, named, ROLE_NAMES } from "../i18n/messages";
import { LangSwitch } from "../ui/LangSwitch";

type Member = {
  subject: string;
  name: string;
  role: string;
  roles: string[];
  departments: string[];
};

export default function SignIn() {
  const { lang, t } = useLang();
  const [location, navigate] = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [bearer, setBearer] = useState("");
  const staff = useQuery({
    queryKey: ["demo-staff"],
    queryFn: () => unwrap(api.GET("/api/v1/demo/staff")) as Promise<{ items: Member[] }>,
    retry: false,
  });
  const demo = staff.isSuccess;
  const done = (token: string) => {
    setToken(token);
    // Back to where the 401 happened; a deep link opened signed out stays where it is.
    const back = takeReturn();
    if (back?.startsWith("/console"))
      navigate(back.slice("/console".length) || "/", { replace: true });
    else if (location === "/sign-in") navigate("/", { replace: true });
  };
  const signInAs = async (subject: string) => {
    setPending(subject);
    setError(null);
    try {
      const answer = await unwrap(api.POST("/api/v1/demo/sign-in", { body: { subject } }));
      done(answer.token);
    } catch (e) {
      setError(e instanceof ApiError ? problemMessage(e.problem, lang) : String(e));
    } finally {
      setPending(null);
    }
  };
  return (
    <main style={{ maxWidth: 760, margin: "48px auto", padding: 16 }}>
      <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center" }}>
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t("app")} · {t("signIn")}
        </Typography.Title>
        <LangSwitch />
      </div>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      {staff.isLoading && <Card loading />}
      {demo && (
        <Card title={t("demoStaff")}>
          <ul aria-label={t("demoStaff")} style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {staff.data.items.map((m) => (
              <li
                key={m.subject}
                style={{ display: "flex", gap: 12, alignItems: "center", padding: "6px 0" }}
              >
                <Button
                  type="primary"
                  loading={pending === m.subject}
                  disabled={pending !== null}
                  onClick={() => signInAs(m.subject)}
                  aria-label={`${t("signInAs")} ${m.name}`}
                >
                  {m.name}
                </Button>
                <span>{m.roles.map((r) => named(ROLE_NAMES, r, lang)).join(" / ")}</span>
                <span style={{ color: "#555" }}>
                  {m.departments.map((d) => named(DEPARTMENT_NAMES, d, lang)).join("、")}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      )}
      {staff.isError && (
        <Card>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (bearer.trim()) done(bearer.trim());
            }}
          >
            <label htmlFor="bearer" style={{ display: "block", marginBottom: 8 }}>
              {t("bearer")}
            </label>
            <Input.TextArea
              id="bearer"
              rows={4}
              autoComplete="off"
              value={bearer}
              onChange={(e) => setBearer(e.target.value)}
            />
            <Button type="primary" htmlType="submit" style={{ marginTop: 12 }}>
              {t("signIn")}
            </Button>
          </form>
        </Card>
      )}
    </main>
  );
}
