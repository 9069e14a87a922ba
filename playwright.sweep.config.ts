import { defineConfig } from '@playwright/test';
import { CHROMIUM_WEBGPU_ARGS, findChromium } from './src/node/chromium';

// `d2ace run --runtime browser` runs each run of a sweep as one Playwright test, so a sweep
// splits over machines with Playwright's own --shard i/n. Runs are long: no test timeout.
const PORT = Number(process.env['D2ACE_SWEEP_PORT'] ?? 5181);

export default defineConfig({
  testDir: 'src/experiment',
  testMatch: /sweep\.pw\.ts$/,
  timeout: 0,
  workers: 1,
  // Shard by test (run), not by file: the whole sweep is one file.
  fullyParallel: true,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_WEBGPU_ARGS },
  },
  webServer: {
    command: `node node_modules/vite/bin/vite.js --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}/src/browser/runner.html`,
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
