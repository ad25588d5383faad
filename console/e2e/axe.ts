// axe-core over the page as it rests: no serious or critical violation (every journey's audit).
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export async function audit(page: Page, where: string): Promise<void> {
  await expect(page.locator(".ant-skeleton, .ant-spin-spinning, [aria-busy='true']")).toHaveCount(
    0,
  );
  await page.mouse.move(0, 0); // a hovered button is lighter: audit the resting page
  // @axe-core/playwright types its page with its own playwright-core: the same API.
  const result = await new AxeBuilder({
    page: page as unknown as ConstructorParameters<typeof AxeBuilder>[0]["page"],
  }).analyze();
  const bad = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) => `${where}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
  expect(bad, bad.join("\n")).toEqual([]);
}
