import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { type Breakdown, QuoteBreakdown } from "./QuoteBreakdown";

const yuan = (amount: string) => ({ amount, currency: "CNY" });

describe("QuoteBreakdown", () => {
  it("shows each line's units bought, used, refunded, weight and amount as the API sent them", () => {
    const breakdown: Breakdown = {
      basis: "pro_rata",
      gross: yuan("239.88"),
      fee: yuan("12.00"),
      fee_pct: 5,
      amount: yuan("227.88"),
      lines: [
        {
          code: "escort",
          name: "陪诊",
          kind: "per_use",
          bought: 3,
          used: 1,
          units: 1,
          weight: 300,
          value: yuan("199.9"),
        },
        {
          code: "follow_up",
          name: "随访",
          kind: "follow_up",
          bought: 12,
          used: 4,
          units: 2,
          weight: 100,
          value: yuan("39.98"),
        },
      ],
    };
    render(<QuoteBreakdown breakdown={breakdown} />);
    const escort = within(screen.getByTestId("quote-line-escort")).getAllByRole("cell");
    expect(escort.map((c) => c.textContent)).toEqual([
      "陪诊（escort）",
      "3",
      "1",
      "1",
      "300",
      "¥199.90",
    ]);
    const follow = within(screen.getByTestId("quote-line-follow_up")).getAllByRole("cell");
    expect(follow.map((c) => c.textContent)).toEqual([
      "随访（follow_up）",
      "12",
      "4",
      "2",
      "100",
      "¥39.98",
    ]);
    expect(screen.getByTestId("quote-gross")).toHaveTextContent("¥239.88");
    expect(screen.getByTestId("quote-fee")).toHaveTextContent("¥12.00");
    expect(screen.getByTestId("quote-amount")).toHaveTextContent("¥227.88");
    expect(screen.getByTestId("quote-basis")).toHaveTextContent("按未使用项目折算");
    expect(screen.getByText("手续费（5%）")).toBeInTheDocument();
  });

  it("shows the API's total even where it is not the sum of the lines (in full before start)", () => {
    const breakdown: Breakdown = {
      basis: "full_before_start",
      gross: yuan("1999.00"),
      fee: yuan("0.00"),
      fee_pct: 10,
      amount: yuan("1999.00"),
      lines: [
        {
          code: "escort",
          kind: "per_use",
          bought: 3,
          used: 0,
          units: 3,
          weight: 300,
          value: yuan("1500.00"),
        },
      ],
    };
    render(<QuoteBreakdown breakdown={breakdown} />);
    expect(screen.getByTestId("quote-amount")).toHaveTextContent("¥1,999.00");
    // Finance's answer carries no item names: the code alone.
    expect(
      within(screen.getByTestId("quote-line-escort")).getAllByRole("cell")[0],
    ).toHaveTextContent(/^escort$/);
    expect(screen.getByTestId("quote-basis")).toHaveTextContent("服务开始前全额退");
  });

  it("says a goodwill refund has no lines, and that nothing is quoted yet", () => {
    const { unmount } = render(
      <QuoteBreakdown
        breakdown={{
          basis: "goodwill",
          gross: yuan("0.00"),
          fee: yuan("0.00"),
          fee_pct: 0,
          amount: yuan("0.00"),
          lines: [],
        }}
      />,
    );
    expect(screen.getByText("不按项目计算（见计算依据）。")).toBeInTheDocument();
    unmount();
    render(<QuoteBreakdown breakdown={null} />);
    expect(screen.getByText("尚无报价。")).toBeInTheDocument();
  });
});
