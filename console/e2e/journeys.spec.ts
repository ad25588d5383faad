// A ward's day in a real browser against `carepack serve --demo` (issue 9, journeys a–e).
// Serial: journey (c) checks that nothing was written, so nothing else writes meanwhile.
import { expect, test } from "@playwright/test";
import { catalogueJourneys } from "./catalogue-journeys";
import { digits, shoot, signIn, storeHead, tick } from "./helpers";

test.describe.configure({ mode: "serial" });

test("(a) a nurse works a worklist: screening shows the computed tier, a follow-up redeems a unit", async ({
  page,
}, info) => {
  await signIn(page, "刘护士");
  await expect(page.getByRole("tab", { name: /待随访 \(\d+\)/ })).toBeVisible();
  await shoot(page, "workbench", info.project.name);
  // A VIP patient has an active package, so completing the follow-up redeems one unit.
  const row = page.locator("table.cp-table:visible tbody tr").filter({ hasText: "VIP" }).first();
  const name = ((await row.locator("td").first().textContent()) ?? "").trim();
  await row.click();
  await expect(page.getByTestId("patient-name")).toHaveText(name);

  const form = page.getByRole("form", { name: "营养风险筛查" });
  await tick(form.getByLabel("2 2个月内体重下降>5%", { exact: false }));
  await tick(form.getByLabel("1 髋部骨折", { exact: false }));
  await form.getByLabel("年龄（≥70 岁加 1 分）").fill("60");
  await expect(page.getByTestId("screening-preview")).toHaveText("潜在营养不良");
  await shoot(page, "screening", info.project.name);
  await form.getByRole("button", { name: "保存筛查" }).click();
  await expect(page.getByTestId("screening-result")).toContainText(
    "筛查已保存，系统计算分层：潜在营养不良（NRS-2002 总分 3）",
  );

  const before = digits(await page.getByTestId("follow-up-balance").textContent());
  const remaining = Number(await page.getByTestId("follow-up-remaining").first().textContent());
  await page.getByRole("button", { name: "完成随访" }).first().click();
  await page.getByLabel("随访结果").fill("电话随访，进食改善");
  await page.getByRole("button", { name: "确认完成" }).click();
  await expect(page.getByTestId("follow-up-result")).toContainText(`随访已完成，已核销 1 次随访`);
  await expect(page.getByTestId("follow-up-result")).toContainText(`剩余 ${remaining - 1} 次`);
  await expect(page.getByTestId("follow-up-remaining").first()).toHaveText(String(remaining - 1));
  expect(digits(await page.getByTestId("follow-up-balance").textContent())).not.toEqual(before);

  await page.getByRole("link", { name: "返回患者" }).click();
  await page.getByRole("tab", { name: "服务包" }).click();
  const balance = page.locator('[data-testid^="remaining-"][data-testid$="-follow_up"]').first();
  await expect(balance).toContainText(`${remaining - 1}/`);
  await page.getByRole("tab", { name: "概览" }).click();
  await shoot(page, "patient-chart", info.project.name);
});

test("(b) a nurse authorises a family member and the chart shows them", async ({ page }) => {
  await signIn(page, "刘护士", "/patients");
  await page.locator("tbody a").first().click();
  await page.getByRole("tab", { name: "家属" }).click();
  const form = page.getByRole("form", { name: "授权家属" });
  await form.getByLabel("家属账号").fill("daughter-e2e");
  await tick(form.getByLabel("确认核销"));
  await form.getByRole("button", { name: "授权" }).click();
  const row = page.getByRole("row").filter({ hasText: "daughter-e2e" });
  await expect(row).toContainText("子女");
  await expect(row).toContainText("查看");
  await expect(row).toContainText("确认核销");
  await page.reload();
  await page.getByRole("tab", { name: "家属" }).click();
  await expect(page.getByRole("row").filter({ hasText: "daughter-e2e" })).toBeVisible();
});

test("(c) an invalid screening shows the API's field error and writes nothing", async ({
  page,
}) => {
  await signIn(page, "刘护士");
  await page.getByRole("tab", { name: /高风险未制定方案/ }).click();
  await page.locator("table.cp-table:visible tbody tr").first().click();
  const form = page.getByRole("form", { name: "营养风险筛查" });
  await expect(form).toBeVisible();
  const head = await storeHead(page);
  await tick(form.getByLabel("同时记录 PG-SGA"));
  await tick(form.getByLabel("C 重度营养不良"));
  await form.getByLabel("PG-SGA 评分").fill("70");
  await form.getByRole("button", { name: "保存筛查" }).click();
  await expect(form.getByText("Input should be less than or equal to 60")).toBeVisible();
  await expect(
    page.getByRole("alert").filter({ hasText: "有字段未填写或不符合要求。" }),
  ).toBeVisible();
  await expect(page.getByTestId("screening-result")).toHaveCount(0);
  expect(await storeHead(page)).toBe(head);
});

test("(d) a nurse of another department is told so, never a blank page, and may break the glass", async ({
  page,
  browser,
}) => {
  // An oncology patient's chart, found as the oncology nurse.
  await signIn(page, "刘护士", "/patients");
  await page.locator("tbody a").first().click();
  const name = (await page.getByTestId("patient-name").textContent()) ?? "";
  const chart = new URL(page.url()).pathname;

  const other = await browser.newPage();
  await signIn(other, "李护士", chart.replace("/console", ""));
  await expect(other).toHaveURL(new RegExp(`${chart}$`));
  await expect(other.getByRole("alert")).toContainText("该患者不在您的科室范围内。");
  await expect(other.getByTestId("patient-name")).toHaveCount(0);
  await other.getByLabel("紧急访问理由（将记入访问日志）").fill("夜班急诊，家属无法联系");
  await other.getByRole("button", { name: "确认紧急访问" }).click();
  await expect(other.getByTestId("patient-name")).toHaveText(name);
  await other.getByRole("radiogroup", { name: "语言" }).getByText("English").click();
  await expect(other.getByRole("tab", { name: "Timeline" })).toBeVisible();
  await other.close();
});

test("(e) a double-clicked command is one command: one event, one follow-up", async ({ page }) => {
  await signIn(page, "刘护士");
  await page.getByRole("tab", { name: /高风险未制定方案/ }).click();
  await page.locator("table.cp-table:visible tbody tr").nth(1).click();
  const form = page.getByRole("form", { name: "安排随访" });
  await expect(form).toBeVisible();
  const rows = page.getByRole("row").filter({ hasText: "2027-01-15" });
  await expect(rows).toHaveCount(0);
  const head = await storeHead(page);
  await form.getByLabel("应随访日期").fill("2027-01-15");
  await form.getByRole("button", { name: "安排随访" }).dblclick();
  await expect(rows).toHaveCount(1);
  await page.waitForTimeout(500); // a second command, had one gone out, would have landed
  expect(await storeHead(page)).toBe(head + 1);
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: "2027-01-15" })).toHaveCount(1);
});

test("(f) a lost network shows a banner, keeps what was typed, and the retry is one command", async ({
  page,
  context,
}) => {
  await signIn(page, "刘护士");
  await page.getByRole("tab", { name: /高风险未制定方案/ }).click();
  await page.locator("table.cp-table:visible tbody tr").first().click();
  const form = page.getByRole("form", { name: "安排随访" });
  await expect(form).toBeVisible();
  const head = await storeHead(page);
  await form.getByLabel("应随访日期").fill("2027-02-20");
  await context.setOffline(true);
  await form.getByRole("button", { name: "安排随访" }).click();
  await expect(page.getByText("网络已断开：您填写的内容已保留，恢复后可重新提交。")).toBeVisible();
  await expect(
    page.getByRole("alert").filter({ hasText: "网络已断开，已保留您填写的内容" }),
  ).toBeVisible();
  await expect(form.getByLabel("应随访日期")).toHaveValue("2027-02-20");
  await context.setOffline(false);
  await form.getByRole("button", { name: "安排随访" }).click();
  await expect(page.getByRole("row").filter({ hasText: "2027-02-20" })).toHaveCount(1);
  expect(await storeHead(page)).toBe(head + 1);
});

// Issue 14: catalogue review and refunds (a, b), in this serial file so nothing writes beside it.
catalogueJourneys();
