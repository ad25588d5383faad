// Nutrition screening: NRS-2002's three parts and PG-SGA, a preview marked 预计 while typing;
// after saving, the tier the API computed. An override needs a reason.
import {
  Alert,
  Button,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Radio,
  type RadioChangeEvent,
  Select,
  Space,
  Typography,
} from "antd";
import { useState } from "react";
import { fieldErrors, type Problem } from "../../api/problem";
import { useLang } from "../../i18n/LangContext";
import { TIER_NAMES } from "../../i18n/messages";
import { previewTier, screeningBody } from "../../lib/screening";
import { ProblemAlert } from "../../ui/ProblemAlert";
import { TierTag } from "../../ui/tags";

type Values = Parameters<typeof screeningBody>[0];
export type ScreeningAnswer = {
  risk_tier: string;
  nrs2002_total?: number | null;
  computed_tier?: string | null;
};

const STATUS: [string, string][] = [
  ["0 正常营养状态", "0 Normal nutritional status"],
  [
    "1 3个月内体重下降>5%，或前一周进食为正常需要量的50–75%",
    "1 Weight loss >5% in 3 months, or food intake 50–75% of normal in the last week",
  ],
  [
    "2 2个月内体重下降>5%，或BMI 18.5–20.5且一般情况差，或进食为25–50%",
    "2 Weight loss >5% in 2 months, or BMI 18.5–20.5 and impaired general condition, or intake 25–50%",
  ],
  [
    "3 1个月内体重下降>5%，或BMI<18.5且一般情况差，或进食为0–25%",
    "3 Weight loss >5% in 1 month, or BMI <18.5 and impaired general condition, or intake 0–25%",
  ],
];
const SEVERITY: [string, string][] = [
  ["0 正常营养需要量", "0 Normal nutritional requirements"],
  [
    "1 髋部骨折、慢性病急性发作、肝硬化、COPD、血液透析、糖尿病、一般肿瘤",
    "1 Hip fracture, chronic disease with complications, cirrhosis, COPD, haemodialysis, diabetes, oncology",
  ],
  [
    "2 腹部大手术、卒中、重症肺炎、血液恶性肿瘤",
    "2 Major abdominal surgery, stroke, severe pneumonia, haematological malignancy",
  ],
  [
    "3 颅脑损伤、骨髓移植、APACHE>10 的 ICU 患者",
    "3 Head injury, bone marrow transplantation, ICU patients (APACHE >10)",
  ],
];

export function ScreeningForm({
  age,
  onSubmit,
  pending,
  problem,
  result,
  reload,
}: {
  age: number | null;
  onSubmit: (body: Record<string, unknown>) => void;
  pending: boolean;
  problem: Problem | null;
  result: ScreeningAnswer | null;
  reload?: () => void;
}) {
  const { lang } = useLang();
  const zh = lang === "zh";
  const [form] = Form.useForm<Values>();
  const [values, setValues] = useState<Values>({ age, use_pg_sga: false });
  const preview = previewTier(screeningBody(values) as Parameters<typeof previewTier>[0]);
  const errors = problem ? fieldErrors(problem) : {};
  const at = (key: string) =>
    errors[key] ? { validateStatus: "error" as const, help: errors[key] } : {};
  const tierOptions = Object.keys(TIER_NAMES)
    .filter((k) => k !== "unscreened")
    .map((k) => ({ value: k, label: TIER_NAMES[k]?.[zh ? 0 : 1] }));
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={{ age, use_pg_sga: false }}
      onValuesChange={(_, all) => setValues(all)}
      onFinish={(all) => onSubmit(screeningBody(all))}
      aria-label={zh ? "营养风险筛查" : "Nutrition screening"}
    >
      <Typography.Title level={4} style={{ fontSize: 15 }}>
        NRS-2002
      </Typography.Title>
      <Form.Item
        label={zh ? "营养状态受损评分" : "Impaired nutritional status"}
        name="nutritional_status"
        {...at("nrs2002.nutritional_status")}
      >
        <ScoreChoices scores={STATUS} zh={zh} />
      </Form.Item>
      <Form.Item
        label={zh ? "疾病严重程度评分" : "Severity of disease"}
        name="disease_severity"
        {...at("nrs2002.disease_severity")}
      >
        <ScoreChoices scores={SEVERITY} zh={zh} />
      </Form.Item>
      <Form.Item
        label={zh ? "年龄（≥70 岁加 1 分）" : "Age (70 or over adds 1)"}
        name="age"
        {...at("nrs2002.age")}
      >
        <InputNumber />
      </Form.Item>
      <Form.Item name="use_pg_sga" valuePropName="checked">
        <Checkbox>{zh ? "同时记录 PG-SGA" : "Record PG-SGA too"}</Checkbox>
      </Form.Item>
      {values.use_pg_sga && (
        <Space size="large" wrap>
          <Form.Item
            label={zh ? "PG-SGA 分级" : "PG-SGA category"}
            name="category"
            rules={[{ required: true }]}
            {...at("pg_sga.category")}
          >
            <Radio.Group
              options={[
                { value: "A", label: zh ? "A 营养良好" : "A well nourished" },
                { value: "B", label: zh ? "B 可疑或中度营养不良" : "B suspected or moderate" },
                { value: "C", label: zh ? "C 重度营养不良" : "C severely malnourished" },
              ]}
            />
          </Form.Item>
          <Form.Item
            label={zh ? "PG-SGA 评分" : "PG-SGA score"}
            name="score"
            {...at("pg_sga.score")}
          >
            <InputNumber />
          </Form.Item>
        </Space>
      )}
      <Form.Item
        label={zh ? "人工调整分层（可选）" : "Override the tier (optional)"}
        name="override_tier"
        {...at("override.tier")}
      >
        <Select allowClear style={{ width: 220 }} options={tierOptions} />
      </Form.Item>
      {values.override_tier && (
        <Form.Item
          label={zh ? "调整理由" : "Reason for the override"}
          name="override_reason"
          rules={[
            {
              required: true,
              whitespace: true,
              message: zh ? "调整分层必须填写理由" : "An override needs a reason",
            },
          ]}
          {...at("override.reason")}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
      )}
      <Space align="center" style={{ marginBottom: 12 }}>
        <span>{zh ? "预计分层" : "Preview"}:</span>
        <span data-testid="screening-preview">{preview ? <TierTag tier={preview} /> : "—"}</span>
        <Typography.Text type="secondary">
          {zh ? "（预计，以保存后系统计算为准）" : "(preview; the saved tier is the system's)"}
        </Typography.Text>
      </Space>
      <div>
        <Button type="primary" htmlType="submit" loading={pending} disabled={pending}>
          {zh ? "保存筛查" : "Save screening"}
        </Button>
      </div>
      <div style={{ marginTop: 12 }}>
        <ProblemAlert problem={problem} reload={reload} />
        {result && (
          <Alert
            type="success"
            showIcon
            role="status"
            data-testid="screening-result"
            message={
              <span>
                {zh ? "筛查已保存，系统计算分层：" : "Screening saved; the tier computed: "}
                <TierTag tier={result.computed_tier ?? result.risk_tier} />
                {result.nrs2002_total != null &&
                  (zh
                    ? `（NRS-2002 总分 ${result.nrs2002_total}）`
                    : ` (NRS-2002 total ${result.nrs2002_total})`)}
                {result.computed_tier && result.computed_tier !== result.risk_tier && (
                  <>
                    {zh ? "，调整为 " : ", overridden to "}
                    <TierTag tier={result.risk_tier} />
                  </>
                )}
              </span>
            }
          />
        )}
      </div>
    </Form>
  );
}

/** One radio per score (its index), worded in the user's language. A Form.Item hands it
 * `value` and `onChange`, which go on to the group. */
function ScoreChoices({
  scores,
  zh,
  ...group
}: {
  scores: readonly (readonly [string, string])[];
  zh: boolean;
  value?: number;
  onChange?: (e: RadioChangeEvent) => void;
}) {
  return (
    <Radio.Group {...group}>
      <Space direction="vertical">
        {scores.map(([z, e], i) => (
          <Radio key={z} value={i}>
            {zh ? z : e}
          </Radio>
        ))}
      </Space>
    </Radio.Group>
  );
}
