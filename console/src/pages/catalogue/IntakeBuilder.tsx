// 随访建档表单设计: the drafter lists the intake fields a buyer fills in after purchase,
// each with an id, a label, a type (text, number, date, choice, yes/no), whether it is
// required, and a choice's options. Problems show beside the field before anything is sent.
import { Button, Checkbox, Input, Space, Typography } from "antd";
import { FIELD_TYPES, say } from "../../i18n/catalogue";
import { useLang } from "../../i18n/LangContext";
import {
  FIELD_TYPE_CODES,
  type FieldType,
  type IntakeDraft,
  intakeProblems,
  newField,
} from "./intake";

const { TextArea } = Input;

export function IntakeBuilder({
  fields,
  onChange,
}: {
  fields: IntakeDraft[];
  onChange: (fields: IntakeDraft[]) => void;
}) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const problems = intakeProblems(fields, lang);
  const change = (i: number, patch: Partial<IntakeDraft>) =>
    onChange(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <fieldset className="cp-fieldset">
      <legend className="cp-visually-hidden">{zh ? "随访建档表单" : "Intake form"}</legend>
      {fields.length === 0 && (
        <Typography.Paragraph type="secondary">
          {zh
            ? "尚无建档字段：购买后患者无需填写表单即可开通。点击“添加字段”设计表单。"
            : "No intake fields: the subscription starts without a form. Add a field to design one."}
        </Typography.Paragraph>
      )}
      {fields.map((f, i) => {
        const n = i + 1;
        return (
          <div key={i} className="cp-intake-field" data-testid={`intake-field-${n}`}>
            <Space wrap align="start">
              <label>
                {zh ? `字段${n}编码` : `Field ${n} id`}
                <Input
                  value={f.id}
                  onChange={(e) => change(i, { id: e.target.value })}
                  style={{ width: 140 }}
                />
              </label>
              <label>
                {zh ? `字段${n}名称` : `Field ${n} label`}
                <Input
                  value={f.label}
                  onChange={(e) => change(i, { label: e.target.value })}
                  style={{ width: 200 }}
                />
              </label>
              <label>
                {zh ? `字段${n}类型` : `Field ${n} type`}
                <select
                  className="cp-select"
                  value={f.type}
                  onChange={(e) => change(i, { type: e.target.value as FieldType })}
                >
                  {FIELD_TYPE_CODES.map((t) => (
                    <option key={t} value={t}>
                      {say(FIELD_TYPES, t, lang)}
                    </option>
                  ))}
                </select>
              </label>
              <Checkbox
                checked={f.required}
                onChange={(e) => change(i, { required: e.target.checked })}
              >
                {zh ? `字段${n}必填` : `Field ${n} required`}
              </Checkbox>
              {f.type === "choice" && (
                <label>
                  {zh ? `字段${n}选项（每行一个）` : `Field ${n} options (one a line)`}
                  <TextArea
                    value={f.options}
                    autoSize={{ minRows: 2, maxRows: 6 }}
                    onChange={(e) => change(i, { options: e.target.value })}
                    style={{ width: 200 }}
                  />
                </label>
              )}
              <Button onClick={() => onChange(fields.filter((_, j) => j !== i))}>
                {zh ? `删除字段${n}` : `Remove field ${n}`}
              </Button>
            </Space>
            {problems[i] && (
              <Typography.Text type="danger" role="alert" style={{ display: "block" }}>
                {problems[i]}
              </Typography.Text>
            )}
          </div>
        );
      })}
      <Button onClick={() => onChange([...fields, newField(fields)])}>
        {zh ? "添加字段" : "Add a field"}
      </Button>
    </fieldset>
  );
}
