/**
 * Memory benchmark of the streaming ARFF reader (`d2ace bench arff-memory`): writes a dense
 * file of random rows to a temporary folder, reads it with readArffFile and reports the file
 * size and the peak resident memory of this process above the baseline before the read.
 * Node only: it measures the Node process itself, and no GPU is involved.
 */
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { readArffFile } from '../data/arff-file';
import { seededRandom } from '../util/random';

export interface ArffMemoryBenchOptions {
  instances: number;
  features: number;
  labels: number;
}

export const DEFAULT_ARFF_MEMORY_BENCH: ArffMemoryBenchOptions = { instances: 40_000, features: 200, labels: 20 };

export interface ArffMemoryRow {
  instances: number;
  features: number;
  labels: number;
  fileMB: number;
  /** The dataset's own arrays (features and labels). */
  resultMB: number;
  peakAboveBaselineMB: number;
  peakOverFileSize: number;
  readMs: number;
  /** Whether garbage was collected before the baseline (without it the baseline is inflated by the write). */
  collectedBeforeBaseline: boolean;
}

async function writeArff(path: string, { instances, features, labels }: ArffMemoryBenchOptions): Promise<void> {
  const out = createWriteStream(path);
  out.write('@relation memory-bench\n');
  for (let c = 0; c < features; c++) out.write(`@attribute f${c} numeric\n`);
  for (let j = 0; j < labels; j++) out.write(`@attribute l${j} {0,1}\n`);
  out.write('@data\n');
  const random = seededRandom(1);
  for (let i = 0; i < instances; i++) {
    const values: string[] = [];
    for (let c = 0; c < features; c++) values.push((random() * 2 - 1).toFixed(6));
    for (let j = 0; j < labels; j++) values.push(random() < 0.1 ? '1' : '0');
    if (!out.write(`${values.join(',')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** The garbage collector as a function, so `npx d2ace bench arff-memory` needs no --expose-gc. */
function garbageCollector(): (() => void) | undefined {
  if (typeof globalThis.gc === 'function') return globalThis.gc;
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as unknown;
  return typeof gc === 'function' ? (gc as () => void) : undefined;
}

export async function benchmarkArffMemory(options: ArffMemoryBenchOptions): Promise<ArffMemoryRow> {
  const dir = mkdtempSync(join(tmpdir(), 'd2ace-arff-memory-'));
  try {
    const path = join(dir, 'bench.arff');
    await writeArff(path, options);
    const gc = garbageCollector();
    gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const start = performance.now();
    let ds;
    try {
      ds = await readArffFile(path, { labels: { kind: 'count', count: options.labels, position: 'last' } });
    } finally {
      clearInterval(timer);
    }
    const ms = performance.now() - start;
    peak = Math.max(peak, process.memoryUsage().rss);
    const fileBytes = statSync(path).size;
    return {
      instances: ds.numInstances,
      features: ds.numFeatures,
      labels: ds.numLabels,
      fileMB: +(fileBytes / 1e6).toFixed(1),
      resultMB: +((ds.features.byteLength + ds.labels.byteLength) / 1e6).toFixed(1),
      peakAboveBaselineMB: +((peak - baseline) / 1e6).toFixed(1),
      peakOverFileSize: +((peak - baseline) / fileBytes).toFixed(2),
      readMs: Math.round(ms),
      collectedBeforeBaseline: gc !== undefined,
    };
  } finally {
    // The file is tens of MB: never left behind, whatever failed.
    rmSync(dir, { recursive: true, force: true });
  }
}
