/**
 * The package build (`npm run build`): ESM for browsers and for Node, one bundled `.d.ts`, the
 * WGSL inlined as strings, and the CLI as plain JavaScript (no tsx at run time).
 *
 * The two library builds differ only in `#gpu-provider`: navigator.gpu in browsers, Dawn in
 * Node. tfjs, its WebGPU backend and Dawn stay external (the app's own copies); the CLI's
 * helpers (commander, Ajv, the progress bar, @stdlib) are bundled into dist/node/cli.mjs, so
 * a library user installs none of them.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { defineConfig, type UserConfig } from 'tsdown';

const RAW_WGSL = /\.wgsl\?raw$/;

/** `import source from './x.wgsl?raw'` becomes the file's text, as Vite does in development. */
const wgslAsText = {
  name: 'wgsl-as-text',
  resolveId(id: string, importer: string | undefined) {
    if (RAW_WGSL.test(id) && importer) return resolve(dirname(importer), id);
    return null;
  },
  load(id: string) {
    if (!RAW_WGSL.test(id)) return null;
    return `export default ${JSON.stringify(readFileSync(id.replace(/\?raw$/, ''), 'utf8'))};`;
  },
};

/** Never bundled: the app's tfjs, Dawn, and the CLI's optional browser tooling. */
const EXTERNAL = [/^@tensorflow\//, 'webgpu', 'playwright-core', '@playwright/test', 'vite'];

function library(platform: 'browser' | 'node'): UserConfig {
  return {
    entry: { index: 'src/index.ts', stats: 'src/stats/index.ts', ...(platform === 'node' ? { cli: 'src/cli/main.ts' } : {}) },
    outDir: `dist/${platform}`,
    platform,
    format: 'esm',
    target: 'es2022',
    sourcemap: true,
    minify: true,
    dts: platform === 'node' ? { resolver: 'tsc' } : false,
    clean: true,
    alias: { '#gpu-provider': resolve(`src/gpu/provider-${platform}.ts`) },
    plugins: [wgslAsText],
    deps: { neverBundle: EXTERNAL, onlyBundle: false },
    copy: platform === 'node' ? [{ from: 'node_modules/chart.js/dist/chart.umd.min.js', to: 'dist/node/vendor' }] : [],
  };
}

export default defineConfig([library('browser'), library('node')]);
