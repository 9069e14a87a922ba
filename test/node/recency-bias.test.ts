/**
 * Recency Bias (BASELINES "Recency Bias (Song, Kim, Kim, Lee, CIKM 2020)"): the twin on
 * hand-worked cases, the GPU math against the twin on random inputs, GPU and twin selectors
 * driven like the trainer drives them, and configuration errors.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { GpuRuntime } from '../../src/gpu/runtime';
import type { SelectionMath } from '../../src/selection/method-selector';
import { recencyPressure, resolveRecencyBiasConfig, type RecencyBiasConfig } from '../../src/selection/recency-bias/config';
import { RecencyBiasTwinMath, RecencyBiasTwinSelector } from '../../src/selection/recency-bias/cpu-math';
import { RecencyBiasGpuMath, RecencyBiasSelector } from '../../src/selection/recency-bias/gpu-math';
import { recencyBiasMethod } from '../../src/selection/recency-bias/method';
import { ENTROPY_TABLE, entropyIndex, observeReference, uncertaintyReference, windowField, windowWords } from '../../src/selection/recency-bias/reference';
import { normalizeLogWeightsReference, valueLogWeightsReference } from '../../src/selection/sampling/reference';
import type { BatchSelector, SelectorInit } from '../../src/selection/selector';
import { seededRandom, shuffleInPlace } from '../../src/util/random';
import { useGpuRuntime } from './runtime';

const runtime = useGpuRuntime();

function trainingSet(N: number, L: number, seed = 3) {
  const random = seededRandom(seed);
  const x = tf.tensor2d(Float32Array.from({ length: N * 3 }, () => random()), [N, 3]);
  const y = tf.tensor2d(Float32Array.from({ length: N * L }, () => (random() < 0.3 ? 1 : 0)), [N, L]);
  return { x, y, numInstances: N, numLabels: L };
}

/** One step handed to a math (Recency Bias reads only the probabilities). */
async function feed(math: SelectionMath, rows: ArrayLike<number>, probs: Float32Array, L: number): Promise<void> {
  const indices = tf.tensor1d(Int32Array.from(rows), 'int32');
  const p = tf.tensor2d(probs, [rows.length, L]);
  const done = math.observe(indices, p, p);
  if (done) await done;
  tf.dispose([indices, p]);
}

async function epochBatches(draw: tf.Tensor1D | Int32Array | undefined): Promise<Int32Array> {
  if (!draw) throw new Error('no draw');
  if (draw instanceof Int32Array) return draw;
  const out = Int32Array.from(await draw.data());
  draw.dispose();
  return out;
}

/** Binary entropy in bits, written out for the hand-worked numbers. */
const H = (f: number) => (f <= 0 || f >= 1 ? 0 : -(f * Math.log2(f) + (1 - f) * Math.log2(1 - f)));

describe('Recency Bias twin on hand-worked cases', () => {
  it('bit windows, visit counts and U_i follow the definition', () => {
    // N = 4 instances, L = 2 labels (one word per instance), q = 10.
    const N = 4;
    const L = 2;
    const bits = new Uint32Array(N * windowWords(L));
    const count = new Uint32Array(N);
    const step = (rows: number[], probs: number[]) => observeReference(bits, count, L, 10, rows, probs);
    // Instance 0, label 0: predictions 0.9, 0.2, 0.7 -> votes 1, 0, 1; label 1 always 0.8 -> 1, 1, 1.
    step([0], [0.9, 0.8]);
    step([0], [0.2, 0.8]);
    step([0], [0.7, 0.8]);
    // Newest vote in bit 0: 1,0,1 in visit order -> bits (oldest..newest) = 0b101.
    expect(windowField(bits, 1, 0, 0)).toBe(0b101);
    expect(windowField(bits, 1, 0, 1)).toBe(0b111);
    expect(count[0]).toBe(3);
    // Instance 1, label 0: 12 visits, votes 1, 1, then 1,1,1,0,0,0,0,0,0,0; p = 0.5 is NOT > 0.5 (vote 0).
    // Label 1: alternating 0.6, 0.5 -> 1,0,1,0,...
    const label0 = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
    label0.forEach((v, k) => step([1], [v ? 0.75 : 0.5, k % 2 === 0 ? 0.6 : 0.5]));
    expect(count[1]).toBe(12);
    // Only the last 10 are kept: 1,1,1,0,0,0,0,0,0,0 (oldest..newest) -> 0b1110000000.
    expect(windowField(bits, 1, 1, 0)).toBe(0b1110000000);
    // Label 1, last 10 of 1,0,1,0,1,0,1,0,1,0,1,0: 1,0,1,0,1,0,1,0,1,0 -> 0b1010101010.
    expect(windowField(bits, 1, 1, 1)).toBe(0b1010101010);
    // Instance 2: never visited. Instance 3: one visit, votes 1 and 0 (a single vote: H(1) = H(0) = 0).
    step([3], [0.99, 0.01]);

    const U = uncertaintyReference(bits, count, N, L, 10);
    // i0: label 0 has 2 ones in 3 visits -> fraction 2/3 (NOT 2/10) -> H(2/3) = 0.9183 bits;
    //     label 1 has 3 ones in 3 -> H(1) = 0; U_0 = (0.9183 + 0) / 2 = 0.4591.
    expect(H(2 / 3)).toBeCloseTo(0.9183, 4);
    expect(U[0]).toBeCloseTo(H(2 / 3) / 2, 6);
    expect(U[0]).not.toBeCloseTo(H(2 / 10) / 2, 2); // what counting empty slots as 0-votes would give
    // i1: label 0 -> 3/10 -> H(0.3) = 0.8813; label 1 -> 5/10 -> 1; U_1 = (0.8813 + 1) / 2 = 0.9406.
    expect(U[1]).toBeCloseTo((H(0.3) + 1) / 2, 6);
    // All 12 visits would give 5/12 ones on label 0: H(5/12) = 0.9799, a different U.
    expect(U[1]).not.toBeCloseTo((H(5 / 12) + 1) / 2, 3);
    // i2: 0 visits -> U = 0.  i3: fractions 1/1 and 0/1 -> U = 0.
    expect(U[2]).toBe(0);
    expect(U[3]).toBe(0);
  });

  it('a shorter window keeps only the last q votes', () => {
    const L = 1;
    const bits = new Uint32Array(1);
    const count = new Uint32Array(1);
    // q = 3; votes 1,1,0,0,1 -> kept 0,0,1 -> 1/3 -> H(1/3) = 0.9183 (the same as H(2/3)).
    for (const p of [0.9, 0.9, 0.1, 0.1, 0.9]) observeReference(bits, count, L, 3, [0], [p]);
    expect(windowField(bits, 1, 0, 0)).toBe(0b001);
    expect(count[0]).toBe(5);
    expect(uncertaintyReference(bits, count, 1, L, 3)[0]).toBeCloseTo(H(1 / 3), 6);
    // q = 1: the last vote only; a single vote has entropy 0.
    const b1 = new Uint32Array(1);
    const c1 = new Uint32Array(1);
    for (const p of [0.9, 0.1, 0.9]) observeReference(b1, c1, L, 1, [0], [p]);
    expect(b1[0]).toBe(1);
    expect(uncertaintyReference(b1, c1, 1, L, 1)[0]).toBe(0);
  });

  it('q_i = clamp(ceil((1 - U_i) N), 1, N) without min-max, p_i proportional to s^(-q_i / N)', () => {
    // N = 4, s = 100. U = [H(2/3) = 0.9183, 0, 1, 0.5]:
    //   (1 - 0.9183) * 4 = 0.327 -> q = 1;  (1 - 0) * 4 = 4;  (1 - 1) * 4 = 0 -> clamped to 1;  0.5 * 4 = 2.
    const N = 4;
    const U = Float32Array.of(H(2 / 3), 0, 1, 0.5);
    const q = Array.from(valueLogWeightsReference(U, 100, false), (w) => Math.round((-w * N) / Math.log(100)));
    expect(q).toEqual([1, 4, 1, 2]);
    const { pi } = normalizeLogWeightsReference(valueLogWeightsReference(U, 100, false));
    // pi ∝ 100^(-q/4): weights 100^-0.25, 100^-1, 100^-0.25, 100^-0.5.
    const w = [1, 4, 1, 2].map((k) => 100 ** (-k / 4));
    const Z = w.reduce((a, b) => a + b, 0);
    pi.forEach((p, i) => expect(p).toBeCloseTo(w[i]! / Z, 6));
    const q2 = Array.from(valueLogWeightsReference(Float32Array.of(0.25, 0.5, 0.5, 0.75), 100, false), (x) => Math.round((-x * N) / Math.log(100)));
    // No min-max: U = [0.25, 0.5, 0.5, 0.75] -> ceil(0.75 * 4) = 3, 2, 2, ceil(0.25 * 4) = 1
    // (min-max would first map U to [0, 0.5, 0.5, 1] and give q = [4, 2, 2, 1]).
    expect(q2).toEqual([3, 2, 2, 1]);
  });

  it('the pressure decays from 100 to 1 over epochs 10..100, and the twin math draws from that pi', async () => {
    const config = resolveRecencyBiasConfig();
    expect(config).toEqual({ window: 10, warmupEpochs: 10, pressureStart: 100, pressureEnd: 1, pressureDecayStart: 10, pressureDecayEnd: 100 });
    expect(recencyPressure(config, 5)).toBe(100);
    expect(recencyPressure(config, 10)).toBe(100);
    expect(recencyPressure(config, 55)).toBeCloseTo(10, 10);
    expect(recencyPressure(config, 100)).toBeCloseTo(1, 12);
    expect(recencyPressure(config, 150)).toBeCloseTo(1, 12);

    // Twin math end to end on N = 4, L = 1: i0 votes 1,0,1 (U = H(2/3) -> q = 1), i1 votes 1,1,1 (U = 0 -> q = 4),
    // i2 and i3 unvisited (U = 0 -> q = 4). At epoch 10, s = 100: pi ∝ [100^-0.25, 100^-1, 100^-1, 100^-1].
    const data = trainingSet(4, 1);
    const math = new RecencyBiasTwinMath(config);
    await math.initialize({ data, batchSize: 2, epochs: 20, seed: 7 });
    for (const p of [0.9, 0.1, 0.9]) await feed(math, [0, 1], Float32Array.of(p, 0.9), 1);
    const draw = await epochBatches(await math.prepareEpoch(10));
    expect(draw).toHaveLength(4);
    const state = await math.state();
    expect(Array.from(state['count']!)).toEqual([3, 3, 0, 0]);
    expect(state['uncertainty']![0]).toBeCloseTo(H(2 / 3), 6);
    expect(Array.from(state['uncertainty']!).slice(1)).toEqual([0, 0, 0]);
    const w = [1, 4, 4, 4].map((k) => 100 ** (-k / 4));
    const Z = w.reduce((a, b) => a + b, 0);
    Array.from(state['pi']!).forEach((p, i) => expect(p).toBeCloseTo(w[i]! / Z, 6));
    expect(await math.internals()).toMatchObject({ pressure: 100, fallback: false, uncertainty: { min: 0, max: Math.fround(H(2 / 3)) } });
    tf.dispose([data.x, data.y]);
  });

  it("the WGSL entropy table holds the twin's f32 values", () => {
    const source = readFileSync(new URL('../../shaders/recency-bias/uncertainty.wgsl', import.meta.url), 'utf8');
    const body = /const ENTROPY = array<f32, 65>\(([^)]*)\);/.exec(source)![1]!;
    const values = Float32Array.from(body.split(',').map((s) => s.trim()).filter(Boolean).map(Number));
    expect(values).toHaveLength(65);
    expect(Array.from(values)).toEqual(Array.from(ENTROPY_TABLE));
    expect(ENTROPY_TABLE[entropyIndex(2, 3)]).toBe(Math.fround(H(2 / 3)));
    expect(ENTROPY_TABLE[entropyIndex(5, 10)]).toBe(1);
  });
});

interface ParitySetup {
  N: number;
  L: number;
  B: number;
  window: number;
  /** Steps before the draw (enough that most instances pass 10 visits). */
  steps: number;
  seed: number;
}

/** The GPU math and the twin on the same random steps (revisits, p = 0.5 exactly on some entries). */
async function parity(rt: GpuRuntime, s: ParitySetup) {
  const { N, L, B } = s;
  const random = seededRandom(s.seed);
  const data = trainingSet(N, L, s.seed);
  const config = resolveRecencyBiasConfig({ window: s.window, warmupEpochs: 1 });
  const gpu = new RecencyBiasGpuMath(rt, config);
  const twin = new RecencyBiasTwinMath(config);
  const init: SelectorInit = { data, batchSize: B, epochs: 100, seed: s.seed };
  await gpu.initialize(init);
  await twin.initialize(init);
  // Per entry, how often the model says 1: stable entries (0 or 1) and unstable ones.
  const rate = Float32Array.from({ length: N * L }, () => [0, 1, 0.5, 0.2, random()][Math.floor(random() * 5)]!);
  const drawn: Array<{ gpu: Int32Array; twin: Int32Array }> = [];
  const states: Array<{ gpu: Record<string, ArrayLike<number>>; twin: Record<string, ArrayLike<number>> }> = [];
  for (const epoch of [10, 40]) {
    for (let step = 0; step < s.steps; step++) {
      const rows = shuffleInPlace(Int32Array.from({ length: N }, (_, i) => i), random).slice(0, B);
      const probs = new Float32Array(B * L);
      rows.forEach((i, b) => {
        for (let j = 0; j < L; j++) {
          const r = random();
          probs[b * L + j] = r < 0.05 ? 0.5 : random() < rate[i * L + j]! ? 0.5 + 0.5 * r : 0.5 * r;
        }
      });
      await feed(gpu, rows, probs, L);
      await feed(twin, rows, probs, L);
    }
    drawn.push({ gpu: await epochBatches(gpu.prepareEpoch(epoch)), twin: await epochBatches(twin.prepareEpoch(epoch)) });
    states.push({ gpu: await gpu.state(), twin: await twin.state() });
  }
  gpu.dispose();
  twin.dispose();
  tf.dispose([data.x, data.y]);
  return { drawn, states };
}

describe('Recency Bias on the GPU against its twin', () => {
  it.each([
    { N: 130, L: 7, B: 16, window: 10, steps: 60, seed: 1 },
    { N: 257, L: 1, B: 50, window: 3, steps: 25, seed: 2 },
    { N: 300, L: 20, B: 64, window: 10, steps: 30, seed: 3 },
    { N: 97, L: 3, B: 97, window: 1, steps: 4, seed: 4 },
  ])('agrees on windows, counts, U_i, pi and batches: %o', async (setup) => {
    const { drawn, states } = await parity(runtime(), setup);
    for (const { gpu, twin } of states) {
      expect(gpu['bits']).toEqual(twin['bits']);
      expect(gpu['count']).toEqual(twin['count']);
      // Same f32 entropy table, same summation order, multiplication by f32(1/L): the same bits.
      expect(gpu['uncertainty']).toEqual(twin['uncertainty']);
      const pg = gpu['pi']!;
      const pt = twin['pi']!;
      let worst = 0;
      for (let i = 0; i < pt.length; i++) worst = Math.max(worst, Math.abs(pg[i]! - pt[i]!) / pt[i]!);
      expect(worst).toBeLessThan(1e-5);
      if (setup.window > 1) {
        // Some entries are uncertain, so the distribution is not uniform.
        expect(Math.max(...Array.from(twin['uncertainty']!))).toBeGreaterThan(0);
      } else {
        // q = 1: a single vote has entropy 0, so U = 0 everywhere and pi is uniform.
        expect(Array.from(twin['uncertainty']!).every((u) => u === 0)).toBe(true);
        expect(Array.from(pg).every((p) => Math.abs(p * setup.N - 1) < 1e-5)).toBe(true);
      }
    }
    expect(Math.max(...Array.from(states[1]!.twin['count']!))).toBeGreaterThan(setup.window);
    for (const { gpu, twin } of drawn) {
      expect(gpu).toHaveLength(Math.ceil(setup.N / setup.B) * setup.B);
      expect(Array.from(gpu)).toEqual(Array.from(twin));
    }
  });
});

/** Drives a selector like the trainer does; model outputs depend on the instance. Counts per observe(). */
async function drive(rt: GpuRuntime, selector: BatchSelector, L: number, epochs: number, onEpoch?: () => void) {
  const random = seededRandom(9);
  const seen: number[][][] = [];
  const readbacks: number[] = [];
  const dispatches: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const batches: number[][] = [];
    for (let b = 0; b < selector.batchesPerEpoch(epoch); b++) {
      const indices = selector.nextBatch();
      const rows = Array.from(await indices.data());
      const n = rows.length;
      // Instances i % 3 == 0 vote at random; the others are stable (p < 0.5 every time).
      const probs = tf.tensor2d(Float32Array.from({ length: n * L }, (_, k) => (rows[Math.floor(k / L)]! % 3 === 0 ? random() : 0.1 + 0.1 * random())), [n, L]);
      const marker = rt.kernels.dispatchCount;
      const before = rt.ctx.readbacks.snapshot();
      const done = selector.observe(indices, probs, probs);
      readbacks.push(rt.ctx.readbacks.since(before).total);
      dispatches.push(rt.kernels.dispatchCount - marker);
      await done;
      batches.push(rows);
      tf.dispose([indices, probs]);
    }
    seen.push(batches);
    await selector.endEpoch(epoch);
    await rt.ctx.sync();
    onEpoch?.();
  }
  return { seen, readbacks, dispatches };
}

describe('Recency Bias selectors (GPU and twin)', () => {
  it('draw identical batches, read nothing back per GPU step, one dispatch per step, flat memory', async () => {
    const rt = runtime();
    const N = 150;
    const L = 5;
    const B = 32;
    const data = trainingSet(N, L);
    const config: Partial<RecencyBiasConfig> = { warmupEpochs: 2, pressureDecayStart: 2, pressureDecayEnd: 6 };
    const init: SelectorInit = { data, batchSize: B, epochs: 7, seed: 5 };

    const twin = new RecencyBiasTwinSelector({ config });
    await twin.initialize(init);
    const expected = (await drive(rt, twin, L, 7)).seen;
    twin.dispose();

    const buffersBefore = rt.ctx.buffers.liveCount;
    const gpu = new RecencyBiasSelector(rt, { config });
    await gpu.initialize(init);
    const tensors: number[] = [];
    const buffers: number[] = [];
    const { seen, readbacks, dispatches } = await drive(rt, gpu, L, 7, () => {
      tensors.push(tf.memory().numTensors);
      buffers.push(rt.ctx.buffers.liveCount);
    });
    expect(seen).toEqual(expected);
    // Warm-up: a seeded reshuffle per epoch, each instance once.
    expect(seen[0]!.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i));
    expect(seen[1]).not.toEqual(seen[0]);
    // Selection: full batches of B distinct instances; the unstable instances (i % 3 == 0) are favoured.
    for (const batch of seen[3]!) expect(new Set(batch).size).toBe(B);
    const unstable = seen.slice(2).flat(2).filter((i) => i % 3 === 0).length / seen.slice(2).flat(2).length;
    expect(unstable).toBeGreaterThan(0.5);
    expect(readbacks.every((r) => r === 0)).toBe(true);
    expect(dispatches.every((d) => d === 1)).toBe(true);
    expect(new Set(tensors.slice(2)).size).toBe(1);
    expect(new Set(buffers).size).toBe(1);

    const inspection = await gpu.inspect();
    expect(inspection).toMatchObject({ method: 'recency-bias', epoch: 7, phase: 'selection', distributionEpoch: 7, pressure: 1, fallback: false });
    const u = inspection['uncertainty'] as { mean: number; min: number; max: number };
    expect(u.min).toBeGreaterThanOrEqual(0);
    expect(u.max).toBeLessThanOrEqual(1);
    expect(u.max).toBeGreaterThan(u.mean);
    for (const chart of recencyBiasMethod.internals) {
      for (const series of chart.series) {
        const value = series.path.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], inspection);
        expect(typeof value, series.path.join('.')).toBe('number');
      }
    }
    gpu.dispose();
    expect(rt.ctx.buffers.liveCount).toBe(buffersBefore);
    tf.dispose([data.x, data.y]);
  });
});

describe('Recency Bias configuration', () => {
  it('rejects bad settings with one clear error', async () => {
    expect(() => recencyBiasMethod.resolve({ window: 11 })).toThrow('invalid recency-bias configuration: window must be an integer >= 1 and <= 10, got 11');
    expect(() => recencyBiasMethod.resolve({ window: 0, pressureStart: 0.5, lag: 1 })).toThrow(
      "invalid recency-bias configuration: unknown option 'lag' (options: window, warmupEpochs, pressureStart, pressureEnd, pressureDecayStart, pressureDecayEnd); window must be an integer >= 1 and <= 10, got 0; pressureStart must be a number >= 1, got 0.5",
    );
    expect(() => recencyBiasMethod.resolve({ window: 2.5 })).toThrow('window must be an integer >= 1 and <= 10, got 2.5');
    expect(() => recencyBiasMethod.resolve({ pressureDecayStart: 50, pressureDecayEnd: 20 })).toThrow(
      'invalid recency-bias configuration: pressureDecayEnd (20) must not be before pressureDecayStart (50)',
    );
    expect(() => new RecencyBiasSelector(runtime(), { config: { window: 12 } })).toThrow('invalid recency-bias configuration: window must be an integer >= 1 and <= 10, got 12');
    expect(() => new RecencyBiasTwinSelector({ config: { window: 12 } })).toThrow('invalid recency-bias configuration: window must be an integer >= 1 and <= 10, got 12');
    // The GPU math built around the resolver still refuses a window that does not fit 10 bits.
    const data = trainingSet(10, 2);
    const math = new RecencyBiasGpuMath(runtime(), { ...resolveRecencyBiasConfig(), window: 16 });
    await expect(math.initialize({ data, batchSize: 5, epochs: 3, seed: 1 })).rejects.toThrow(
      "recency-bias: window must be an integer in 1..10 (each label's window is 10 bits of a packed word), got 16",
    );
    expect(() => recencyBiasMethod.create({ backend: 'gpu' }, recencyBiasMethod.defaults)).toThrow("recency-bias: the 'gpu' selector backend needs a GPU runtime");
    expect(recencyBiasMethod.schema).toMatchObject({ properties: { window: { type: 'integer', minimum: 1, maximum: 10 } } });
    tf.dispose([data.x, data.y]);
  });
});
