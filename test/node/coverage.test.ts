/**
 * Training-set coverage in every run (src/train/coverage.ts): the share of the training set an
 * epoch visits and the draws per instance. On a 1,000-instance synthetic set with B = 32, an
 * epoch of 32 independent batches from a uniform distribution reaches 1 - (1 - 32/1000)^32 =
 * 64.7% (1 - 1/e = 63.2% in the limit), D2ACE's draw: 'epoch' reaches 100%.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { PreparedDataset } from '../../src/data/prepare-core';
import { syntheticDataset } from '../../src/data/synthetic';
import { drawCounts, epochCoverage } from '../../src/train/coverage';
import { runResources } from '../../src/train/resources';
import { resolveTrainConfig } from '../../src/train/config';
import { trainRun } from '../../src/train/trainer';
import { useGpuRuntime } from './runtime';

const runtime = useGpuRuntime();
const N = 1000;
const B = 32;

/** 1,000 training rows, 50 validation, 50 test, of a synthetic set. */
function prepared(): PreparedDataset {
  const data = syntheticDataset({ instances: N + 100, features: 8, labels: 5, cardinality: 1.5, seed: 4 });
  const range = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);
  return { data, train: range(0, N), validation: range(N, N + 50), test: range(N + 50, N + 100) } as unknown as PreparedDataset;
}

describe('coverage summaries', () => {
  it('counts visited instances and the min / median / max draws by hand', () => {
    expect(epochCoverage([0, 2, 1, 0, 3])).toEqual({ visited: 3, share: 0.6, draws: { min: 0, median: 1, max: 3 } });
    // Even count: the median is the mean of the two middle values.
    expect(drawCounts([4, 1, 3, 2])).toEqual({ min: 1, median: 2.5, max: 4 });
  });
});

describe('leak counts', () => {
  it('flags a count that grows after mid-run, not the setup growth of the first epochs', () => {
    const c = (tensors: number, buffers = 5) => ({ tensors, bytes: 1000 * tensors, buffers });
    // Setup: 10 -> 14 in epoch 0 (optimizer moments, best weights), then flat.
    expect(runResources(c(10), [c(14), c(15), c(15), c(15), c(15)])).toMatchObject({ growthSinceMidRun: { tensors: 0, buffers: 0 }, leak: false });
    // One tensor per epoch that nobody disposes: 15, 16, 17, 18, 19 -> +2 since the middle epoch.
    expect(runResources(c(10), [c(15), c(16), c(17), c(18), c(19)])).toMatchObject({ growthSinceMidRun: { tensors: 2, buffers: 0 }, leak: true });
    expect(runResources(c(10), [c(15, 5), c(15, 5), c(15, 7)])).toMatchObject({ growthSinceMidRun: { tensors: 0, buffers: 2 }, leak: true });
    expect(runResources(c(10), [])).toBeNull();
  });
});

describe('coverage of a run (d2ace train on 1,000 synthetic instances, B = 32)', () => {
  const run = async (method: string, options: Record<string, unknown>) => {
    const config = resolveTrainConfig({ method, epochs: 6, batch: B, mlpWidths: [8], lrWarmupEpochs: 1, lr: 3e-3, methodOptions: { [method]: options } });
    return trainRun(runtime(), prepared(), config, { warn: () => undefined });
  };

  it("independent batches from a uniform distribution reach about 1 - 1/e of the set; draw: 'epoch' all of it", async () => {
    const tensors = tf.memory().numTensors;
    // Pressure 1 throughout: D2ACE's distribution is exactly uniform.
    const uniformPi = { warmupEpochs: 1, pressureStart: 1, pressureEnd: 1 };
    const independent = await run('d2ace', uniformPi);
    const epoch = await run('d2ace', { ...uniformPi, draw: 'epoch' });
    const shuffled = await run('uniform', {});
    expect(tf.memory().numTensors).toBe(tensors);

    const selectionShares = (r: typeof independent) => r.history.slice(1).map((h) => h.trainingCoverage.share);
    const expected = 1 - (1 - B / N) ** Math.ceil(N / B);
    expect(expected).toBeCloseTo(0.647, 3);
    const shares = selectionShares(independent);
    const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
    // One epoch's share has a standard deviation of about 1.5%; five epochs about 0.7%.
    expect(Math.abs(mean - expected), `shares ${shares}`).toBeLessThan(0.03);
    expect(Math.abs(mean - (1 - 1 / Math.E))).toBeLessThan(0.04);
    expect(independent.trainingCoverage!.meanShareSelection).toBeCloseTo(mean, 12);
    expect(Math.max(...independent.history.slice(1).map((h) => h.trainingCoverage.draws.max))).toBeGreaterThan(2);
    // Warm-up: one pass in a fixed order, every instance once.
    expect(independent.history[0]!.trainingCoverage).toEqual({ visited: N, share: 1, draws: { min: 1, median: 1, max: 1 } });

    for (const h of epoch.history.slice(1)) {
      expect(h.trainingCoverage.share).toBe(1);
      // 32 x 32 = 1,024 slots: 24 instances twice.
      expect(h.trainingCoverage.draws).toEqual({ min: 1, median: 1, max: 2 });
    }
    expect(epoch.trainingCoverage).toMatchObject({ instances: N, meanShare: 1, meanShareSelection: 1, minShare: 1, neverDrawn: 0 });
    for (const h of shuffled.history) expect(h.trainingCoverage.share).toBe(1);
    // Counting adds no readback inside a step; every run records flat tensor and buffer counts.
    for (const r of [independent, epoch, shuffled]) {
      expect(r.readbacks!.perStep).toBe(0);
      expect(r.resources).toMatchObject({ growthSinceMidRun: { tensors: 0, buffers: 0 }, leak: false });
      const later = r.history.slice(2).map((h) => [h.resources.tensors, h.resources.buffers].join());
      expect(new Set(later).size).toBe(1);
    }
  }, 300_000);
});
