// A command's problem where the user acted: in their language by code; 412 offers a reload;
// 403 says what they may not do; a lost network says their input is kept.
import { Alert, Button } from "antd";
import { type Problem, problemMessage } from "../api/problem";
import { useLang } from "../i18n/LangContext";

export function ProblemAlert({
  problem,
  reload,
}: {
  problem: Problem | null;
  reload?: () => void;
}) {
  const { lang, t } = useLang();
  if (!problem) return null;
  if (problem.status === 412) {
    return (
      <Alert
        type="warning"
        showIcon
        role="alert"
        message={t("conflictReload")}
        action={reload && <Button onClick={reload}>{t("reload")}</Button>}
      />
    );
  }
  const message = problemMessage(problem, lang);
  const description =
    problem.status === 403 && problem.code === "forbidden"
      ? `${t("forbidden")}${problem.detail ?? ""}`
      : undefined;
  return (
    <Alert
      type={problem.status === 0 ? "warning" : "error"}
      showIcon
      role="alert"
      message={message}
      description={description}
    />
  );
}
