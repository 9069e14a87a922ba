import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/d2ace.js', import.meta.url));

it('streams a 40,000 x 220 ARFF file in memory of the order of its own size', () => {
  const r = spawnSync(process.execPath, [bin, 'bench', 'arff-memory', '--json', '--instances', '40000', '--features', '200', '--labels', '20'], { encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  const envelope = JSON.parse(r.stdout);
  const [result] = envelope.rows;
  console.log('arff memory', result);
  expect(envelope.benchmark).toBe('arff-memory');
  expect(result.instances).toBe(40000);
  expect(result.features + result.labels).toBe(220);
  expect(result.collectedBeforeBaseline).toBe(true);
  expect(result.peakOverFileSize).toBeLessThan(3);
});
