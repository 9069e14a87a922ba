/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// One config for the demo, the browser runner the CLI drives, the Playwright harness and
// the Node unit tests (Vitest). Cross-origin isolation enables wasm threads and precise timers.
export default defineConfig({
  server: {
    host: '127.0.0.1',
    headers: {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    },
  },
  test: {
    include: ['test/node/**/*.test.ts'],
    // Dawn is a native addon: one process per test file, not worker threads.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
