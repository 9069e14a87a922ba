/**
 * Online Batch Selection (BASELINES "Online Batch Selection (Loshchilov and Hutter, 2015)"):
 * the twin on hand-worked cases, the GPU math against the twin on random inputs, GPU and twin
 * selectors driven like the trainer drives them, and configuration errors.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { GpuRuntime } from '../../src/gpu/runtime';
import type { SelectionMath } from '../../src/selection/method-selector';
import { obsPressure, resolveObsConfig } from '../../src/selection/obs/config';
import { ObsTwinMath, ObsTwinSelector } from '../../src/selection/obs/cpu-math';
import { ObsGpuMath, ObsSelector } from '../../src/selection/obs/gpu-math';
import { obsMethod } from '../../src/selection/obs/method';
import { rowMeanReference } from '../../src/selection/obs/reference';
import type { SelectorInit } from '../../src/selection/selector';
import { seededRandom, shuffleInPlace } from '../../src/util/random';
import { useGpuRuntime } from './runtime';

const runtime = useGpuRuntime();

function trainingSet(N: number, L: number, seed = 3) {
  const random = seededRandom(seed);
  const x = tf.tensor2d(Float32Array.from({ length: N * 3 }, () => random()), [N, 3]);
  const y = tf.tensor2d(Float32Array.from({ length: N * L }, () => (random() < 0.3 ? 1 : 0)), [N, L]);
  return { x, y, numInstances: N, numLabels: L };
}

/** One observation (a step, or a pass chunk) handed to a math. */
async function feed(math: SelectionMath, rows: number[], bce: Float32Array, L: number, pass = false): Promise<void> {
  const indices = tf.tensor1d(Int32Array.from(rows), 'int32');
  const b = tf.tensor2d(bce, [rows.length, L]);
  const done = pass ? math.observePass!(indices, b, b) : math.observe(indices, b, b);
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

describe('OBS twin on hand-worked cases', () => {
  it('losses, ranks, log-weights and pi follow the definition', async () => {
    const N = 4;
    const L = 2;
    const data = trainingSet(N, L);
    // Pressure 16 until epoch 10, then halving every epoch to 1 at epoch 14: s(e) = 2^(14 - e).
    const config = resolveObsConfig({ warmupEpochs: 1, pressureStart: 16, pressureEnd: 1, pressureDecayStart: 10, pressureDecayEnd: 14 });
    expect([9, 10, 11, 12, 13, 14, 20].map((e) => obsPressure(config, e))).toEqual([16, 16, 8, 4, 2, 1, 1]);
    const math = new ObsTwinMath(config);
    const init: SelectorInit = { data, batchSize: 2, epochs: 20, seed: 7 };
    await math.initialize(init);

    // Rows (BCE per label) -> instance loss = mean over the 2 labels:
    //   i0 [0.5, 1.5] -> 1.0,  i1 [0.25, 0.25] -> 0.25,  i2 [2, 1] -> 1.5,  i3 [0, 0.5] -> 0.25.
    await feed(math, [0, 1], Float32Array.of(0.5, 1.5, 0.25, 0.25), L);
    await feed(math, [2, 3], Float32Array.of(2, 1, 0, 0.5), L);
    let s = await math.state();
    expect(Array.from(s.loss)).toEqual([1, 0.25, 1.5, 0.25]);
    expect(Array.from(s.count)).toEqual([1, 1, 1, 1]);
    expect(Array.from(s.pi)).toEqual([0, 0, 0, 0]);

    // Ranks, largest loss first, the tie i1 = i3 to the lower index: r = [2, 3, 1, 4].
    // s = 16, N = 4: log w = -ln(16) r / 4 = -r ln 2, w = 2^-r = [1/4, 1/8, 1/2, 1/16], sum 15/16,
    // pi = [4, 2, 8, 1] / 15.
    const draw10 = await epochBatches(await math.prepareEpoch(10));
    s = await math.state();
    const ln2 = Math.log(2);
    [2, 3, 1, 4].forEach((r, i) => expect(s.logWeights[i]).toBeCloseTo(-r * ln2, 6));
    [4, 2, 8, 1].forEach((w, i) => expect(s.pi[i]).toBeCloseTo(w / 15, 7));
    // (pi comes from the f32 log-weights, so it matches the exact fractions to ~1e-8.)
    // Two batches of 2 distinct instances.
    expect(draw10).toHaveLength(4);
    for (const g of [0, 1]) expect(new Set(draw10.slice(2 * g, 2 * g + 2)).size).toBe(2);
    const inspected = await math.internals();
    expect(inspected).toMatchObject({ pressure: 16, fallback: false, loss: { min: 0.25, max: 1.5, mean: 0.75 } });

    // The latest visit counts: i3 again with [4, 2] -> loss 3, now the largest. r = [3, 4, 2, 1].
    // s(12) = 4: w = 4^(-r/4) = 2^(-r/2) = [2^-1.5, 2^-2, 2^-1, 2^-0.5].
    await feed(math, [3], Float32Array.of(4, 2), L);
    await math.prepareEpoch(12);
    s = await math.state();
    expect(s.loss[3]).toBe(3);
    expect(Array.from(s.count)).toEqual([1, 1, 1, 2]);
    const w = [3, 4, 2, 1].map((r) => 2 ** (-r / 2));
    const total = w.reduce((a, b) => a + b, 0);
    w.forEach((wi, i) => expect(s.pi[i]).toBeCloseTo(wi / total, 7));

    // A full-pass chunk refreshes losses without counting a visit: i1 [5, 5] -> 5; losses [1, 5, 1.5, 3], r = [4, 1, 3, 2].
    await feed(math, [1], Float32Array.of(5, 5), L, true);
    await math.prepareEpoch(13); // s = 2: w = 2^(-r/4)
    s = await math.state();
    expect(s.loss[1]).toBe(5);
    expect(Array.from(s.count)).toEqual([1, 1, 1, 2]);
    const w2 = [4, 1, 3, 2].map((r) => 2 ** (-r / 4));
    const total2 = w2.reduce((a, b) => a + b, 0);
    w2.forEach((wi, i) => expect(s.pi[i]).toBeCloseTo(wi / total2, 7));

    // s = 1 from epoch 14: uniform.
    await math.prepareEpoch(14);
    s = await math.state();
    expect(Array.from(s.pi)).toEqual([0.25, 0.25, 0.25, 0.25]);
    math.dispose();
    tf.dispose([data.x, data.y]);
  });

  it('sums a row in the GPU kernel order (threads stride over labels, then a tree)', () => {
    // L = 3 with 2 threads: thread 0 adds entries 0 and 2, thread 1 entry 1; then thread 0 + thread 1.
    const f = Math.fround;
    const row = Float32Array.of(1e8, 1, -1e8);
    expect(rowMeanReference(row, 0, 3, 2)).toBe(f(f(f(f(1e8) + f(-1e8)) + 1) * f(1 / 3)));
    // One thread: left to right, 1e8 + 1 rounds back to 1e8 in f32, so the mean is 0.
    expect(rowMeanReference(row, 0, 3, 1)).toBe(0);
    // The default (64 threads, L < 64): one entry per thread, tree over them.
    expect(rowMeanReference(Float32Array.of(0.5, 1.5), 0, 2)).toBe(1);
  });

  it('asks for a full pass only before selection epochs, and only with lossSource full-pass', () => {
    // After epoch e the trainer passes when epoch e + 1 draws (e + 1 >= warmupEpochs = 3).
    const pass = new ObsTwinMath(resolveObsConfig({ warmupEpochs: 3, lossSource: 'full-pass' }));
    expect([0, 1, 2, 3, 50].map((e) => pass.wantsTrainingPass(e))).toEqual([false, false, true, true, true]);
    const latest = new ObsTwinMath(resolveObsConfig({ warmupEpochs: 3 }));
    expect([0, 1, 2, 3].map((e) => latest.wantsTrainingPass(e))).toEqual([false, false, false, false]);
    // Defaults: 100 until epoch 10, 10 at epoch 55 (halfway, geometric), 1 from epoch 100.
    const d = resolveObsConfig();
    expect(obsPressure(d, 0)).toBe(100);
    expect(obsPressure(d, 10)).toBe(100);
    expect(obsPressure(d, 55)).toBeCloseTo(10, 10);
    expect(obsPressure(d, 100)).toBeCloseTo(1, 12);
    expect(obsPressure(d, 300)).toBe(1);
  });
});

interface Shape {
  N: number;
  L: number;
  B: number;
  seed: number;
}

describe('OBS on the GPU against the twin', () => {
  it.each<Shape>([
    { N: 100, L: 5, B: 16, seed: 1 },
    { N: 257, L: 13, B: 40, seed: 2 },
    { N: 130, L: 71, B: 33, seed: 3 },
    { N: 65, L: 1, B: 64, seed: 4 },
  ])('agrees on losses, counts, log-weights, pi and batches: %o', async ({ N, L, B, seed }) => {
    const rt = runtime();
    const data = trainingSet(N, L, seed);
    const config = resolveObsConfig({ warmupEpochs: 1 });
    const gpu = new ObsGpuMath(rt, config);
    const twin = new ObsTwinMath(config);
    const init: SelectorInit = { data, batchSize: B, epochs: 120, seed: 100 + seed };
    await gpu.initialize(init);
    await twin.initialize(init);
    const random = seededRandom(seed * 31);
    const tieRow = Float32Array.from({ length: L }, () => random() * 2);
    // Steps: random distinct batches; every fifth row repeats one BCE row (equal losses, ties).
    for (let step = 0; step < 6; step++) {
      const rows = shuffleInPlace(Array.from({ length: N }, (_, i) => i), random).slice(0, B);
      const bce = new Float32Array(B * L);
      for (let b = 0; b < B; b++) for (let j = 0; j < L; j++) bce[b * L + j] = b % 5 === 0 ? tieRow[j]! : -Math.log(Math.max(1e-7, random()));
      await feed(gpu, rows, bce, L);
      await feed(twin, rows, bce, L);
    }
    // A pass over the first half, in chunks: refreshes losses, counts nothing.
    for (let start = 0; start < N >> 1; start += 20) {
      const rows = Array.from({ length: Math.min(20, (N >> 1) - start) }, (_, k) => start + k);
      const bce = Float32Array.from({ length: rows.length * L }, () => random() * 3);
      await feed(gpu, rows, bce, L, true);
      await feed(twin, rows, bce, L, true);
    }
    await rt.ctx.sync();
    const [gs0, ts0] = [await gpu.state(), await twin.state()];
    // observe.wgsl and its twin add in the same f32 order: the losses are bit-identical.
    expect(Array.from(gs0.loss)).toEqual(Array.from(ts0.loss));
    expect(Array.from(gs0.count)).toEqual(Array.from(ts0.count));
    expect(Array.from(gs0.count).reduce((a, c) => a + c, 0)).toBe(6 * B);

    for (const epoch of [10, 40, 100]) {
      const g = await epochBatches(gpu.prepareEpoch(epoch));
      const t = await epochBatches(twin.prepareEpoch(epoch));
      await rt.ctx.sync();
      const [gs, ts] = [await gpu.state(), await twin.state()];
      let logWeightError = 0;
      let piError = 0;
      let piSum = 0;
      for (let i = 0; i < N; i++) {
        logWeightError = Math.max(logWeightError, Math.abs(gs.logWeights[i]! - ts.logWeights[i]!) / Math.max(1e-6, Math.abs(ts.logWeights[i]!)));
        piError = Math.max(piError, Math.abs(gs.pi[i]! - ts.pi[i]!) / ts.pi[i]!);
        piSum += gs.pi[i]!;
      }
      expect(logWeightError, `log-weights, epoch ${epoch}`).toBeLessThan(1e-6);
      expect(piError, `pi, epoch ${epoch}`).toBeLessThan(1e-5);
      expect(piSum).toBeCloseTo(1, 5);
      expect(Array.from(g), `batches, epoch ${epoch}`).toEqual(Array.from(t));
      for (let k = 0; k < Math.ceil(N / B); k++) expect(new Set(g.slice(k * B, (k + 1) * B)).size).toBe(B);
      const [gi, ti] = [await gpu.internals(), await twin.internals()];
      expect(gi['pressure']).toBe(ti['pressure']);
      expect(gi['fallback']).toBe(false);
      expect((gi['loss'] as { max: number }).max).toBe((ti['loss'] as { max: number }).max);
    }
    gpu.dispose();
    twin.dispose();
    tf.dispose([data.x, data.y]);
  });
});

/** Drives a selector like the trainer does (including the full pass when asked); returns every batch. */
async function drive(
  rt: GpuRuntime,
  selector: ObsSelector | ObsTwinSelector,
  N: number,
  L: number,
  epochs: number,
  hooks: { onStep?: (cost: { readbacks: number; dispatches: number }) => void; onEpoch?: (epoch: number) => void; bceValue?: number } = {},
): Promise<{ batches: number[][][]; passes: boolean[] }> {
  const random = seededRandom(9);
  const seen: number[][][] = [];
  const passes: boolean[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const batches: number[][] = [];
    for (let b = 0; b < selector.batchesPerEpoch(); b++) {
      const before = rt.ctx.readbacks.snapshot();
      const dispatches = rt.kernels.dispatchCount;
      const indices = selector.nextBatch();
      const n = indices.shape[0];
      const probs = tf.tensor2d(Float32Array.from({ length: n * L }, () => random()), [n, L]);
      const bce = tf.tensor2d(Float32Array.from({ length: n * L }, () => hooks.bceValue ?? random()), [n, L]);
      const done = selector.observe(indices, probs, bce);
      hooks.onStep?.({ readbacks: rt.ctx.readbacks.since(before).total, dispatches: rt.kernels.dispatchCount - dispatches });
      if (done) await done;
      batches.push(Array.from(await indices.data()));
      tf.dispose([indices, probs, bce]);
    }
    seen.push(batches);
    const pass = selector.wantsTrainingPass(epoch);
    passes.push(pass);
    if (pass) {
      for (let start = 0; start < N; start += 50) {
        const size = Math.min(50, N - start);
        const indices = tf.range(start, start + size, 1, 'int32') as tf.Tensor1D;
        const probs = tf.tensor2d(Float32Array.from({ length: size * L }, () => random()), [size, L]);
        const bce = tf.tensor2d(Float32Array.from({ length: size * L }, () => random() * 2), [size, L]);
        const done = selector.observePass(indices, probs, bce);
        if (done) await done;
        tf.dispose([indices, probs, bce]);
      }
    }
    await selector.endEpoch(epoch);
    await rt.ctx.sync();
    hooks.onEpoch?.(epoch);
  }
  return { batches: seen, passes };
}

describe('OBS selectors (GPU and twin) driven like the trainer', () => {
  const N = 150;
  const L = 7;
  const B = 32;

  it('draw identical batches; the GPU reads nothing back per step and keeps tensors and buffers flat', async () => {
    const rt = runtime();
    const data = trainingSet(N, L);
    const config = { warmupEpochs: 2, pressureDecayStart: 2, pressureDecayEnd: 6 };
    const buffersBefore = rt.ctx.buffers.liveCount;
    const gpu = new ObsSelector(rt, { config });
    await gpu.initialize({ data, batchSize: B, epochs: 6, seed: 5 });
    const costs: { readbacks: number; dispatches: number }[] = [];
    const tensors: number[] = [];
    const buffers: number[] = [];
    const a = await drive(rt, gpu, N, L, 6, {
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

    const twin = new ObsTwinSelector({ config });
    await twin.initialize({ data, batchSize: B, epochs: 6, seed: 5 });
    const b = await drive(rt, twin, N, L, 6);
    const twinInspection = await twin.inspect();
    const twinState = await twin.state();
    twin.dispose();

    expect(b.batches).toEqual(a.batches);
    expect(Array.from(gpuState['loss']!)).toEqual(Array.from(twinState['loss']!));
    expect(Array.from(gpuState['count']!)).toEqual(Array.from(twinState['count']!));
    // Warm-up: a fresh seeded order each epoch, each covering every instance once.
    for (const epoch of a.batches.slice(0, 2)) expect(epoch.flat().sort((p, q) => p - q)).toEqual(Array.from({ length: N }, (_, i) => i));
    expect(a.batches[1]).not.toEqual(a.batches[0]);
    for (const epoch of a.batches.slice(2)) for (const batch of epoch) expect(new Set(batch).size).toBe(B);
    expect(a.passes.every((p) => !p)).toBe(true);
    expect(costs.every((c) => c.readbacks === 0)).toBe(true);
    expect(Math.max(...costs.map((c) => c.dispatches))).toBeLessThanOrEqual(2);
    expect(costs.every((c) => c.dispatches === 1)).toBe(true);
    // From the first selection epoch on, one batch tensor per epoch is held: nothing accumulates.
    expect(new Set(tensors.slice(1)).size).toBe(1);
    expect(new Set(buffers).size).toBe(1);
    // s(6) with the decay 100 -> 1 over epochs 2..6: 1.
    expect(gpuInspection).toMatchObject({ method: 'obs', epoch: 6, phase: 'selection', distributionEpoch: 6, fallback: false });
    expect(gpuInspection['pressure']).toBeCloseTo(1, 12);
    for (const key of ['min', 'max', 'mean'] as const) {
      expect((gpuInspection['loss'] as Record<string, number>)[key]).toBeCloseTo((twinInspection['loss'] as Record<string, number>)[key]!, 6);
    }
    expect((gpuInspection['probabilities'] as { effectiveSize: number }).effectiveSize).toBeCloseTo(N, 2);
    tf.dispose([data.x, data.y]);
  });

  it("with lossSource 'full-pass': the pass sets every loss before each ranking; batches stay identical", async () => {
    const rt = runtime();
    const data = trainingSet(N, L, 8);
    const config = { warmupEpochs: 2, lossSource: 'full-pass' as const };
    const gpu = new ObsSelector(rt, { config });
    await gpu.initialize({ data, batchSize: B, epochs: 5, seed: 11 });
    const a = await drive(rt, gpu, N, L, 4);
    const gpuState = await gpu.state();
    const inspection = await gpu.inspect();
    gpu.dispose();
    const twin = new ObsTwinSelector({ config });
    await twin.initialize({ data, batchSize: B, epochs: 5, seed: 11 });
    const b = await drive(rt, twin, N, L, 4);
    const twinState = await twin.state();
    twin.dispose();

    expect(a.passes).toEqual([false, true, true, true]);
    expect(b.passes).toEqual(a.passes);
    expect(b.batches).toEqual(a.batches);
    expect(Array.from(gpuState['loss']!)).toEqual(Array.from(twinState['loss']!));
    // The pass counts no visits: 4 epochs x ceil(150 / 32) = 5 steps; warm-up covers 150, selection 160.
    expect(Array.from(gpuState['count']!).reduce((s, c) => s + c, 0)).toBe(2 * N + 2 * 5 * B);
    // The last pass drew its BCE uniformly in [0, 2): every loss is a mean of such values.
    expect(Array.from(gpuState['loss']!).every((l) => l >= 0 && l < 2)).toBe(true);
    expect(inspection['pressure']).toBe(100);
    tf.dispose([data.x, data.y]);
  });

  it('falls back to uniform with the same warning on GPU and twin when losses are not finite', async () => {
    const rt = runtime();
    const data = trainingSet(N, L);
    const warnings: string[] = [];
    for (const selector of [new ObsSelector(rt, { config: { warmupEpochs: 1 }, warn: (m) => warnings.push(m) }), new ObsTwinSelector({ config: { warmupEpochs: 1 }, warn: (m) => warnings.push(m) })]) {
      await selector.initialize({ data, batchSize: B, epochs: 3, seed: 1 });
      await drive(rt, selector, N, L, 1, { bceValue: Number.NaN });
      await rt.ctx.sync();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const pi = (await selector.state())['pi']!;
      expect(Array.from(pi).every((p) => Math.abs(p - 1 / N) < 1e-6)).toBe(true);
      selector.dispose();
    }
    const message = 'OBS epoch 1: instance losses were not finite; the distribution fell back to uniform';
    expect(warnings).toEqual([message, message]);
    tf.dispose([data.x, data.y]);
  });
});

describe('OBS configuration', () => {
  it('has the documented defaults and options', () => {
    expect(obsMethod.resolve()).toEqual({ warmupEpochs: 10, pressureStart: 100, pressureEnd: 1, pressureDecayStart: 10, pressureDecayEnd: 100, lossSource: 'latest-visit' });
    expect(obsMethod.options.map((o) => o.flag)).toEqual([
      '--warmup-epochs <n>',
      '--pressure-start <s>',
      '--pressure-end <s>',
      '--pressure-decay-start <e>',
      '--pressure-decay-end <e>',
      '--loss-source <source>',
    ]);
    expect(obsMethod.internals.map((c) => c.title)).toEqual(['probability spread', 'selection pressure', 'instance loss']);
  });

  it('rejects bad settings with one clear error', () => {
    expect(() => obsMethod.resolve({ warmupEpochs: 0 })).toThrow(/^invalid obs configuration: warmupEpochs must be an integer >= 1, got 0$/);
    expect(() => obsMethod.resolve({ pressureDecayStart: 50, pressureDecayEnd: 20 })).toThrow(
      /^invalid obs configuration: pressureDecayEnd \(20\) must not be before pressureDecayStart \(50\)$/,
    );
    expect(() => obsMethod.resolve({ lossSource: 'every-epoch', pressureStart: 0.5, window: 3 })).toThrow(
      "invalid obs configuration: unknown option 'window' (options: warmupEpochs, pressureStart, pressureEnd, pressureDecayStart, pressureDecayEnd, lossSource); pressureStart must be a number >= 1, got 0.5; lossSource must be 'latest-visit' or 'full-pass', got \"every-epoch\"",
    );
    // The selectors resolve their config the same way.
    expect(() => new ObsTwinSelector({ config: { warmupEpochs: 0 } })).toThrow('invalid obs configuration: warmupEpochs must be an integer >= 1, got 0');
    expect(() => obsMethod.create({ backend: 'gpu' }, obsMethod.resolve())).toThrow("obs: the 'gpu' selector backend needs a GPU runtime");
    expect(obsMethod.create({ backend: 'cpu' }, obsMethod.resolve()).name).toBe('obs');
  });
});
