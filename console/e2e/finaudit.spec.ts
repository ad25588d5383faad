// Finance and audit in a real browser against `carepack serve --demo` (issue 14, journeys
// c–e). Serial: (e) tampers with the store, and (d) must see the chain whole before it.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { shoot, signIn } from "./helpers";

test.describe.configure({ mode: "serial" });

type Row = Record<string, unknown> & { paid_amount: { amount: string } | null };

/** A demo member's token, for the few facts a journey needs from the API itself. */
async function tokenOf(page: Page, subject: string): Promise<string> {
  const answer = await page.request.post("/api/v1/demo/sign-in", { data: { subject } });
  return ((await answer.json()) as { token: string }).token;
}

async function apiGet<T>(page: Page, token: string, path: string): Promise<T> {
  const answer = await page.request.get(`/api/v1${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(answer.ok(), await answer.text()).toBe(true);
  return (await answer.json()) as T;
}

async function noAxeViolations(page: Page, where: string): Promise<void> {
  await expect(page.locator(".ant-skeleton, .ant-spin-spinning")).toHaveCount(0);
  const result = await new AxeBuilder({
    page: page as unknown as ConstructorParameters<typeof AxeBuilder>[0]["page"],
  }).analyze();
  const bad = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${where}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(bad, bad.join("\n")).toEqual([]);
}

test("(c) finance reconciles a settlement file: matched, wrong amount, unknown", async ({
  page,
}, info) => {
  const finance = await tokenOf(page, "fin-qian");
  const paid = await apiGet<{ items: Row[] }>(
    page,
    finance,
    "/finance/refunds?status=paid&limit=1",
  );
  const refund = paid.items[0] as Row & {
    provider_ref: string;
    paid_at: string;
    subscription_id: string;
  };
  const balance = await apiGet<{
    payment_ref: string;
    paid: { amount: string };
    purchased_at: string;
  }>(page, finance, `/finance/subscriptions/${refund.subscription_id}/balance`);
  const wrong = (Number(balance.paid.amount) + 1).toFixed(2);
  const unknown = `E2E-UNKNOWN-${Date.now()}`;
  const settlement = [
    "provider_ref,kind,amount,currency,settled_at",
    `${refund.provider_ref},refund,${refund.paid_amount?.amount},CNY,${refund.paid_at}`,
    `${balance.payment_ref},payment,${wrong},CNY,${balance.purchased_at}`,
    `${unknown},payment,10.00,CNY,${refund.paid_at}`,
  ].join("\n");

  await signIn(page, "钱财务");
  await expect(page).toHaveURL(/\/console\/finance/); // finance lands on 财务
  await shoot(page, "finance", info.project.name);
  await page.getByRole("tab", { name: "对账" }).click();
  const sent: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && r.url().includes("/finance/reconciliations")) sent.push(r.url());
  });
  // A faulty file is refused in the browser, line by line, and nothing is sent
  const upload = page.locator("input[type=file]");
  await upload.setInputFiles({
    name: "bad.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`${settlement.replace(",CNY,", ",USD,")}\nX,charge,1,CNY,2026-01-01\n`),
  });
  const faults = page.getByTestId("settlement-faults");
  await expect(faults).toContainText("行 2：币种“USD”应为 CNY");
  await expect(faults).toContainText("行 5：类型“charge”应为 payment 或 refund");
  expect(sent).toEqual([]);
  // The good file is checked, then sent on request
  await upload.setInputFiles({
    name: "settlement.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(settlement),
  });
  await expect(page.getByTestId("settlement-ok")).toContainText("共 3 行");
  await page.getByRole("button", { name: "提交对账" }).click();
  await expect(page.getByTestId("count-amount_mismatch")).toContainText("1");
  await expect(page.getByTestId("count-unknown_to_us")).toContainText("1");
  expect(sent).toHaveLength(1);
  const lines = page.locator(".ant-card").filter({ hasText: "对账结果" }).locator("tbody tr");
  await expect(lines.filter({ hasText: refund.provider_ref })).toContainText("已匹配");
  await expect(lines.filter({ hasText: balance.payment_ref })).toContainText("金额不符");
  await expect(lines.filter({ hasText: unknown })).toContainText("我方无记录");
  // The status filter shows one status only
  await page.getByText(/^金额不符 \(1\)$/).click();
  await expect(lines).toHaveCount(1);
  await expect(lines).toContainText(balance.payment_ref);
  await shoot(page, "finance-reconciliation", info.project.name);
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "下载对账报告 CSV" }).click();
  expect((await download).suggestedFilename()).toMatch(/^reconciliation-.*\.csv$/);

  // The ledger lists the refund with its amount, filtered by its subscription
  await page.getByRole("tab", { name: "退款台账" }).click();
  await page.getByLabel("订单（订阅）ID").fill(refund.subscription_id);
  const row = page.locator("tbody tr").filter({ hasText: "已打款" });
  await expect(row.first()).toContainText(`¥${refund.paid_amount?.amount}`);
  await page.getByRole("tab", { name: "图表" }).click();
  await expect(page.getByRole("img", { name: "每日销售、核销与退款" })).toBeVisible();
  await expect(page.getByTestId("refund-waits")).toBeVisible();
  await expect(page.locator(".ant-skeleton")).toHaveCount(0);
  await shoot(page, "finance-charts", info.project.name);
  if (info.project.name !== "postgres") {
    for (const tab of ["概览", "退款台账", "服务包余额", "每日汇总", "图表", "对账"]) {
      await page.getByRole("tab", { name: tab }).click();
      await noAxeViolations(page, `finance ${tab}`);
    }
  }
});

test("(d) an auditor verifies the chain, sees a subscription before its refund, finds a nurse's reads", async ({
  page,
  browser,
}, info) => {
  // The nurse reads a patient's chart
  const nurse = await browser.newPage();
  await signIn(nurse, "刘护士", "/patients");
  await nurse.locator("tbody a").first().click();
  await expect(nurse.getByTestId("patient-name")).toBeVisible();
  const patientId = new URL(nurse.url()).pathname.split("/").pop() ?? "";
  await nurse.close();

  // A subscription with one refund, paid, and what it paid
  const finance = await tokenOf(page, "fin-qian");
  const paid = await apiGet<{ items: (Row & { subscription_id: string })[] }>(
    page,
    finance,
    "/finance/refunds?status=paid&limit=200",
  );
  let refund: (Row & { subscription_id: string }) | undefined;
  for (const candidate of paid.items) {
    const all = await apiGet<{ items: Row[] }>(
      page,
      finance,
      `/finance/refunds?subscription_id=${candidate.subscription_id}`,
    );
    if (all.items.length === 1) {
      refund = candidate;
      break;
    }
  }
  if (!refund) throw new Error("the demo has no subscription with exactly one refund, paid");
  const balance = await apiGet<{ paid: { amount: string } }>(
    page,
    finance,
    `/finance/subscriptions/${refund.subscription_id}/balance`,
  );

  await signIn(page, "周审计");
  await expect(page).toHaveURL(/\/console\/audit/); // auditors land on 审计
  await expect(page.getByTestId("event-chain-result")).toContainText("校验通过");
  await expect(page.getByTestId("access-chain-result")).toContainText("校验通过");
  await shoot(page, "audit", info.project.name);

  // The subscription's refund request in the history, then the record as of that moment
  await page.getByRole("tab", { name: "事件历史" }).click();
  await page.getByLabel("记录（聚合）ID").fill(refund.subscription_id);
  await page.getByRole("button", { name: "查询" }).click();
  await page.locator("tbody tr").filter({ hasText: "RefundRequested" }).first().click();
  await expect(page.getByTestId("event-details")).toContainText(refund.subscription_id);
  await expect(page.getByTestId("event-data")).toContainText('"reason_code"');
  await shoot(page, "audit-event", info.project.name);
  await page.getByRole("button", { name: "查看该记录在此事件前的状态" }).click();
  const then = page.getByTestId("then-balance");
  await expect(then).toContainText(`"paid":"${balance.paid.amount}"`);
  await expect(then).toContainText('"refunded":"0.00"');
  const changed = page.getByTestId("changed-since");
  await expect(changed.locator("tr").filter({ hasText: "balance" })).toContainText(
    `"refunded":"${refund.paid_amount?.amount}"`,
  );
  await shoot(page, "audit-as-of", info.project.name);

  // The nurse's reads in the access log
  await page.getByRole("tab", { name: "访问日志" }).click();
  await page.getByLabel("患者 ID").fill(patientId);
  await page.getByLabel("操作人").fill("nurse-onc-liu");
  await page.getByRole("button", { name: "查询" }).click();
  const reads = page.locator("tbody tr").filter({ hasText: "nurse-onc-liu" });
  await expect(reads.first()).toContainText(patientId);
  await expect(reads.first()).toContainText("allowed");
  await shoot(page, "audit-access-log", info.project.name);
  await page.getByRole("tab", { name: "导出" }).click();
  const saved = page.waitForEvent("download");
  await page.getByRole("button", { name: "导出访问日志" }).click();
  const file = await saved;
  expect(file.suggestedFilename()).toBe("access-log.csv");
  expect(readFileSync(await file.path(), "utf8")).toContain("nurse-onc-liu");
  if (info.project.name !== "postgres") {
    for (const tab of ["链校验", "事件历史", "时点状态", "访问日志", "导出"]) {
      await page.getByRole("tab", { name: tab }).click();
      await noAxeViolations(page, `audit ${tab}`);
    }
  }
});

test("(e) a chain tampered with in the store fails verification at that position", async ({
  page,
}, info) => {
  // It rewrites a stored event in the SQLite file: the sqlite project only (the postgres
  // server's store is another database), and it puts the event back afterwards.
  const port = new URL(String(info.project.use.baseURL)).port;
  const dir = readdirSync("/tmp").find((name) => name.startsWith(`console-e2e-sqlite-${port}-`));
  test.skip(info.project.name === "postgres" || !dir, "tampers with the SQLite store file");
  const store = `/tmp/${dir}/events.db`;
  const python = `${process.cwd()}/../.venv/bin/python`;
  const sql = (script: string, ...args: string[]) =>
    execFileSync(python, ["-c", script, store, ...args], { encoding: "utf8" }).trim();
  const position = sql(
    "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('select max(rowid) - 7 from stored_events').fetchone()[0])",
  );
  // One byte more in the event's stored state; the original bytes are put back after.
  const tamper =
    "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); i=int(sys.argv[2]); s=bytes(c.execute('select state from stored_events where rowid=?',(i,)).fetchone()[0]); c.execute('update stored_events set state=? where rowid=?',(s+b' ',i)); c.commit(); print(s.hex())";
  const restore =
    "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('update stored_events set state=? where rowid=?',(bytes.fromhex(sys.argv[3]),int(sys.argv[2]))); c.commit()";
  const original = sql(tamper, position);
  try {
    await signIn(page, "周审计");
    await expect(page.getByTestId("event-chain-result")).toContainText("校验失败：历史被篡改");
    await expect(page.getByTestId("event-chain-first-bad")).toHaveText(position);
    await shoot(page, "audit-tampered", info.project.name);
  } finally {
    sql(restore, position, original);
  }
  await page.getByRole("button", { name: "重新校验" }).click();
  await expect(page.getByTestId("event-chain-result")).toContainText("校验通过");
});
