import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('the backbone benchmark runs in headless Chromium and prints JSON', () => {
  const r = spawnSync(process.execPath, ['bin/d2ace.js', 'bench', 'backbones', '--json', '--runtime', 'browser', '--hidden', '8', '--steps', '1', '--warmup', '1', '--shapes', 'yeast', '--batch', '16'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 170_000,
  });
  expect(r.status, r.stderr).toBe(0);
  const result = JSON.parse(r.stdout);
  expect(result.runtime).toBe('browser');
  expect(result.rows.map((row: { model: string }) => row.model)).toEqual(['mlp', 'clif']);
  for (const row of result.rows) {
    expect(row.msPerStep).toBeGreaterThan(0);
    expect(row.readbacksPerStep).toBe(0);
  }
});
