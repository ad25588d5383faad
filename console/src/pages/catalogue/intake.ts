// The intake form builder's rules (product §2.3): what a drafter builds and what is sent.
// The API checks the same again; here the drafter sees mistakes before sending.
import type { Lang } from "../../i18n/lang";

export type FieldType = "text" | "number" | "date" | "choice" | "bool";
export const FIELD_TYPE_CODES: FieldType[] = ["text", "number", "date", "choice", "bool"];

export type IntakeDraft = {
  id: string;
  label: string;
  type: FieldType;
  required: boolean;
  /** What the drafter typed for a choice's options: one per line, or separated by , ， 、 */
  options: string;
};
export type IntakeField = {
  id: string;
  label: string;
  type: FieldType;
  required: boolean;
  options: string[];
};

const CODE = /^[A-Za-z0-9_.-]{1,64}$/;

export function splitOptions(text: string): string[] {
  return text
    .split(/[\n,，、]/)
    .map((o) => o.trim())
    .filter((o) => o.length > 0);
}

/** A new field with an id no other field has. */
export function newField(fields: IntakeDraft[]): IntakeDraft {
  const taken = new Set(fields.map((f) => f.id));
  let n = fields.length + 1;
  while (taken.has(`field_${n}`)) n += 1;
  return { id: `field_${n}`, label: "", type: "text", required: false, options: "" };
}

/** Per field (by index), what is wrong with it in the user's language; empty when none. */
export function intakeProblems(fields: IntakeDraft[], lang: Lang): Record<number, string> {
  const zh = lang === "zh";
  const found: Record<number, string> = {};
  const seen = new Map<string, number>();
  fields.forEach((f, i) => {
    const id = f.id.trim();
    const options = splitOptions(f.options);
    if (!CODE.test(id)) {
      found[i] = zh
        ? "字段编码须为 1–64 个字母、数字、_ . -"
        : "The field id is 1–64 letters, digits, _ . -";
    } else if (seen.has(id)) {
      found[i] = zh ? `字段编码“${id}”重复` : `The field id "${id}" is used twice`;
    } else if (!f.label.trim()) {
      found[i] = zh ? "请填写字段名称" : "Give the field a label";
    } else if (f.type === "choice" && options.length < 2) {
      found[i] = zh ? "单选题至少需要两个选项" : "A choice needs at least two options";
    } else if (f.type === "choice" && new Set(options).size !== options.length) {
      found[i] = zh ? "选项不能重复" : "Options must differ";
    }
    seen.set(id, i);
  });
  return found;
}

/** The form as the API takes it: options only for a choice, texts trimmed. */
export function toIntakeForm(fields: IntakeDraft[]): IntakeField[] {
  return fields.map((f) => ({
    id: f.id.trim(),
    label: f.label.trim(),
    type: f.type,
    required: f.required,
    options: f.type === "choice" ? splitOptions(f.options) : [],
  }));
}

export function fromIntakeForm(fields: IntakeField[]): IntakeDraft[] {
  return fields.map((f) => ({ ...f, options: f.options.join("\n") }));
}
