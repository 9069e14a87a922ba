import { defineConfig } from '@playwright/test';
import { CHROMIUM_WEBGPU_ARGS, findChromium } from './src/node/chromium';
import './src/node/wgsl-register.mjs';

// Modules the tests import load WGSL as text (`*.wgsl?raw`): this process has the hook from the
// import above; Playwright's worker processes get it through NODE_OPTIONS.
const wgslHook = `--import ${new URL('./src/node/wgsl-register.mjs', import.meta.url).href}`;
if (!process.env['NODE_OPTIONS']?.includes('wgsl-register')) process.env['NODE_OPTIONS'] = `${process.env['NODE_OPTIONS'] ?? ''} ${wgslHook}`.trim();

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
