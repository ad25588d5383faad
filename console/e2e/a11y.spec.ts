// No serious or critical axe-core violation on any page (one store is enough: the pages
// are the same on both).
import { expect, test } from "@playwright/test";
import { audit } from "./axe";
import { signIn } from "./helpers";

test("every page of a nurse's and a service member's day passes axe", async ({ page }, info) => {
  test.skip(info.project.name === "postgres", "the pages are the same on both stores");
  test.setTimeout(90_000);
  await page.goto("/console/");
  await expect(page.getByRole("button", { name: "以此身份登录 刘护士" })).toBeVisible();
  await audit(page, "sign-in");
  await page.getByRole("button", { name: "以此身份登录 刘护士" }).click();
  await expect(page.getByRole("tab", { name: /待随访/ })).toBeVisible();
  await audit(page, "workbench");
  await page.getByRole("link", { name: "患者" }).click();
  await page.locator("tbody a").first().click();
  await expect(page.getByTestId("patient-name")).toBeVisible();
  for (const tab of ["概览", "病程", "服务包", "时间线", "家属", "同意"]) {
    await page.getByRole("tab", { name: tab }).click();
    await audit(page, `chart ${tab}`);
  }
  await page.getByRole("tab", { name: "病程" }).click();
  await page.getByRole("tabpanel").getByRole("link").first().click();
  await expect(page.getByRole("form", { name: "营养风险筛查" })).toBeVisible();
  await audit(page, "episode");
  await page.getByRole("button", { name: "退出登录" }).click();
  await signIn(page, "赵随访员", "/redemptions");
  await expect(page.getByRole("heading", { name: "核销" })).toBeVisible();
  await audit(page, "redemptions");
});
