// Browser journeys in Debian's Chromium (never `playwright install`) against real
// `carepack serve --demo` servers on fresh stores: SQLite and PostgreSQL.
import { defineConfig } from "@playwright/test";

// Other ports (CAREPACK_E2E_PORTS="8911,8912") let two worktrees run their journeys at once.
const [SQLITE = 8791, POSTGRES = 8792] = (process.env.CAREPACK_E2E_PORTS ?? "")
  .split(",")
  .filter(Boolean)
  .map(Number);
// Against a server already running (a quicker loop while writing journeys):
// CAREPACK_E2E_URL=http://127.0.0.1:8000 npx playwright test
const external = process.env.CAREPACK_E2E_URL;

export default defineConfig({
  testDir: "e2e",
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [["list"]],
  use: {
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    viewport: { width: 1360, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
      ],
    },
    trace: "off",
  },
  projects: external
    ? [{ name: "external", use: { baseURL: external } }]
    : [
        { name: "sqlite", use: { baseURL: `http://127.0.0.1:${SQLITE}` } },
        { name: "postgres", use: { baseURL: `http://127.0.0.1:${POSTGRES}` } },
      ],
  webServer: external
    ? []
    : [
        {
          command: `e2e/serve.sh sqlite ${SQLITE}`,
          url: `http://127.0.0.1:${SQLITE}/ready`,
          timeout: 120_000,
          reuseExistingServer: false,
          stdout: "ignore",
          stderr: "pipe",
        },
        {
          command: `e2e/serve.sh postgres ${POSTGRES}`,
          url: `http://127.0.0.1:${POSTGRES}/ready`,
          timeout: 120_000,
          reuseExistingServer: false,
          stdout: "ignore",
          stderr: "pipe",
        },
      ],
});
