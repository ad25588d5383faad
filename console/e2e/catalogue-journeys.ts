// Catalogue review and refunds in a real browser against `carepack serve --demo` (issue 14,
// journeys a and b). Declared by journeys.spec.ts, after its own: the journeys there count the
// store's events, so nothing may write beside them (one serial file per server).
import { expect, type Page, test } from "@playwright/test";
import { shoot, signIn, tick } from "./helpers";

async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page.getByRole("button", { name: /^以此身份登录/ }).first()).toBeVisible();
}

async function confirm(page: Page, ok: string): Promise<void> {
  const asking = page.locator(".ant-popconfirm:visible");
  await asking.getByRole("button", { name: ok }).click();
  // It stays open, its OK button spinning, until the server answers (money and reviews are
  // never optimistic): on a machine busy with other work that can take longer than 10 s.
  await expect(asking).toHaveCount(0, { timeout: 30_000 });
}

type Row = { refund_id: string; department: string; scope: string; subscription_id: string };

export function catalogueJourneys(): void {
  test("(a) a drafter drafts a package with two items; another reviewer approves and publishes; a new price keeps the content", async ({
    page,
  }, info) => {
    test.setTimeout(90_000);
    const code = `E2E-${Date.now().toString(36).toUpperCase()}`;
    // 马医生 drafts and also reviews the catalogue: never their own package.
    await signIn(page, "马医生", "/packages");
    await page.getByRole("button", { name: "新建服务包" }).click();
    const form = page.getByRole("form", { name: "新建服务包" });
    await form.getByLabel("服务包编码").fill(code);
    await form.getByLabel("名称", { exact: true }).fill("胃癌术后营养管理");
    await form.getByLabel("适用病种（ICD-10，逗号分隔）").fill("C16");
    await form.getByLabel("目标人群").fill("胃癌术后出院患者");
    await form.getByLabel("管理必要性", { exact: true }).fill("术后营养不良风险高");
    await form.getByLabel("项目1编码").fill("follow_up");
    await form.getByLabel("项目1名称").fill("营养随访");
    await form.getByLabel("项目1次数").fill("6");
    await form.getByRole("button", { name: "添加项目" }).click();
    await form.getByLabel("项目2编码").fill("escort");
    await form.getByLabel("项目2名称").fill("陪诊");
    await form.getByLabel("项目2类型").selectOption("per_use");
    await form.getByLabel("项目2次数").fill("2");
    await form.getByLabel("项目2退款权重").fill("3");
    await form.getByLabel("项目2核销方式").selectOption("manual");
    await form.getByLabel("价格（元）").fill("1299.00");
    // Offered by the drafter's own department unless they choose another.
    await expect(form.getByLabel("开设科室")).toHaveValue("oncology");
    await form.getByLabel("工作组或医生编号").fill("onc-nutrition-1");
    await form.getByLabel("工作组或医生名称").fill("肿瘤营养一组");
    await form.getByRole("button", { name: "添加字段" }).click();
    await form.getByLabel("字段1编码").fill("diet");
    await form.getByLabel("字段1名称").fill("目前饮食");
    await form.getByLabel("字段1类型").selectOption("choice");
    await form.getByLabel("字段1选项（每行一个）").fill("普食");
    await expect(form.getByText("单选题至少需要两个选项")).toBeVisible();
    await form.getByLabel("字段1选项（每行一个）").fill("普食\n半流质\n流质");
    await tick(form.getByLabel("字段1必填"));
    await form.getByLabel("注意事项").fill("陪诊需提前 2 天预约");
    await shoot(page, "package-draft", info.project.name);
    await form.getByRole("button", { name: "保存草稿" }).click();

    await expect(page.getByTestId("package-name")).toHaveText("胃癌术后营养管理");
    await expect(page.getByTestId("package-department")).toHaveText("肿瘤科");
    await expect(page.getByText("草稿", { exact: true })).toBeVisible();
    await page.getByRole("button", { name: "提交审核" }).click();
    await expect(page.getByText("待审核", { exact: true })).toBeVisible();
    // The drafter is a reviewer too, and sees why they cannot approve their own package.
    await expect(page.getByTestId("four-eyes")).toContainText("不能审核或上架自己起草的服务包");
    await expect(page.getByRole("button", { name: "审核通过" })).toBeDisabled();
    const url = page.url().replace(/^.*\/console/, "");

    await signOut(page);
    await signIn(page, "孙审核", url);
    await expect(page.getByTestId("four-eyes")).toHaveCount(0);
    await page.getByRole("button", { name: "审核通过" }).click();
    await confirm(page, "确定");
    await expect(page.getByText("已通过", { exact: true })).toBeVisible();
    await page.getByRole("button", { name: "上架" }).click();
    await confirm(page, "确定");
    await expect(page.getByText("已上架", { exact: true })).toBeVisible();

    await page.getByLabel("新价格（元）").fill("1399.00");
    await page.getByRole("button", { name: "调价" }).click();
    await confirm(page, "确定");
    await expect(page.getByTestId("package-price")).toHaveText("¥1,399.00");
    // The content is as drafted: both items with their counts and weights, the intake field.
    const items = page.getByTestId("package-items");
    await expect(items.getByRole("row", { name: /follow_up 营养随访 随访 6 1/ })).toBeVisible();
    await expect(items.getByRole("row", { name: /escort 陪诊 按次服务 2 3/ })).toBeVisible();
    await expect(page.getByText("普食 / 半流质 / 流质")).toBeVisible();
    await expect(page.getByText(/调价 · reviewer-sun · ¥1,399.00/)).toBeVisible();
    await shoot(page, "package", info.project.name);

    await page.getByRole("link", { name: "返回服务包列表" }).click();
    // A reviewer lands on the packages awaiting review; this one is published now.
    await expect(page.getByLabel("状态")).toHaveValue("in_review");
    await page.getByLabel("状态").selectOption("published");
    await page.getByLabel("编码或名称").fill(code);
    const row = page.getByRole("row").filter({ hasText: code });
    await expect(row).toContainText("已上架");
    await expect(row).toContainText("¥1,399.00");
    await expect(row).toContainText("dr-rev-ma");
    await expect(row).toContainText("reviewer-sun");
    await page.getByLabel("编码或名称").fill("");
    await shoot(page, "catalogue", info.project.name);

    // New content means a new version: the drafter drafts it from the published one, and
    // the chain shows both ways.
    await signOut(page);
    await signIn(page, "马医生", url);
    await page.getByRole("button", { name: "起草新版本" }).click();
    const next = page.getByRole("form", { name: "修改服务包草稿" });
    await expect(next.getByLabel("服务包编码")).toHaveValue(code);
    await next.getByLabel("项目1次数").fill("12");
    await next.getByRole("button", { name: "保存草稿" }).click();
    await expect(page.getByText("v2", { exact: true })).toBeVisible();
    await expect(page.getByTestId("package-items")).toContainText("12");
    await page.getByRole("link", { name: "替代上一版本" }).click();
    await expect(page.getByText("v1", { exact: true })).toBeVisible();
    await expect(page.getByText("已上架", { exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: "已被新版本替代" })).toBeVisible();
  });

  test("(b) service staff agree a partial refund; they cannot approve it; a lead does; finance and the chart agree", async ({
    page,
  }, info) => {
    test.setTimeout(90_000);
    const lead = await page.request.post("/api/v1/demo/sign-in", {
      data: { subject: "lead-chen" },
    });
    const auth = { Authorization: `Bearer ${(await lead.json()).token}` };
    const queue = await page.request.get("/api/v1/dashboard/refunds?stage=requested&limit=200", {
      headers: auth,
    });
    const rows = ((await queue.json()) as { items: Row[] }).items;
    const refund = rows.find((r) => r.scope === "items");
    expect(refund, "the demo has a quoted refund of items").toBeTruthy();
    if (!refund) return;
    const staff = await page.request.get("/api/v1/demo/staff");
    const members = (await staff.json()).items as {
      name: string;
      role: string;
      departments: string[];
    }[];
    const agent = members.find(
      (m) => m.role === "service_staff" && m.departments.includes(refund.department),
    );
    if (!agent) throw new Error(`no service staff in ${refund.department}`);

    await signIn(page, agent.name, "/refunds");
    await expect(page.getByRole("tab", { name: /待协商 \(\d+\)/ })).toBeVisible();
    await shoot(page, "refunds", info.project.name);
    await page.goto(`/console/refunds/${refund.refund_id}`);
    const quote = (await page.getByTestId("quote-amount").textContent()) ?? "";
    const quoted = Number(quote.replace(/[¥,]/g, ""));
    expect(quoted).toBeGreaterThan(0);
    const partial = (Math.floor(quoted * 50) / 100).toFixed(2); // half, in fen
    await expect(page.getByTestId("quote-breakdown").getByRole("row")).toHaveCount(2);

    // Before: the follow-ups left on the subscription, on the patient's chart.
    await page.getByRole("link", { name: "打开患者档案" }).click();
    await page.getByRole("tab", { name: "服务包" }).click();
    const balance = page.getByTestId(`remaining-${refund.subscription_id}-follow_up`);
    const before = Number(((await balance.textContent()) ?? "").split("/")[0]);
    await page.goto(`/console/refunds/${refund.refund_id}`);
    await expect(page.getByTestId("quote-amount")).toBeVisible();

    const agree = page.getByRole("form", { name: "填写协商结果" });
    await agree.getByLabel("协商金额（元）").fill(partial);
    await agree.getByLabel("通话记录").fill("电话联系患者女儿，同意退一半");
    await agree.getByRole("button", { name: "确认协商金额" }).click();
    const shown = `¥${Number(partial).toLocaleString("en-US", { minimumFractionDigits: 2 })}`;
    await expect(page.getByTestId("agreed")).toContainText(shown);
    await expect(page.getByTestId("agreed")).toContainText("同意退一半");
    await expect(page.getByTestId("approval-by")).toHaveText("需客服主管审批");
    // The four-eyes rule, visible: whoever agreed cannot approve.
    await expect(page.getByTestId("four-eyes")).toContainText("需由他人审批");
    await expect(page.getByRole("button", { name: "批准退款" })).toHaveCount(0);
    await shoot(page, "refund", info.project.name);
    const url = page.url().replace(/^.*\/console/, "");

    await signOut(page);
    await signIn(page, "陈主管", url);
    await page.getByRole("button", { name: "批准退款" }).click();
    await expect(page.locator(".ant-popconfirm")).toContainText(`批准退款 ${shown}，撤销 1 次`);
    await confirm(page, "批准");
    await expect(page.getByTestId("refund-status")).toHaveText("已批准");
    await expect(page.getByTestId("approved")).toContainText(shown);
    await expect(page.getByTestId("approved")).toContainText("lead-chen");

    // Finance's list has it with the same amount.
    const fin = await page.request.post("/api/v1/demo/sign-in", { data: { subject: "fin-qian" } });
    const money = { Authorization: `Bearer ${(await fin.json()).token}` };
    await expect(async () => {
      const list = await page.request.get("/api/v1/finance/refunds?status=approved&limit=200", {
        headers: money,
      });
      const found = (
        (await list.json()).items as Record<string, { amount: string } | string>[]
      ).find((r) => r.refund_id === refund.refund_id) as
        | { approved_amount: { amount: string }; agreed_amount: { amount: string } }
        | undefined;
      expect(found?.approved_amount.amount).toBe(partial);
      expect(found?.agreed_amount.amount).toBe(partial);
    }).toPass({ timeout: 10_000 });

    // The revoked follow-up is gone from the patient's chart.
    await signOut(page);
    await signIn(page, agent.name, url);
    await page.getByRole("link", { name: "打开患者档案" }).click();
    await page.getByRole("tab", { name: "服务包" }).click();
    await expect(page.getByTestId(`remaining-${refund.subscription_id}-follow_up`)).toContainText(
      `${before - 1}/`,
    );
  });
}
