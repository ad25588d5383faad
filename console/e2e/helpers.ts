// What the journeys share: signing in as demo staff, and the store's head from /ready.
import { expect, type Locator, type Page } from "@playwright/test";

export const OPS_TOKEN =
  process.env.CAREPACK_E2E_OPS_TOKEN ?? "console-e2e-ops-token-0123456789abcdef";

export async function signIn(page: Page, name: string, path = "/"): Promise<void> {
  await page.goto(`/console${path === "/" ? "/" : path}`);
  await page.getByRole("button", { name: `以此身份登录 ${name}` }).click();
  await expect(page.getByTestId("who")).toContainText(name);
}

/** The event store's newest position (every projection reports the same head). */
export async function storeHead(page: Page): Promise<number> {
  const answer = await page.request.get("/ready", {
    headers: { Authorization: `Bearer ${OPS_TOKEN}` },
  });
  const body = (await answer.json()) as { projections: { head: number }[] };
  return Math.max(...body.projections.map((p) => p.head));
}

export function digits(text: string | null): number[] {
  return [...(text ?? "").matchAll(/\d+/g)].map((m) => Number(m[0]));
}

/** Screenshots for the README, from the SQLite run only, and only when asked for
 * (`make console-screenshots`): a plain test run leaves the worktree as it was. */
export async function shoot(page: Page, name: string, project: string): Promise<void> {
  if (project !== "sqlite" || !process.env.CAREPACK_SCREENSHOTS) return;
  await page.screenshot({ path: `../docs/console/${name}.png`, fullPage: false });
}

/** Tick a checkbox or radio that React controls: click it unless ticked, then wait until it
 * shows ticked. Playwright's `check()` reads the state right after its click, before a
 * loaded machine has re-rendered (seen in CI: "did not change its state", while the page
 * showed it ticked). */
export async function tick(box: Locator): Promise<void> {
  if (!(await box.isChecked())) await box.click();
  await expect(box).toBeChecked();
}
