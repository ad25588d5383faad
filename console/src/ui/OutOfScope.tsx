// A patient outside the user's departments: say so, and offer break-the-glass with a
// required reason (sent as X-Access-Reason, logged as an emergency access).
import { Alert, Button, Card, Input } from "antd";
import { useState } from "react";
import { accessReasons } from "../api/client";
import { useLang } from "../i18n/LangContext";

export function OutOfScope({ patientId, onGranted }: { patientId: string; onGranted: () => void }) {
  const { t } = useLang();
  const [reason, setReason] = useState("");
  return (
    <Card>
      <Alert
        type="warning"
        showIcon
        role="alert"
        message={t("notInDepartments")}
        style={{ marginBottom: 16 }}
      />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!reason.trim()) return;
          accessReasons.set(patientId, reason.trim());
          onGranted();
        }}
      >
        <label htmlFor="glass-reason" style={{ display: "block", marginBottom: 8 }}>
          {t("breakGlassReason")}
        </label>
        <Input.TextArea
          id="glass-reason"
          required
          maxLength={500}
          rows={2}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <Button danger htmlType="submit" disabled={!reason.trim()} style={{ marginTop: 12 }}>
          {t("breakGlassGo")}
        </Button>
      </form>
    </Card>
  );
}
