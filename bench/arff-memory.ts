/**
 * Memory of the streaming ARFF reader on a generated 40,000 x 220 dense file (200 features,
 * 20 labels): prints JSON with the file size and the peak resident memory above the baseline.
 * Usage: node --import ./src/node/register.mjs bench/arff-memory.ts [rows] [features] [labels]
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { readArffFile } from '../src/data/arff-file';
import { seededRandom } from '../src/util/random';

const [rows = 40_000, features = 200, labels = 20] = process.argv.slice(2).map(Number);

async function writeFile(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('@relation memory-bench\n');
  for (let c = 0; c < features; c++) out.write(`@attribute f${c} numeric\n`);
  for (let j = 0; j < labels; j++) out.write(`@attribute l${j} {0,1}\n`);
  out.write('@data\n');
  const random = seededRandom(1);
  for (let i = 0; i < rows; i++) {
    const values: string[] = [];
    for (let c = 0; c < features; c++) values.push((random() * 2 - 1).toFixed(6));
    for (let j = 0; j < labels; j++) values.push(random() < 0.1 ? '1' : '0');
    if (!out.write(`${values.join(',')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

const dir = mkdtempSync(join(tmpdir(), 'arff-mem-'));
const path = join(dir, 'big.arff');
await writeFile(path);
global.gc?.();
const baseline = process.memoryUsage().rss;
let peak = baseline;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
const start = performance.now();
const ds = await readArffFile(path, { labels: { kind: 'count', count: labels, position: 'last' } });
const ms = performance.now() - start;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);
const fileBytes = statSync(path).size;
rmSync(dir, { recursive: true });
console.log(
  JSON.stringify({
    rows: ds.numInstances,
    features: ds.numFeatures,
    labels: ds.numLabels,
    fileMB: +(fileBytes / 1e6).toFixed(1),
    resultMB: +((ds.features.byteLength + ds.labels.byteLength) / 1e6).toFixed(1),
    peakAboveBaselineMB: +((peak - baseline) / 1e6).toFixed(1),
    peakOverFileSize: +((peak - baseline) / fileBytes).toFixed(2),
    readMs: Math.round(ms),
  }),
);
