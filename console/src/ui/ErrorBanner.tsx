// A problem in the user's language, with a retry; 403 says what the user may not do.
import { Alert, Button } from "antd";
import { ApiError, problemMessage } from "../api/problem";
import { useLang } from "../i18n/LangContext";

export function ErrorBanner({ error, retry }: { error: unknown; retry?: () => void }) {
  const { lang, t } = useLang();
  const problem = error instanceof ApiError ? error.problem : null;
  const text = problem ? problemMessage(problem, lang) : String(error);
  const detail =
    problem?.status === 403 && problem.code === "forbidden"
      ? `${t("forbidden")}${problem.detail ?? ""}`
      : undefined;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      message={text}
      description={detail}
      action={retry && <Button onClick={retry}>{t("retry")}</Button>}
    />
  );
}
