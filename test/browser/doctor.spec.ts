import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const bin = fileURLToPath(new URL('../../bin/d2ace.js', import.meta.url));

test('d2ace doctor --browser --json reports WebGPU from headless Chromium', () => {
  const r = spawnSync(process.execPath, [bin, 'doctor', '--browser', '--json'], { encoding: 'utf8', timeout: 170_000 });
  expect(r.status, r.stderr).toBe(0);
  const report = JSON.parse(r.stdout);
  expect(report.runtime).toBe('browser');
  expect(report.host).toContain('Chrome');
  expect(report.route).toBe('navigator.gpu');
  expect(report.adapter.vendor.length + report.adapter.architecture.length).toBeGreaterThan(0);
  expect(report.tfjs).toEqual({ version: '4.22.0', backend: 'webgpu', sharesDevice: true });
  expect(report.selfCheck.ok).toBe(true);
});
