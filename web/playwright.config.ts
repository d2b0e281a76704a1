import { defineConfig, devices } from "@playwright/test";

// Debian's Chromium (make install puts it there): Playwright's own download is not reachable.
const port = Number(process.env.E2E_PORT ?? 8123);

export default defineConfig({
  testDir: "e2e",
  timeout: 30_000,
  fullyParallel: false,
  workers: 1, // one server, two cores: journeys run one after another
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
