/**
 * MLAdaBatch (BASELINES "Hard and imbalanced samples (Zhou, Liu, Wang, Tsoumakas, ECML-PKDD
 * 2024)"): the twin on hand-worked cases, the kernels on the same cases and against the twin on
 * random inputs, GPU and twin selectors driven like the trainer drives them, and configuration errors.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { readBuffer } from '../../src/gpu/buffers';
import type { GpuRuntime } from '../../src/gpu/runtime';
import type { SelectionMath } from '../../src/selection/method-selector';
import { resolveMlAdaBatchConfig } from '../../src/selection/mladabatch/config';
import { MlAdaBatchTwinMath, MlAdaBatchTwinSelector, mlAdaBatchDistributionReference } from '../../src/selection/mladabatch/cpu-math';
import { loadImbalanceKernels, MlAdaBatchGpuMath, MlAdaBatchSelector, recordImbalanceWeights } from '../../src/selection/mladabatch/gpu-math';
import { maxRatioWeightsKernel } from '../../src/selection/mladabatch/kernels';
import { mladabatchMethod } from '../../src/selection/mladabatch/method';
import { imbalanceWeightsFromGraph, maxRatioLogWeightsReference, minorityLabelsReference, neighborMismatches } from '../../src/selection/mladabatch/reference';
import { normalizeLogWeightsKernel } from '../../src/selection/sampling/kernels';
import { sampleBatchReference } from '../../src/selection/sampling/reference';
import type { SelectorInit } from '../../src/selection/selector';
import { seededRandom, shuffleInPlace } from '../../src/util/random';
import { useGpuRuntime } from './runtime';

const runtime = useGpuRuntime();
const f = Math.fround;

/** Random features and labels whose label j is positive with probability 0.05 + 0.5 j / L (imbalanced). */
function trainingSet(N: number, L: number, seed = 3) {
  const random = seededRandom(seed);
  const x = tf.tensor2d(Float32Array.from({ length: N * 3 }, () => random()), [N, 3]);
  const y = tf.tensor2d(Float32Array.from({ length: N * L }, (_, e) => (random() < 0.05 + (0.5 * (e % L)) / L ? 1 : 0)), [N, L]);
  return { x, y, numInstances: N, numLabels: L };
}

/** One step's observation handed to a math. */
async function feed(math: SelectionMath, rows: number[], bce: Float32Array, L: number): Promise<void> {
  const indices = tf.tensor1d(Int32Array.from(rows), 'int32');
  const b = tf.tensor2d(bce, [rows.length, L]);
  const done = math.observe(indices, b, b);
  if (done) await done;
  tf.dispose([indices, b]);
}

async function epochBatches(draw: tf.Tensor1D | Int32Array | undefined): Promise<Int32Array> {
  if (!draw) throw new Error('no draw');
  if (draw instanceof Int32Array) return draw;
  const out = Int32Array.from(await draw.data());
  draw.dispose();
  return out;
}

/**
 * The hand-worked case: N = 8 instances, labels a, b, c, d (columns 0..3), and each instance's
 * row of the neighbour graph (itself, then its 5 neighbours).
 */
const HAND_LABELS = [
  [1, 1, 0, 0], // i0
  [1, 1, 1, 0], // i1
  [1, 0, 1, 0], // i2
  [1, 0, 0, 0], // i3
  [1, 1, 0, 0], // i4
  [1, 0, 0, 0], // i5
  [1, 0, 1, 0], // i6
  [0, 1, 0, 0], // i7
];
const HAND_NEIGHBORS = [
  [0, 1, 4, 7, 2, 3],
  [1, 0, 2, 6, 3, 5],
  [2, 3, 5, 0, 4, 7],
  [3, 5, 2, 6, 0, 1],
  [4, 3, 5, 2, 6, 1],
  [5, 3, 2, 6, 4, 0],
  [6, 2, 1, 5, 3, 0],
  [7, 3, 5, 2, 6, 0],
];
const HAND = { rows: 8, L: 4, width: 6, labels: Float32Array.from(HAND_LABELS.flat()), neighbors: Uint32Array.from(HAND_NEIGHBORS.flat()) };
// n = (7, 4, 3, 0); IRLbl over the labels with positives: a 7/7 = 1, b 7/4 = 1.75, c 7/3 = 2.333;
// mean 5.0833 / 3 = 1.6944: b and c are minority labels, a is not, d has no positive (left out).
// k_ij (neighbours without label j) of each positive, kept when 1 <= k <= 4:
//   a: i0 1 (7), i2 1 (7), i1 i3 i4 i5 i6 0 (dropped)            -> K_a = 2
//   b: i0 2 (2, 3), i1 4, i4 4, i7 4 (each: all but i0)          -> K_b = 14
//   c: i1 3 (0, 3, 5), i2 5 (dropped: C = 1), i6 3 (5, 3, 0)     -> K_c = 6
// W = 1 + b's k/14 + c's k/6: i0 1 + 2/14, i1 1 + 4/14 + 3/6, i4 and i7 1 + 4/14, i6 1 + 3/6, rest 1.
const HAND_POSITIVES = [7, 4, 3, 0];
const HAND_TOTALS = [2, 14, 6, 0];
const HAND_MINORITY = [0, 1, 1, 0];
const HAND_WEIGHTS = [f(1 + f(2 / 14)), f(1 + f(f(4 / 14) + f(3 / 6))), 1, 1, f(1 + f(4 / 14)), 1, f(1 + f(3 / 6)), f(1 + f(4 / 14))];

describe('MLAdaBatch twin on hand-worked cases', () => {
  it('label counts, minority labels, k_ij, K_j and W_i follow the definition', () => {
    const { labels, neighbors, rows, L, width } = HAND;
    expect(neighborMismatches(labels, neighbors, L, width, 0, 1)).toBe(2);
    expect(neighborMismatches(labels, neighbors, L, width, 2, 2)).toBe(5);
    const w = imbalanceWeightsFromGraph(labels, neighbors, rows, L, width);
    expect(Array.from(w.positives)).toEqual(HAND_POSITIVES);
    expect(Array.from(w.mismatchTotals)).toEqual(HAND_TOTALS);
    expect(Array.from(w.minority)).toEqual(HAND_MINORITY);
    expect(Array.from(w.weights)).toEqual(HAND_WEIGHTS);
    [8 / 7, 1 + 2 / 7 + 1 / 2, 1, 1, 9 / 7, 1, 3 / 2, 9 / 7].forEach((exact, i) => expect(w.weights[i]).toBeCloseTo(exact, 6));
    const { ratios, meanRatio } = minorityLabelsReference(w.positives);
    expect(Array.from(ratios)).toEqual([1, f(7 / 4), f(7 / 3), 0]);
    expect(meanRatio).toBeCloseTo((1 + 7 / 4 + 7 / 3) / 3, 6);
    // The authors' 1e-6: d's ratio 7 / 1e-6 = 7e6 lifts the mean to ~1.75e6, so d would be the
    // only minority label, and with no positive of d every W would be 1. Ours leaves d out.
  });

  it('minority labels: strictly above the mean ratio, over the labels with positives only', () => {
    const flags = (n: number[]) => Array.from(minorityLabelsReference(n).minority);
    // IRLbl 1, 2, 3: mean 2, and label 1 (exactly 2) is not above it.
    expect(flags([6, 3, 2])).toEqual([0, 0, 1]);
    // A label without positives changes nothing.
    expect(flags([6, 3, 2, 0])).toEqual([0, 0, 1, 0]);
    // Balanced labels, a single label, or no positives at all: no minority label.
    expect(flags([5, 5, 5])).toEqual([0, 0, 0]);
    expect(flags([9])).toEqual([0]);
    expect(flags([0, 0])).toEqual([0, 0]);
    // More labels than the kernel's 256 threads (the f32 sum strides, then a tree): the same
    // labels as an f64 mean picks, none of the ratios 17 / n lying near it.
    const many = Array.from({ length: 300 }, (_, j) => 1 + (j % 17));
    const mean = many.reduce((sum, n) => sum + 17 / n, 0) / many.length;
    expect(flags(many)).toEqual(many.map((n) => (17 / n > mean ? 1 : 0)));
  });

  it('max-ratio log-weights: q = ceil(N score / max), log w = ln(s) q / N; max 0 is uniform; NaN falls back', () => {
    // N = 5, max 2: score / max = 0.25, 1, 0.5, 0, 0.15; times 5 = 1.25, 5, 2.5, 0, 0.75 -> q = 2, 5, 3, 0, 1.
    const { q, logWeights } = maxRatioLogWeightsReference([0.5, 2, 1, 0, 0.3], 4);
    expect(Array.from(q)).toEqual([2, 5, 3, 0, 1]);
    [2, 5, 3, 0, 1].forEach((qi, i) => expect(logWeights[i]).toBe(f(f(f(Math.log(4)) * qi) / 5)));
    // pi proportional to 4^(q/5): the highest score gets 4 times the weight of a zero score.
    const d = mlAdaBatchDistributionReference([0.5, 2, 1, 0, 0.3], [1, 1, 1, 1, 1], 4);
    const w = [2, 5, 3, 0, 1].map((qi) => 4 ** (qi / 5));
    const total = w.reduce((a, b) => a + b, 0);
    w.forEach((wi, i) => expect(d.pi[i]).toBeCloseTo(wi / total, 7));
    expect(d.pi[1]! / d.pi[3]!).toBeCloseTo(4, 5);
    expect(d.fallback).toBe(false);
    // Exactly on an integer: 0.25 * 4 = 1 stays 1 (N = 4, q = 1, 4, 2, 0).
    expect(Array.from(maxRatioLogWeightsReference([0.5, 2, 1, 0], 4).q)).toEqual([1, 4, 2, 0]);
    // Every score 0: q = 0, every log-weight 0, uniform, and no fallback.
    const zero = mlAdaBatchDistributionReference([0, 0, 0], [1, 2, 3], 16);
    expect(Array.from(zero.q)).toEqual([0, 0, 0]);
    expect(Array.from(zero.logWeights)).toEqual([0, 0, 0]);
    expect(zero.fallback).toBe(false);
    zero.pi.forEach((p) => expect(p).toBeCloseTo(1 / 3, 12));
    // A NaN (or infinite) score: every log-weight NaN, the distribution falls back to uniform.
    for (const bad of [Number.NaN, Infinity]) {
      const nan = mlAdaBatchDistributionReference([1, bad, 0.5], [1, 1, 1], 2);
      expect(Array.from(nan.logWeights).every(Number.isNaN)).toBe(true);
      expect(nan.fallback).toBe(true);
      nan.pi.forEach((p) => expect(p).toBeCloseTo(1 / 3, 12));
    }
    // The score is loss x W, one f32 multiply.
    expect(Array.from(mlAdaBatchDistributionReference([0.3, 0.7], [1.5, f(9 / 7)], 2).scores)).toEqual([f(f(0.3) * 1.5), f(f(0.7) * f(9 / 7))]);
  });
});

/** The imbalance kernels on given labels and neighbour rows. */
async function imbalanceOnGpu(rt: GpuRuntime, labels: Float32Array, neighbors: Uint32Array, rows: number, L: number, width: number) {
  await loadImbalanceKernels(rt);
  const created = [rt.ctx.buffers.createWithData('test-labels', labels), rt.ctx.buffers.createWithData('test-neighbors', neighbors)];
  const out = {
    positives: rt.ctx.buffers.createStorage('test-positives', L * 4),
    mismatchTotals: rt.ctx.buffers.createStorage('test-totals', L * 4),
    minority: rt.ctx.buffers.createStorage('test-minority', L * 4),
    weights: rt.ctx.buffers.createStorage('test-weights', rows * 4),
  };
  const batch = rt.kernels.batch('test-imbalance');
  recordImbalanceWeights(batch, { labels: created[0]!, neighbors: created[1]!, rows, labelCount: L, width }, out);
  batch.submit();
  const u32 = async (b: GPUBuffer) => Array.from(new Uint32Array(await readBuffer(rt.ctx, b)));
  const result = { positives: await u32(out.positives), mismatchTotals: await u32(out.mismatchTotals), minority: await u32(out.minority), weights: Array.from(new Float32Array(await readBuffer(rt.ctx, out.weights))) };
  for (const b of [...created, ...Object.values(out)]) rt.ctx.buffers.destroy(b);
  return result;
}

/** max_ratio_weights then normalize_log_weights on given scores. */
async function maxRatioOnGpu(rt: GpuRuntime, scores: Float32Array, pressure: number) {
  await Promise.all([rt.kernels.load(maxRatioWeightsKernel), rt.kernels.load(normalizeLogWeightsKernel)]);
  const n = scores.length;
  const input = rt.ctx.buffers.createWithData('test-scores', scores);
  const [logW, pi, logPi, status] = ['log-w', 'pi', 'log-pi', 'status'].map((l) => rt.ctx.buffers.createStorage(`test-${l}`, l === 'status' ? 4 : n * 4)) as [GPUBuffer, GPUBuffer, GPUBuffer, GPUBuffer];
  const batch = rt.kernels.batch('test-max-ratio');
  batch.dispatch(maxRatioWeightsKernel, { buffers: { scores: input, log_w: logW }, params: { rows: n, log_pressure: Math.log(pressure) } });
  batch.dispatch(normalizeLogWeightsKernel, { buffers: { log_w: logW, pi, log_pi: logPi, status }, params: { rows: n } });
  batch.submit();
  const read = async (b: GPUBuffer) => new Float32Array(await readBuffer(rt.ctx, b));
  const out = { logW: await read(logW), pi: await read(pi), logPi: await read(logPi), fallback: new Uint32Array(await readBuffer(rt.ctx, status))[0] === 1 };
  for (const b of [input, logW, pi, logPi, status]) rt.ctx.buffers.destroy(b);
  return out;
}

describe('MLAdaBatch kernels on the GPU', () => {
  it('give the hand-worked counts, minority labels and W on the given neighbour rows', async () => {
    const rt = runtime();
    const gpu = await imbalanceOnGpu(rt, HAND.labels, HAND.neighbors, HAND.rows, HAND.L, HAND.width);
    expect(gpu.positives).toEqual(HAND_POSITIVES);
    expect(gpu.mismatchTotals).toEqual(HAND_TOTALS);
    expect(gpu.minority).toEqual(HAND_MINORITY);
    gpu.weights.forEach((w, i) => expect(Math.abs(w - HAND_WEIGHTS[i]!), `W_${i}`).toBeLessThan(1e-6));
  });

  it('give the twin max-ratio log-weights, incl. max 0 and a NaN score', async () => {
    const rt = runtime();
    const random = seededRandom(4);
    const cases = [
      [0.5, 2, 1, 0, 0.3],
      [0, 0, 0],
      [1, Number.NaN, 0.5],
      [1, Infinity, 0.5],
      Array.from({ length: 700 }, () => random() * 3),
    ];
    for (const scores of cases) {
      const gpu = await maxRatioOnGpu(rt, Float32Array.from(scores), 16);
      const twin = mlAdaBatchDistributionReference(scores, new Float32Array(scores.length).fill(1), 16);
      expect(Array.from(gpu.logW), JSON.stringify(scores.slice(0, 5))).toEqual(Array.from(twin.logWeights));
      expect(gpu.fallback).toBe(twin.fallback);
      gpu.pi.forEach((p, i) => expect(Math.abs(p - twin.pi[i]!) / twin.pi[i]!).toBeLessThan(1e-5));
    }
  });

  it.each([
    { N: 100, L: 5, B: 16, seed: 1 },
    { N: 257, L: 13, B: 40, seed: 2 },
    { N: 65, L: 1, B: 64, seed: 3 },
    { N: 5, L: 4, B: 2, seed: 4 },
  ])('agree with the twin on random inputs (counts and flags exact, W, scores, pi, batches): %o', async ({ N, L, B, seed }) => {
    const rt = runtime();
    const data = trainingSet(N, L, seed);
    const config = resolveMlAdaBatchConfig({ warmupEpochs: 1, pressure: 16 });
    const gpu = new MlAdaBatchGpuMath(rt, config);
    const twin = new MlAdaBatchTwinMath(config);
    const init: SelectorInit = { data, batchSize: B, epochs: 10, seed: 100 + seed };
    await gpu.initialize(init);
    await twin.initialize(init);
    const random = seededRandom(seed * 31);
    for (let step = 0; step < 6; step++) {
      const rows = shuffleInPlace(Array.from({ length: N }, (_, i) => i), random).slice(0, B);
      const bce = Float32Array.from({ length: B * L }, () => -Math.log(Math.max(1e-7, random())));
      await feed(gpu, rows, bce, L);
      await feed(twin, rows, bce, L);
    }
    await rt.ctx.sync();
    const [g0, t0] = [await gpu.state(), await twin.state()];
    for (const key of ['positives', 'mismatchTotals', 'minority', 'loss', 'count']) expect(Array.from(g0[key]!), key).toEqual(Array.from(t0[key]!));
    Array.from(g0['weights']!).forEach((w, i) => expect(Math.abs(w - t0['weights']![i]!), `W_${i}`).toBeLessThan(1e-6 * t0['weights']![i]!));
    if (N > 50 && L > 1) expect(Array.from(t0['minority']!).some((m) => m === 1)).toBe(true);
    expect(Array.from(t0['weights']!).every((w) => w >= 1)).toBe(true);

    for (const epoch of [1, 4]) {
      const g = await epochBatches(gpu.prepareEpoch(epoch));
      const t = await epochBatches(twin.prepareEpoch(epoch));
      await rt.ctx.sync();
      const [gs, ts] = [await gpu.state(), await twin.state()];
      expect(Array.from(gs['scores']!)).toEqual(Array.from(ts['scores']!));
      expect(Array.from(gs['logWeights']!)).toEqual(Array.from(ts['logWeights']!));
      Array.from(gs['pi']!).forEach((p, i) => expect(Math.abs(p - ts['pi']![i]!) / ts['pi']![i]!).toBeLessThan(1e-5));
      expect(Array.from(g), `batches, epoch ${epoch}`).toEqual(Array.from(t));
      // The GPU's batches are sample_epoch's draw on the GPU's own log-pi (normalize_log_weights of its log-weights).
      const { logPi } = await gpuLogPi(rt, gs['logWeights'] as Float32Array);
      for (let k = 0; k < Math.ceil(N / B); k++) {
        expect(Array.from(g.slice(k * B, (k + 1) * B))).toEqual(Array.from(sampleBatchReference(logPi, B, (100 + seed) >>> 0, epoch, k)));
      }
      const [gi, ti] = [await gpu.internals(), await twin.internals()];
      expect(gi).toMatchObject({ pressure: 16, fallback: false, minorityLabels: ti['minorityLabels'] });
      expect((gi['score'] as { max: number }).max).toBe((ti['score'] as { max: number }).max);
      // Loss feedback between the draws.
      const rows = Array.from(g.slice(0, B));
      await feed(gpu, rows, Float32Array.from({ length: B * L }, (_, e) => (e % 7) / 3), L);
      await feed(twin, rows, Float32Array.from({ length: B * L }, (_, e) => (e % 7) / 3), L);
    }
    gpu.dispose();
    twin.dispose();
    tf.dispose([data.x, data.y]);
  });
});

/** normalize_log_weights of given log-weights on the GPU: the log-pi sample_epoch reads. */
async function gpuLogPi(rt: GpuRuntime, logWeights: Float32Array): Promise<{ logPi: Float32Array }> {
  await rt.kernels.load(normalizeLogWeightsKernel);
  const n = logWeights.length;
  const input = rt.ctx.buffers.createWithData('test-log-w', logWeights);
  const [pi, logPi, status] = ['pi', 'log-pi', 'status'].map((l) => rt.ctx.buffers.createStorage(`test-${l}`, l === 'status' ? 4 : n * 4)) as [GPUBuffer, GPUBuffer, GPUBuffer];
  rt.kernels.dispatch(normalizeLogWeightsKernel, { buffers: { log_w: input, pi, log_pi: logPi, status }, params: { rows: n } });
  const out = new Float32Array(await readBuffer(rt.ctx, logPi));
  for (const b of [input, pi, logPi, status]) rt.ctx.buffers.destroy(b);
  return { logPi: out };
}

/** Drives a selector like the trainer does; returns every batch. */
async function drive(
  rt: GpuRuntime,
  selector: MlAdaBatchSelector | MlAdaBatchTwinSelector,
  L: number,
  epochs: number,
  hooks: { onStep?: (cost: { readbacks: number; dispatches: number }) => void; onEpoch?: (epoch: number) => void; bceValue?: number } = {},
): Promise<number[][][]> {
  const random = seededRandom(9);
  const seen: number[][][] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const batches: number[][] = [];
    for (let b = 0; b < selector.batchesPerEpoch(); b++) {
      const before = rt.ctx.readbacks.snapshot();
      const dispatches = rt.kernels.dispatchCount;
      const indices = selector.nextBatch();
      const n = indices.shape[0];
      const probs = tf.tensor2d(Float32Array.from({ length: n * L }, () => random()), [n, L]);
      const bce = tf.tensor2d(Float32Array.from({ length: n * L }, () => hooks.bceValue ?? 2 * random()), [n, L]);
      const done = selector.observe(indices, probs, bce);
      hooks.onStep?.({ readbacks: rt.ctx.readbacks.since(before).total, dispatches: rt.kernels.dispatchCount - dispatches });
      if (done) await done;
      batches.push(Array.from(await indices.data()));
      tf.dispose([indices, probs, bce]);
    }
    seen.push(batches);
    await selector.endEpoch(epoch);
    await rt.ctx.sync();
    hooks.onEpoch?.(epoch);
  }
  return seen;
}

describe('MLAdaBatch selectors (GPU and twin) driven like the trainer', () => {
  const N = 150;
  const L = 7;
  const B = 32;

  it('draw identical batches; the GPU reads nothing back per step and keeps tensors and buffers flat', async () => {
    const rt = runtime();
    const data = trainingSet(N, L);
    const config = { warmupEpochs: 2, pressure: 64 };
    const buffersBefore = rt.ctx.buffers.liveCount;
    const gpu = new MlAdaBatchSelector(rt, { config });
    await gpu.initialize({ data, batchSize: B, epochs: 6, seed: 5 });
    const costs: { readbacks: number; dispatches: number }[] = [];
    const tensors: number[] = [];
    const buffers: number[] = [];
    const a = await drive(rt, gpu, L, 6, {
      onStep: (c) => costs.push(c),
      onEpoch: () => {
        tensors.push(tf.memory().numTensors);
        buffers.push(rt.ctx.buffers.liveCount);
      },
    });
    const gpuInspection = await gpu.inspect();
    const gpuState = await gpu.state();
    gpu.dispose();
    expect(rt.ctx.buffers.liveCount).toBe(buffersBefore);

    const twin = new MlAdaBatchTwinSelector({ config });
    await twin.initialize({ data, batchSize: B, epochs: 6, seed: 5 });
    const b = await drive(rt, twin, L, 6);
    const twinInspection = await twin.inspect();
    const twinState = await twin.state();
    twin.dispose();

    expect(b).toEqual(a);
    for (const key of ['loss', 'count', 'weights', 'minority', 'scores']) expect(Array.from(gpuState[key]!), key).toEqual(Array.from(twinState[key]!));
    // Warm-up: a fresh seeded order each epoch, each covering every instance once.
    for (const epoch of a.slice(0, 2)) expect(epoch.flat().sort((p, q) => p - q)).toEqual(Array.from({ length: N }, (_, i) => i));
    expect(a[1]).not.toEqual(a[0]);
    for (const epoch of a.slice(2)) for (const batch of epoch) expect(new Set(batch).size).toBe(B);
    expect(costs.every((c) => c.readbacks === 0)).toBe(true);
    expect(costs.every((c) => c.dispatches === 1)).toBe(true);
    // From the first selection epoch on, one batch tensor per epoch is held: nothing accumulates.
    expect(new Set(tensors.slice(1)).size).toBe(1);
    expect(new Set(buffers).size).toBe(1);
    expect(gpuInspection).toMatchObject({ method: 'mladabatch', epoch: 6, phase: 'selection', distributionEpoch: 6, pressure: 64, fallback: false });
    expect(gpuInspection['minorityLabels']).toBe(twinInspection['minorityLabels']);
    expect(gpuInspection['minorityLabels']).toBeGreaterThan(0);
    for (const what of ['loss', 'weights', 'score']) {
      for (const key of ['min', 'max', 'mean'] as const) {
        expect((gpuInspection[what] as Record<string, number>)[key], `${what} ${key}`).toBeCloseTo((twinInspection[what] as Record<string, number>)[key]!, 6);
      }
    }
    expect((gpuInspection['weights'] as { max: number }).max).toBeGreaterThan(1);
    // Pressure 64: pi spans at most a factor 64.
    const spread = gpuInspection['probabilities'] as { maxOverMin: number };
    expect(spread.maxOverMin).toBeGreaterThan(1);
    expect(spread.maxOverMin).toBeLessThanOrEqual(64 * (1 + 1e-5));
    tf.dispose([data.x, data.y]);
  });

  it('imbalanceWeights false: W = 1, no counts, score = loss, still identical batches', async () => {
    const rt = runtime();
    const data = trainingSet(N, L, 8);
    const config = { warmupEpochs: 1, imbalanceWeights: false };
    const gpu = new MlAdaBatchSelector(rt, { config });
    await gpu.initialize({ data, batchSize: B, epochs: 4, seed: 11 });
    const a = await drive(rt, gpu, L, 3);
    const gpuState = await gpu.state();
    const inspection = await gpu.inspect();
    gpu.dispose();
    const twin = new MlAdaBatchTwinSelector({ config });
    await twin.initialize({ data, batchSize: B, epochs: 4, seed: 11 });
    const b = await drive(rt, twin, L, 3);
    const twinState = await twin.state();
    twin.dispose();

    expect(b).toEqual(a);
    for (const state of [gpuState, twinState]) {
      expect(Array.from(state['weights']!).every((w) => w === 1)).toBe(true);
      for (const key of ['positives', 'mismatchTotals', 'minority']) expect(Array.from(state[key]!), key).toEqual(new Array(L).fill(0));
      expect(Array.from(state['scores']!)).toEqual(Array.from(state['loss']!));
    }
    expect(inspection).toMatchObject({ minorityLabels: 0, weights: { min: 1, max: 1, mean: 1 } });
    tf.dispose([data.x, data.y]);
  });

  it('falls back to uniform with the same warning on GPU and twin when losses are not finite', async () => {
    const rt = runtime();
    const data = trainingSet(N, L);
    const warnings: string[] = [];
    const config = { warmupEpochs: 1 };
    for (const selector of [new MlAdaBatchSelector(rt, { config, warn: (m) => warnings.push(m) }), new MlAdaBatchTwinSelector({ config, warn: (m) => warnings.push(m) })]) {
      await selector.initialize({ data, batchSize: B, epochs: 3, seed: 1 });
      await drive(rt, selector, L, 1, { bceValue: Number.NaN });
      await rt.ctx.sync();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const pi = (await selector.state())['pi']!;
      expect(Array.from(pi).every((p) => Math.abs(p - 1 / N) < 1e-6)).toBe(true);
      expect(await selector.inspect()).toMatchObject({ fallback: true });
      selector.dispose();
    }
    const message = 'MLAdaBatch epoch 1: instance scores were not finite; the distribution fell back to uniform';
    expect(warnings).toEqual([message, message]);
    tf.dispose([data.x, data.y]);
  });
});

describe('MLAdaBatch configuration', () => {
  it('has the documented defaults, options and charts', () => {
    expect(mladabatchMethod.resolve()).toEqual({ warmupEpochs: 3, pressure: 2, imbalanceWeights: true });
    expect(mladabatchMethod.options.map((o) => o.flag)).toEqual(['--warmup-epochs <n>', '--pressure <s>', '--imbalance-weights <bool>']);
    expect(mladabatchMethod.options.find((o) => o.key === 'pressure')!.help).toContain('{2, 4, 16, 64}');
    expect(mladabatchMethod.internals.map((c) => c.title)).toEqual(['probability spread', 'instance loss and score (loss x W)']);
  });

  it('rejects bad settings with one clear error', () => {
    expect(() => mladabatchMethod.resolve({ warmupEpochs: 0 })).toThrow(/^invalid mladabatch configuration: warmupEpochs must be an integer >= 1, got 0$/);
    expect(() => mladabatchMethod.resolve({ pressure: 0.5, imbalanceWeights: 'yes', window: 3 })).toThrow(
      "invalid mladabatch configuration: unknown option 'window' (options: warmupEpochs, pressure, imbalanceWeights); pressure must be a number >= 1, got 0.5; imbalanceWeights must be true or false, got \"yes\"",
    );
    expect(() => mladabatchMethod.resolve({ warmupEpochs: 2.5 })).toThrow('invalid mladabatch configuration: warmupEpochs must be an integer >= 1, got 2.5');
    // The selectors resolve their config the same way.
    expect(() => new MlAdaBatchTwinSelector({ config: { pressure: Number.NaN } })).toThrow('invalid mladabatch configuration: pressure must be a number >= 1, got null');
    expect(() => mladabatchMethod.create({ backend: 'gpu' }, mladabatchMethod.resolve())).toThrow("mladabatch: the 'gpu' selector backend needs a GPU runtime");
    expect(mladabatchMethod.create({ backend: 'cpu' }, mladabatchMethod.resolve()).name).toBe('mladabatch');
  });
});
