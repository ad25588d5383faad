import { expect, test } from "@playwright/test";

test("a demo nurse signs in from the staff list and lands on the workbench", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/console\/$/);
  await page.getByRole("button", { name: "以此身份登录 刘护士" }).click();
  await expect(page.getByTestId("who")).toContainText("刘护士");
  await expect(page.getByTestId("who")).toContainText("肿瘤科");
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page.getByRole("button", { name: "以此身份登录 刘护士" })).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.getItem("carepack.token"))).toBeNull();
});
