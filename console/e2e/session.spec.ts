// The session: the token in sessionStorage only, sign-out clears it, and a refused token
// (401) returns to sign-in and then to the page the user was on.
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("a 401 returns to sign-in, then to the same page; sign-out forgets the token", async ({
  page,
}) => {
  await signIn(page, "刘护士", "/patients");
  await page.locator("tbody a").first().click();
  const name = (await page.getByTestId("patient-name").textContent()) ?? "";
  const chart = new URL(page.url()).pathname;
  expect(await page.evaluate(() => localStorage.getItem("carepack.token"))).toBeNull();
  expect(await page.evaluate(() => sessionStorage.getItem("carepack.token"))).toBeTruthy();

  await page.evaluate(() => sessionStorage.setItem("carepack.token", "expired.or.forged"));
  await page.reload();
  await page.getByRole("button", { name: "以此身份登录 刘护士" }).click();
  await expect(page).toHaveURL(new RegExp(`${chart}$`));
  await expect(page.getByTestId("patient-name")).toHaveText(name);

  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page.getByRole("button", { name: "以此身份登录 刘护士" })).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.getItem("carepack.token"))).toBeNull();
});

test("the demo staff list names role and department", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/console\/$/);
  const nurse = page.getByRole("listitem").filter({ hasText: "李护士" });
  await expect(nurse).toContainText("护士");
  await expect(nurse).toContainText("内分泌科");
});

test("a role whose pages come with part 2 is told so, not shown a refusal", async ({ page }) => {
  await signIn(page, "孙审核");
  await expect(page.getByText(/您的角色（服务包审核）的工作页面/)).toBeVisible();
  await expect(page.getByRole("link", { name: "工作台" })).toHaveCount(0);
});

test("finance and auditors land on their own areas, never the workbench", async ({ page }) => {
  await signIn(page, "钱财务");
  await expect(page).toHaveURL(/\/console\/finance$/);
  await expect(page.getByRole("heading", { name: "财务" })).toBeVisible();
  await expect(page.getByRole("link", { name: "工作台" })).toHaveCount(0);
  await page.getByRole("button", { name: "退出登录" }).click();
  await signIn(page, "周审计");
  await expect(page).toHaveURL(/\/console\/audit$/);
  await expect(page.getByRole("heading", { name: "审计" })).toBeVisible();
});

test("staff in several departments switch between them on the workbench", async ({ page }) => {
  await signIn(page, "陈主管");
  const switcher = page.getByRole("radiogroup", { name: "科室" });
  await expect(page.getByText(/^肿瘤科 · /)).toBeVisible();
  await expect(page.getByText(/^心内科 · /)).toBeVisible();
  await switcher.getByText("内分泌科").click();
  await expect(page.getByText(/^内分泌科 · /)).toBeVisible();
  await expect(page.getByText(/^肿瘤科 · /)).toHaveCount(0);
});
