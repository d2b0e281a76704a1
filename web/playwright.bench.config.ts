import { defineConfig, devices } from "@playwright/test";

// The browser benchmarks (bench/*.bench.ts): the same server as the e2e suite, one at a time.
const port = Number(process.env.E2E_PORT ?? 8124);

export default defineConfig({
  testDir: "bench",
  testMatch: "*.bench.ts",
  timeout: 300_000,
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  use: { baseURL: `http://127.0.0.1:${port}`, trace: "off" },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" },
      },
    },
  ],
  webServer: {
    command: "e2e/server.sh",
    url: `http://127.0.0.1:${port}/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
  },
});
