import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { readResultFile } from '../../src/experiment/result-file';

const bin = fileURLToPath(new URL('../../bin/d2ace.js', import.meta.url));

for (const method of ['d2ace', 'uniform']) {
  test(`d2ace train --runtime browser (${method}): a schema-valid result, 0 readbacks per step, best and last`, () => {
    const out = join(mkdtempSync(join(tmpdir(), 'browser-train-')), 'run.json');
    const r = spawnSync(
      process.execPath,
      [bin, 'train', '--runtime', 'browser', '--method', method, '--epochs', '3', '--mlp-widths', '16', '--warmup-epochs', '1', '--lr-warmup-epochs', '1', '--out', out],
      { encoding: 'utf8', timeout: 170_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const result = readResultFile(out);
    expect(result.environment.runtime).toBe('browser');
    expect(result.environment.host).toContain('Chrome');
    expect(result.status).toBe('complete');
    expect(result.history).toHaveLength(3);
    expect(result.readbacks.perStep).toBe(0);
    expect(result.test!.best.macro_auc).not.toBeNull();
    expect(result.test!.last.macro_auc).not.toBeNull();
  });
}
