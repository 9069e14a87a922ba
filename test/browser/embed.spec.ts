// The packed package, used as people who embed it use it: a library user's empty folder (plain
// node import, the CLI, what gets installed), and examples/embed built with Vite from the
// tarball and run in headless Chromium in both ways of sharing the GPU.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { installEmbedExample, installIntoEmptyFolder, npm, REPO } from './packed';
import { freePort, removeScratch, startGroup, type BackgroundGroup } from '../support/scratch';

/** The README's embedding example: the js block after its marker. */
function readmeExample(): string {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const block = /<!-- embed-example -->\n```js\n([\s\S]*?)\n```/.exec(readme);
  if (!block) throw new Error('README.md has no js block after <!-- embed-example -->');
  return block[1]!;
}

test.describe.configure({ mode: 'serial', timeout: 600_000 });
// The packed tarball and the installs are large (hundreds of MB): removed when the file ends.
test.afterAll(removeScratch);

test('the tarball installs into an empty folder: plain node imports it, npx d2ace doctor works, no CLI tooling installed', () => {
  const dir = installIntoEmptyFolder();
  const script = [
    "import { d2aceReference, METHOD_NAMES } from 'd2ace-webgpu';",
    "import { wilcoxonSignedRankP } from 'd2ace-webgpu/stats';",
    'const nb = d2aceReference.knnReference(new Float32Array([0, 0, 1, 1, 0, 0.1]), 3, 2, 1);',
    'const state = d2aceReference.createState(3, 2, { window: 4 });',
    'console.log(JSON.stringify({ nb: Array.from(nb), window: state.window, methods: METHOD_NAMES, p: typeof wilcoxonSignedRankP }));',
  ].join('\n');
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } }));
  // Each point's neighbourhood is itself, then its nearest other point.
  expect(out).toEqual({ nb: [0, 2, 1, 2, 2, 0], window: 4, methods: ['uniform', 'd2ace', 'obs', 'active-bias', 'recency-bias', 'ubs', 'mladabatch'], p: 'function' });

  const doctor = execFileSync('npx', ['--no-install', 'd2ace', 'doctor'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  expect(doctor).toMatch(/self-check\s+column_stats .* ok/);
  expect(doctor).toContain("backend 'webgpu' on the shared device");

  // The benchmarks ship with the package: one small selection run, its JSON envelope.
  const bench = JSON.parse(
    execFileSync('npx', ['--no-install', 'd2ace', 'bench', 'selection', '--json', '--shapes', 'yeast', '--methods', 'uniform,obs', '--steps', '1', '--no-overhead'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    }),
  ) as { benchmark: string; runtime: string; adapter: { software: boolean } | null; options: { shapes: string[] }; rows: { shape: string; method: string; readbacksPerStep: number }[] };
  expect(bench.benchmark).toBe('selection');
  expect(bench.runtime).toBe('node');
  expect(bench.adapter).not.toBeNull();
  expect(bench.options.shapes).toEqual(['yeast']);
  expect(bench.rows.map((r) => `${r.shape}/${r.method}`)).toEqual(['yeast/uniform', 'yeast/obs']);
  for (const row of bench.rows) expect(row.readbacksPerStep).toBe(0);

  const installed = npm(['ls', '--omit=dev', '--all', '--parseable'], dir).split('\n').filter(Boolean);
  const names = installed.map((p) => p.split('node_modules/').pop() ?? '');
  expect(names.filter((n) => /^(playwright|playwright-core|@playwright\/test|vite|tsx|commander|ajv|chart\.js|@stdlib\/.*)$/.test(n))).toEqual([]);
  expect(names).toContain('d2ace-webgpu');
  expect(names).toContain('@tensorflow/tfjs-backend-webgpu');
  expect(existsSync(join(dir, 'node_modules/d2ace-webgpu/dist/node/index.d.mts'))).toBe(true);

  // The README's example runs as written, from npm install to batches chosen by D2ACE.
  writeFileSync(join(dir, 'readme-example.mjs'), readmeExample());
  const example = execFileSync(process.execPath, ['readme-example.mjs'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  expect(example.trim().split('\n').at(-1)).toBe('D2ACE chose 80 batches');
});

test.describe('examples/embed, built from the tarball', () => {
  let server: BackgroundGroup | undefined;
  let url = '';

  test.beforeAll(async () => {
    const dir = installEmbedExample();
    npm(['run', 'build', '--silent'], dir);
    const port = await freePort();
    // Vite itself in a process group of its own: ending the group ends the server, not just a wrapper.
    server = startGroup(join(dir, 'node_modules/.bin/vite'), ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { cwd: dir });
    url = `http://127.0.0.1:${port}/`;
    for (let i = 0; i < 120; i++) {
      if (await fetch(url).then((r) => r.ok, () => false)) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`vite preview did not answer at ${url}`);
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  for (const mode of ['backend', 'device'] as const) {
    test(`trains its own model on D2ACE batches (${mode} mode): 0 readbacks inside steps, no page errors`, async ({ page }) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${url}?mode=${mode}`);
      await page.waitForFunction(() => 'embedResult' in globalThis, undefined, { timeout: 400_000 });
      const result = (await page.evaluate(() => (globalThis as { embedResult?: unknown }).embedResult)) as {
        mode: string;
        stepReadbacks: number;
        datasetRates: number[];
        frequencies: number[][];
        error?: string;
      };
      expect(result.error).toBeUndefined();
      expect(errors).toEqual([]);
      expect(result.mode).toBe(mode);
      expect(result.stepReadbacks).toBe(0);
      expect(result.frequencies).toHaveLength(8);
      // Epoch 1 is D2ACE's warm-up: a permutation, so every label occurs at its rate in the data.
      result.frequencies[0]!.forEach((share, l) => expect(share).toBeCloseTo(result.datasetRates[l]!, 6));
      // Afterwards the sampling distribution moves the batches' label mix away from the data's.
      const drift = Math.max(...result.frequencies.slice(1).flatMap((shares) => shares.map((s, l) => Math.abs(s - result.datasetRates[l]!))));
      expect(drift).toBeGreaterThan(0.01);
      await expect(page.locator('#status')).toHaveText(`Done (${mode}): 8 epochs, 0 readbacks inside steps.`);
    });
  }
});
