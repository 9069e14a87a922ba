import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const bench = fileURLToPath(new URL('../../bench/arff-memory.ts', import.meta.url));
const register = new URL('../../src/node/register.mjs', import.meta.url).href;

it('streams a 40,000 x 220 ARFF file in memory of the order of its own size', () => {
  const r = spawnSync(process.execPath, ['--import', register, '--expose-gc', bench, '40000', '200', '20'], { encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  const result = JSON.parse(r.stdout.trim().split('\n').pop()!);
  console.log('arff memory', result);
  expect(result.rows).toBe(40000);
  expect(result.features + result.labels).toBe(220);
  expect(result.peakOverFileSize).toBeLessThan(3);
});
