/**
 * Active Bias (BASELINES "Active Bias"): the twin on hand-worked cases, the GPU math against
 * the twin on random states, both selectors driven the same way (sampling and weighting),
 * resource accounting, and config errors.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { GpuRuntime } from '../../src/gpu/runtime';
import { activeBiasMethod } from '../../src/selection/active-bias/method';
import { weightsFromScores } from '../../src/selection/active-bias/gpu-math';
import {
  batchWeightsReference,
  createActiveBiasState,
  entryStdReference,
  observeReference,
  scoresReference,
} from '../../src/selection/active-bias/reference';
import type { ActiveBiasConfig } from '../../src/selection/active-bias/config';
import type { BatchSelector, SelectorData } from '../../src/selection/selector';
import { seededRandom, shuffleInPlace } from '../../src/util/random';
import { useGpuRuntime } from './runtime';

const runtime = useGpuRuntime();

function trainingSet(N: number, L: number, seed = 3): SelectorData {
  const random = seededRandom(seed);
  const x = tf.tensor2d(Float32Array.from({ length: N * 4 }, () => random()), [N, 4]);
  const y = tf.tensor2d(Float32Array.from({ length: N * L }, () => (random() < 0.3 ? 1 : 0)), [N, L]);
  return { x, y, numInstances: N, numLabels: L };
}

function gpuSelector(rt: GpuRuntime, overrides: Partial<ActiveBiasConfig>, warn?: (m: string) => void): BatchSelector & { state(): Promise<Record<string, ArrayLike<number>>> } {
  return activeBiasMethod.create({ backend: 'gpu', runtime: rt, warn }, activeBiasMethod.resolve(overrides)) as never;
}

function twinSelector(overrides: Partial<ActiveBiasConfig>, warn?: (m: string) => void): BatchSelector & { state(): Promise<Record<string, ArrayLike<number>>> } {
  return activeBiasMethod.create({ backend: 'cpu', warn }, activeBiasMethod.resolve(overrides)) as never;
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.max(1e-6, Math.abs(b[i]!)));
  return m;
}

describe('Active Bias twin on hand-worked cases', () => {
  // Instance 0: 3 visits, label 0 sees 0.2, 0.5, 0.8 (mean 0.5, squared deviations 0.09 + 0 + 0.09
  // = M2 0.18, population variance v = 0.06, std = sqrt(0.06 + 0.06^2 / 2) = sqrt(0.0618));
  // label 1 sees 0.1, 0.1, 0.4 (mean 0.2, M2 0.01 + 0.01 + 0.04 = 0.06, v = 0.02,
  // std = sqrt(0.02 + 0.02^2 / 2) = sqrt(0.0202)).
  // Instance 1: 1 visit -> std 0 for every label, score = eps.
  // Instance 2: 2 visits, label 0 sees 0.3, 0.7 (v = 0.04, std = sqrt(0.04 + 0.04^2 / 1) = sqrt(0.0416)),
  // label 1 sees 0.5 twice (v = 0, std 0).
  // Instance 3: never visited -> score = eps.
  const eps = 0.02;
  const expected = [Math.sqrt(0.0618) + Math.sqrt(0.0202) + eps, eps, Math.sqrt(0.0416) + eps, eps];
  const build = () => {
    const state = createActiveBiasState(4, 2);
    observeReference(state, [0, 1, 2], [0.2, 0.1, 0.9, 0.3, 0.3, 0.5]);
    observeReference(state, [2, 0], [0.7, 0.5, 0.5, 0.1]);
    observeReference(state, [0], [0.8, 0.4]);
    return state;
  };

  it('keeps count, mean and M2 by Welford and scores sum_j sqrt(v + v^2/(n-1)) + eps', () => {
    const state = build();
    expect(Array.from(state.count)).toEqual([3, 1, 2, 0]);
    const close = (a: ArrayLike<number>, b: number[]) => b.forEach((v, k) => expect(a[k]!).toBeCloseTo(v, 6));
    close(state.mean, [0.5, 0.2, 0.9, 0.3, 0.5, 0.5, 0, 0]);
    close(state.m2, [0.18, 0.06, 0, 0, 0.08, 0, 0, 0]);
    const { scores, logW } = scoresReference(state, eps);
    close(scores, expected);
    close(logW, expected.map(Math.log));
  });

  it('gives std 0 for n <= 1 and the formula otherwise', () => {
    expect(entryStdReference(0.5, 0)).toBe(0);
    expect(entryStdReference(0.5, 1)).toBe(0);
    // M2 = 0.18 over n = 3: v = 0.06, sqrt(0.06 + 0.0036 / 2).
    expect(entryStdReference(0.18, 3)).toBeCloseTo(Math.sqrt(0.0618), 6);
  });

  it('weighting: a batch\'s weights have mean 1 and are proportional to the scores', async () => {
    const { scores } = scoresReference(build(), eps);
    const indices = [2, 0, 3];
    const w = batchWeightsReference(scores, indices);
    const meanScore = (expected[2]! + expected[0]! + expected[3]!) / 3;
    indices.forEach((i, k) => expect(w[k]!).toBeCloseTo(expected[i]! / meanScore, 6));
    expect(w.reduce((a, b) => a + b, 0) / w.length).toBeCloseTo(1, 12);
    // The tfjs version the selectors use computes the same.
    const [s, t] = [tf.tensor1d(scores), tf.tensor1d(indices, 'int32')];
    const g = weightsFromScores(s, t);
    Array.from(await g.data()).forEach((v, k) => expect(v).toBeCloseTo(w[k]!, 6));
    tf.dispose([s, t, g]);
  });

  it('sampling: pi is proportional to the score', async () => {
    // N = 4, B = 4, every instance once per step; the twin selector's pi against its scores.
    const data = trainingSet(4, 2);
    const selector = twinSelector({ warmupEpochs: 1 });
    await selector.initialize({ data, batchSize: 4, epochs: 3, seed: 1 });
    const random = seededRandom(2);
    for (let step = 0; step < 3; step++) {
      const indices = selector.nextBatch();
      const probs = tf.tensor2d(Float32Array.from({ length: 8 }, () => random()), [4, 2]);
      await selector.observe(indices, probs, probs);
      tf.dispose([indices, probs]);
    }
    await selector.endEpoch(0);
    const state = await selector.state();
    const [scores, pi] = [state['scores']!, state['pi']!];
    expect(Array.from(state['count']!)).toEqual([3, 3, 3, 3]);
    const total = Array.from(scores).reduce((a, b) => a + b, 0);
    for (let i = 0; i < 4; i++) expect(pi[i]!).toBeCloseTo(scores[i]! / total, 6);
    selector.dispose();
    tf.dispose([data.x, data.y]);
  });
});

describe('Active Bias on the GPU against its twin', () => {
  it.each([
    { N: 130, L: 7, B: 16, steps: 30, seed: 1 },
    { N: 257, L: 13, B: 40, steps: 20, seed: 2 },
    { N: 67, L: 1, B: 67, steps: 4, seed: 3 },
  ])('agrees on random states: %o', async ({ N, L, B, steps, seed }) => {
    const rt = runtime();
    const data = trainingSet(N, L, seed);
    const gpu = gpuSelector(rt, { warmupEpochs: 1 });
    const twin = twinSelector({ warmupEpochs: 1 });
    const init = { data, batchSize: B, epochs: 5, seed };
    await gpu.initialize(init);
    await twin.initialize(init);
    const random = seededRandom(seed + 10);
    let readbacks = 0;
    const dispatches = rt.kernels.dispatchCount;
    for (let step = 0; step < steps; step++) {
      // Random distinct batches that revisit instances unevenly (some never, some many times).
      const order = shuffleInPlace(Int32Array.from({ length: N }, (_, i) => i), random).slice(0, B);
      const probs = Float32Array.from({ length: B * L }, () => (random() < 0.05 ? Math.round(random()) : random()));
      const [ti, tp] = [tf.tensor1d(order, 'int32'), tf.tensor2d(probs, [B, L])];
      const before = rt.ctx.readbacks.snapshot();
      gpu.observe(ti, tp, tp);
      readbacks += rt.ctx.readbacks.since(before).total;
      await twin.observe(ti, tp, tp);
      tf.dispose([ti, tp]);
    }
    expect(readbacks).toBe(0);
    expect(rt.kernels.dispatchCount - dispatches).toBe(steps);
    await gpu.endEpoch(0);
    await twin.endEpoch(0);
    const [g, t] = [await gpu.state(), await twin.state()];
    expect(Array.from(g['count']!)).toEqual(Array.from(t['count']!));
    for (const key of ['mean', 'm2', 'scores', 'pi']) expect(maxRelDiff(g[key]!, t[key]!), key).toBeLessThan(1e-5);
    expect(Array.from(g['pi']!).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    // The same Gumbel keys from log pi that agree to ~1e-7: every batch identical.
    for (let b = 0; b < gpu.batchesPerEpoch(1); b++) {
      const [bg, bt] = [gpu.nextBatch(), twin.nextBatch()];
      const batch = Array.from(await bg.data());
      expect(batch).toEqual(Array.from(await bt.data()));
      expect(new Set(batch).size).toBe(B);
      tf.dispose([bg, bt]);
    }
    gpu.dispose();
    twin.dispose();
    tf.dispose([data.x, data.y]);
  });
});

interface Driven {
  batches: number[][][];
  weights: Array<number[] | undefined>;
  stepReadbacks: number[];
  stepDispatches: number[];
  tensors: number[];
  buffers: number[];
}

/** Drives a selector like the trainer does (weights, observe, endEpoch) with seeded outputs. */
async function drive(rt: GpuRuntime, selector: BatchSelector, L: number, epochs: number): Promise<Driven> {
  const random = seededRandom(9);
  const out: Driven = { batches: [], weights: [], stepReadbacks: [], stepDispatches: [], tensors: [], buffers: [] };
  for (let epoch = 0; epoch < epochs; epoch++) {
    const batches: number[][] = [];
    for (let b = 0; b < selector.batchesPerEpoch(epoch); b++) {
      const before = rt.ctx.readbacks.snapshot();
      const dispatches = rt.kernels.dispatchCount;
      const indices = selector.nextBatch();
      const n = indices.shape[0];
      const probs = tf.tensor2d(Float32Array.from({ length: n * L }, () => random()), [n, L]);
      const bce = tf.tensor2d(Float32Array.from({ length: n * L }, () => random()), [n, L]);
      const weights = selector.batchWeights?.(indices);
      const pending = selector.observe(indices, probs, bce);
      out.stepReadbacks.push(rt.ctx.readbacks.since(before).total);
      out.stepDispatches.push(rt.kernels.dispatchCount - dispatches);
      if (pending) await pending;
      batches.push(Array.from(await indices.data()));
      out.weights.push(weights ? Array.from(await weights.data()) : undefined);
      tf.dispose([indices, probs, bce]);
      weights?.dispose();
    }
    out.batches.push(batches);
    await selector.endEpoch(epoch);
    await rt.ctx.sync();
    out.tensors.push(tf.memory().numTensors);
    out.buffers.push(rt.ctx.buffers.liveCount);
  }
  return out;
}

describe('Active Bias selectors driven like the trainer', () => {
  const N = 150;
  const L = 5;
  const B = 32;
  const epochs = 5;

  it.each(['sampling', 'weighting'] as const)('%s: GPU and twin agree; no readbacks or extra dispatches per step; flat resources', async (mode) => {
    const rt = runtime();
    const data = trainingSet(N, L);
    const init = { data, batchSize: B, epochs: 8, seed: 5 };
    const buffersBefore = rt.ctx.buffers.liveCount;
    const gpu = gpuSelector(rt, { mode, warmupEpochs: 2 });
    await gpu.initialize(init);
    const a = await drive(rt, gpu, L, epochs);
    const inspection = await gpu.inspect!();
    gpu.dispose();
    expect(rt.ctx.buffers.liveCount).toBe(buffersBefore);
    const twin = twinSelector({ mode, warmupEpochs: 2 });
    await twin.initialize(init);
    const b = await drive(rt, twin, L, epochs);
    const twinInspection = await twin.inspect!();
    twin.dispose();

    expect(a.batches).toEqual(b.batches);
    expect(a.stepReadbacks.every((r) => r === 0)).toBe(true);
    expect(a.stepDispatches.every((d) => d === 1)).toBe(true);
    // From the first selection epoch on (epoch index 1 = the end of warm-up), nothing accumulates.
    expect(new Set(a.tensors.slice(1)).size).toBe(1);
    expect(new Set(a.buffers).size).toBe(1);

    const perEpoch = Math.ceil(N / B);
    const warmupSteps = 2 * perEpoch;
    if (mode === 'sampling') {
      for (const batch of a.batches[2]!) expect(new Set(batch).size).toBe(B);
      expect(a.weights.every((w) => w === undefined)).toBe(true);
      expect(inspection).toMatchObject({ method: 'active-bias', phase: 'selection', mode: 'sampling', fallback: false });
      expect((inspection['probabilities'] as { maxOverMin: number }).maxOverMin).toBeGreaterThan(1);
    } else {
      // Uniform batches: every selection epoch still covers each instance once.
      for (const epoch of a.batches) expect(epoch.flat().sort((p, q) => p - q)).toEqual(Array.from({ length: N }, (_, i) => i));
      expect(a.weights.slice(0, warmupSteps).every((w) => w === undefined)).toBe(true);
      for (let s = warmupSteps; s < a.weights.length; s++) {
        const [wg, wt] = [a.weights[s]!, b.weights[s]!];
        expect(wg.reduce((x, y) => x + y, 0) / wg.length).toBeCloseTo(1, 5);
        expect(maxRelDiff(wg, wt)).toBeLessThan(1e-5);
      }
      expect(inspection).toMatchObject({ method: 'active-bias', phase: 'selection', mode: 'weighting' });
      expect(inspection['probabilities']).toBeUndefined();
    }
    const summary = inspection['scores'] as { mean: number };
    expect(summary.mean).toBeCloseTo((twinInspection['scores'] as { mean: number }).mean, 5);
    tf.dispose([data.x, data.y]);
  });

  it('warns and falls back to uniform when the scores are not finite', async () => {
    const rt = runtime();
    const data = trainingSet(N, L);
    for (const backend of ['gpu', 'twin'] as const) {
      const warnings: string[] = [];
      const warn = (m: string) => warnings.push(m);
      const selector = backend === 'gpu' ? gpuSelector(rt, { warmupEpochs: 2 }, warn) : twinSelector({ warmupEpochs: 2 }, warn);
      await selector.initialize({ data, batchSize: B, epochs: 4, seed: 1 });
      // Two visits each (after one visit the std is 0 by definition, whatever p was).
      for (let epoch = 0; epoch < 2; epoch++) {
        for (let b = 0; b < selector.batchesPerEpoch(epoch); b++) {
          const indices = selector.nextBatch();
          const probs = tf.fill([indices.shape[0], L], Number.NaN) as tf.Tensor2D;
          await selector.observe(indices, probs, probs);
          tf.dispose([indices, probs]);
        }
        await selector.endEpoch(epoch);
      }
      await rt.ctx.sync();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(warnings, backend).toEqual(['Active Bias epoch 2: scores were not finite; that distribution fell back to uniform']);
      const pi = (await selector.state())['pi']!;
      expect(Array.from(pi).every((p) => Math.abs(p - 1 / N) < 1e-6)).toBe(true);
      expect((await selector.inspect!())['fallback'], backend).toBe(true);
      selector.dispose();
    }
    tf.dispose([data.x, data.y]);
  });
});

describe('Active Bias configuration', () => {
  it('has the BASELINES defaults', () => {
    expect(activeBiasMethod.resolve()).toEqual({ mode: 'sampling', epsilon: 0.02, warmupEpochs: 10 });
  });

  it('rejects bad settings with one error listing every problem', () => {
    expect(() => activeBiasMethod.resolve({ mode: 'both', epsilon: 0, warmupEpochs: 1.5, pressure: 2 })).toThrow(
      "invalid active-bias configuration: unknown option 'pressure' (options: mode, epsilon, warmupEpochs); mode must be 'sampling' or 'weighting', got \"both\"; epsilon must be a number > 0, got 0; warmupEpochs must be an integer >= 0, got 1.5",
    );
    expect(() => activeBiasMethod.create({ backend: 'gpu' }, activeBiasMethod.resolve())).toThrow(
      "active-bias: the 'gpu' selector backend needs a GPU runtime (use --selector-backend cpu for the TypeScript twin)",
    );
  });
});
