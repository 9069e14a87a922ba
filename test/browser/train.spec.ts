import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { readResultFile } from '../../src/results/result-file';
import { SELECTION_METHODS } from '../../src/selection/registry';
import { removeScratch, scratchDir } from '../support/scratch';

test.afterAll(removeScratch);

const bin = fileURLToPath(new URL('../../bin/d2ace.js', import.meta.url));

for (const { name: method, options } of SELECTION_METHODS) {
  test(`d2ace train --runtime browser (${method}): a schema-valid result, 0 readbacks per step, best and last`, () => {
    const out = join(scratchDir('browser-train'), 'run.json');
    const warmup = options.some((o) => o.key === 'warmupEpochs') ? ['--warmup-epochs', '1'] : [];
    const r = spawnSync(
      process.execPath,
      [bin, 'train', '--runtime', 'browser', '--method', method, '--epochs', '3', '--mlp-widths', '16', ...warmup, '--lr-warmup-epochs', '1', '--out', out],
      { encoding: 'utf8', timeout: 170_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const result = readResultFile(out);
    expect(result.environment.runtime).toBe('browser');
    expect(result.environment.host).toContain('Chrome');
    expect(result.status).toBe('complete');
    expect(result.history).toHaveLength(3);
    expect(result.readbacks!.perStep).toBe(0);
    expect(result.test!.best.macro_auc).not.toBeNull();
    expect(result.test!.last.macro_auc).not.toBeNull();
    expect(result.selection.method).toBe(method);
    if (warmup.length) expect(result.history[2]!.selector).toMatchObject({ method, phase: 'selection' });
  });
}

test('d2ace run --runtime browser shards a sweep with Playwright and resumes', () => {
  const dir = scratchDir('browser-sweep');
  const experiment = join(dir, 'experiment.json');
  writeFileSync(
    experiment,
    JSON.stringify({ datasets: ['yeast'], methods: ['d2ace', 'uniform'], models: ['mlp'], train: { epochs: 2, mlpWidths: [8], lrWarmupEpochs: 1 }, methodOptions: { d2ace: { warmupEpochs: 1 } } }),
  );
  const out = join(dir, 'out');
  const sweep = (shard: string) => spawnSync(process.execPath, [bin, 'run', experiment, '--out', out, '--runtime', 'browser', '--shard', shard], { encoding: 'utf8', timeout: 170_000 });
  const second = sweep('2/2');
  expect(second.status, second.stderr + second.stdout).toBe(0);
  expect(existsSync(join(out, 'yeast__mlp__uniform__official__seed0.json'))).toBe(true);
  expect(existsSync(join(out, 'yeast__mlp__d2ace__official__seed0.json'))).toBe(false);
  expect(readResultFile(join(out, 'yeast__mlp__uniform__official__seed0.json')).environment.runtime).toBe('browser');
  const again = sweep('2/2');
  expect(again.stdout).toMatch(/1 skipped/);
});
