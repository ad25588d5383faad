import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ScreeningForm } from "./ScreeningForm";

function setup(overrides: Partial<Parameters<typeof ScreeningForm>[0]> = {}) {
  const onSubmit = vi.fn();
  render(
    <ScreeningForm
      age={78}
      pending={false}
      problem={null}
      result={null}
      onSubmit={onSubmit}
      {...overrides}
    />,
  );
  return onSubmit;
}

describe("ScreeningForm", () => {
  it("previews the tier while typing (预计) and sends NRS-2002's three parts", async () => {
    const onSubmit = setup();
    expect(screen.getByTestId("screening-preview")).toHaveTextContent("—");
    fireEvent.click(screen.getByLabelText(/^2 2个月内体重下降/));
    fireEvent.click(screen.getByLabelText(/^1 髋部骨折/));
    // 2 + 1 + 1 (78 years old) = 4: at risk.
    await waitFor(() =>
      expect(screen.getByTestId("screening-preview")).toHaveTextContent("潜在营养不良"),
    );
    fireEvent.click(screen.getByRole("button", { name: "保存筛查" }));
    await waitFor(() =>
      expect(onSubmit).toHaveBeenCalledWith({
        nrs2002: { nutritional_status: 2, disease_severity: 1, age: 78 },
      }),
    );
  });

  it("shows the API's field error next to the field and its message", () => {
    setup({
      problem: {
        status: 422,
        code: "validation_error",
        errors: [{ key: "nrs2002.age", message: "Input should be less than or equal to 130" }],
      },
    });
    expect(screen.getByText("Input should be less than or equal to 130")).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("有字段未填写或不符合要求。");
  });

  it("shows the tier the API computed, and an override beside it", () => {
    setup({ result: { risk_tier: "malnourished", computed_tier: "at_risk", nrs2002_total: 4 } });
    const result = screen.getByTestId("screening-result");
    expect(result).toHaveTextContent("系统计算分层：潜在营养不良（NRS-2002 总分 4）");
    expect(result).toHaveTextContent("调整为 明显营养不良");
  });

  it("disables saving while the command is on its way", () => {
    setup({ pending: true });
    expect(screen.getByRole("button", { name: /保存筛查/ })).toBeDisabled();
  });
});
