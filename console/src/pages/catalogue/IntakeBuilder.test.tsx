import { fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { IntakeBuilder } from "./IntakeBuilder";
import { type IntakeDraft, intakeProblems, newField, toIntakeForm } from "./intake";

const field = (over: Partial<IntakeDraft>): IntakeDraft => ({
  id: "height_cm",
  label: "身高",
  type: "number",
  required: true,
  options: "",
  ...over,
});

describe("intake form rules", () => {
  it("sends options only for a choice, split by line or Chinese commas, trimmed", () => {
    const form = toIntakeForm([
      field({
        id: " diet ",
        label: " 饮食 ",
        type: "choice",
        options: "普食\n半流质， 流质、禁食",
      }),
      field({ type: "number", options: "left over from a choice" }),
    ]);
    expect(form[0]).toEqual({
      id: "diet",
      label: "饮食",
      type: "choice",
      required: true,
      options: ["普食", "半流质", "流质", "禁食"],
    });
    expect(form[1]?.options).toEqual([]);
  });
  it("finds a repeated id, a missing label, a choice with fewer than two options", () => {
    const problems = intakeProblems(
      [
        field({}),
        field({}),
        field({ id: "x", label: " " }),
        field({ id: "c", type: "choice", options: "只有一个" }),
        field({ id: "d", type: "choice", options: "是\n是" }),
        field({ id: "bad id" }),
        field({ id: "ok", type: "bool" }),
      ],
      "en",
    );
    expect(problems).toEqual({
      1: 'The field id "height_cm" is used twice',
      2: "Give the field a label",
      3: "A choice needs at least two options",
      4: "Options must differ",
      5: "The field id is 1–64 letters, digits, _ . -",
    });
  });
  it("gives a new field an id no other field has", () => {
    expect(newField([field({ id: "field_2" })]).id).toBe("field_3");
    expect(newField([]).id).toBe("field_1");
  });
});

function Harness({ seen }: { seen: (fields: IntakeDraft[]) => void }) {
  const [fields, setFields] = useState<IntakeDraft[]>([]);
  seen(fields);
  return <IntakeBuilder fields={fields} onChange={setFields} />;
}

describe("IntakeBuilder", () => {
  it("adds a field, shows options only once it is a choice, and flags a lone option", () => {
    let latest: IntakeDraft[] = [];
    render(<Harness seen={(f) => (latest = f)} />);
    fireEvent.click(screen.getByRole("button", { name: "添加字段" }));
    fireEvent.change(screen.getByLabelText("字段1名称"), { target: { value: "饮食" } });
    expect(screen.queryByLabelText("字段1选项（每行一个）")).toBeNull();
    fireEvent.change(screen.getByLabelText("字段1类型"), { target: { value: "choice" } });
    fireEvent.change(screen.getByLabelText("字段1选项（每行一个）"), { target: { value: "普食" } });
    expect(screen.getByRole("alert")).toHaveTextContent("单选题至少需要两个选项");
    fireEvent.change(screen.getByLabelText("字段1选项（每行一个）"), {
      target: { value: "普食\n流质" },
    });
    expect(screen.queryByRole("alert")).toBeNull();
    fireEvent.click(screen.getByLabelText("字段1必填"));
    expect(toIntakeForm(latest)).toEqual([
      { id: "field_1", label: "饮食", type: "choice", required: true, options: ["普食", "流质"] },
    ]);
    fireEvent.click(screen.getByRole("button", { name: "删除字段1" }));
    expect(latest).toEqual([]);
  });
});
