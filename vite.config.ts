/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// One config for the demo, the browser runner the CLI drives, the Playwright harness and
// the Node unit tests (Vitest). Cross-origin isolation enables wasm threads and precise timers.
export default defineConfig({
  // The demo and the harness import the package by name, as an app would; here it resolves
  // to the sources, so they need no build.
  resolve: {
    alias: [
      { find: /^d2ace-webgpu$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^d2ace-webgpu\/stats$/, replacement: fileURLToPath(new URL('./src/stats/index.ts', import.meta.url)) },
    ],
  },
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
