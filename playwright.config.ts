import { defineConfig } from '@playwright/test';
import { CHROMIUM_WEBGPU_ARGS, findChromium } from './src/node/chromium';
import './src/node/wgsl-register.mjs';

// Modules the tests import load WGSL as text (`*.wgsl?raw`): this process has the hook from the
// import above; Playwright's worker processes get it through NODE_OPTIONS.
const wgslHook = `--import ${new URL('./src/node/wgsl-register.mjs', import.meta.url).href}`;
if (!process.env['NODE_OPTIONS']?.includes('wgsl-register')) process.env['NODE_OPTIONS'] = `${process.env['NODE_OPTIONS'] ?? ''} ${wgslHook}`.trim();

// Browser tests run in Debian's Chromium (never a downloaded browser) with WebGPU enabled;
// pages come from the Vite dev server on 127.0.0.1, a secure context.
const PORT = Number(process.env['D2ACE_TEST_PORT'] ?? 5179);

export default defineConfig({
  testDir: 'test/browser',
  timeout: 180_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_WEBGPU_ARGS },
  },
  webServer: {
    command: `npx vite --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}/test/browser/harness.html`,
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
