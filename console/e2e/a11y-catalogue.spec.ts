// No serious or critical axe-core violation on the catalogue and refund pages.
import { expect, test } from "@playwright/test";
import { audit } from "./axe";
import { signIn } from "./helpers";

test("the catalogue's and the refunds' pages pass axe", async ({ page }, info) => {
  test.skip(info.project.name === "postgres", "the pages are the same on both stores");
  test.setTimeout(90_000);
  await signIn(page, "马医生", "/packages");
  await expect(page.getByRole("heading", { name: "服务包" })).toBeVisible();
  await audit(page, "catalogue");
  await page.locator("tbody tr").first().click();
  await expect(page.getByTestId("package-name")).toBeVisible();
  await audit(page, "package");
  await page.goto("/console/packages/new");
  await page.getByRole("button", { name: "添加字段" }).click();
  await page.getByLabel("字段1类型").selectOption("choice");
  await audit(page, "package form");
  await page.getByRole("button", { name: "退出登录" }).click();
  await signIn(page, "陈主管", "/refunds");
  await expect(page.getByRole("heading", { name: "退款" })).toBeVisible();
  await page.getByRole("tab", { name: /已退款/ }).click();
  await audit(page, "refunds");
  await page.locator("tbody tr").first().click();
  await expect(page.getByTestId("quote-breakdown")).toBeVisible();
  await audit(page, "refund");
});
