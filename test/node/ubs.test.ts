/**
 * UBS (BASELINES "Uncertainty-guided batch selection with dynamic label correlations"): the
 * twin on hand-worked cases (quantisation, the mutual information of dependent and independent
 * columns, a worked 3-label example, the released variant's schedule), the GPU against the twin
 * stage by stage on random states, GPU and twin selectors driven like the trainer, the
 * corel5k label count within default limits, and configuration errors.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { GpuRuntime } from '../../src/gpu/runtime';
import { createState, observeStep } from '../../src/selection/d2ace/reference';
import { sampleBatchReference, valueLogWeightsReference, normalizeLogWeightsReference } from '../../src/selection/sampling/reference';
import type { BatchSelector } from '../../src/selection/selector';
import { resolveUbsConfig, ubsPressure, ubsUsesCorrelation } from '../../src/selection/ubs/config';
import { ubsEpochReference, UbsTwinSelector } from '../../src/selection/ubs/cpu-math';
import { UbsSelector } from '../../src/selection/ubs/gpu-math';
import { ubsMethod } from '../../src/selection/ubs/method';
import { mutualInformationReference, normalizeCorrelationReference, quantizeReference, ubsScoresReference } from '../../src/selection/ubs/reference';
import { seededRandom } from '../../src/util/random';
import { useGpuRuntime } from './runtime';

const runtime = useGpuRuntime();

function trainingSet(N: number, L: number, seed = 3) {
  const random = seededRandom(seed);
  const x = tf.tensor2d(Float32Array.from({ length: N * 3 }, () => random()), [N, 3]);
  const y = tf.tensor2d(Float32Array.from({ length: N * L }, () => (random() < 0.3 ? 1 : 0)), [N, L]);
  return { x, y, numInstances: N, numLabels: L };
}

/**
 * Drives a selector like the trainer: every batch gets outputs in which label j's probability
 * follows label 0's for odd j (dependent uncertainty) and is random for even j.
 */
async function drive(rt: GpuRuntime, selector: BatchSelector, L: number, epochs: number, onEpoch?: (epoch: number) => Promise<void>, stepReadbacks: number[] = []): Promise<number[][][]> {
  const random = seededRandom(9);
  const seen: number[][][] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const batches: number[][] = [];
    for (let b = 0; b < selector.batchesPerEpoch(epoch); b++) {
      const indices = selector.nextBatch();
      const n = indices.shape[0];
      const p = new Float32Array(n * L);
      for (let r = 0; r < n; r++) {
        const base = random();
        for (let j = 0; j < L; j++) p[r * L + j] = j % 2 === 1 ? base : random();
      }
      const probs = tf.tensor2d(p, [n, L]);
      const bce = tf.tensor2d(Float32Array.from({ length: n * L }, () => random()), [n, L]);
      const before = rt.ctx.readbacks.snapshot();
      await selector.observe(indices, probs, bce);
      stepReadbacks.push(rt.ctx.readbacks.since(before).total);
      batches.push(Array.from(await indices.data()));
      tf.dispose([indices, probs, bce]);
    }
    seen.push(batches);
    await selector.endEpoch(epoch);
    await rt.ctx.sync();
    await onEpoch?.(epoch);
  }
  return seen;
}

describe('UBS twin on hand-worked cases', () => {
  it('quantises E into bins of width 0.2 (levels 0.1 .. 0.9)', () => {
    // 0.2 * 5 = 1 exactly in f32 -> bin 1; 0.199 -> 0; 0.99 -> 4; 1 -> 5 clamped to 4.
    expect(Array.from(quantizeReference(Float32Array.of(0, 0.199, 0.2, 0.39, 0.41, 0.6, 0.79, 0.99, 1)))).toEqual([0, 0, 1, 1, 2, 3, 3, 4, 4]);
  });

  it('mutual information: ln 5 for a column with itself, 0 for independent columns, normalised rows', () => {
    // Column 0: bins 0..4 twice; column 1 = column 0 (perfectly dependent); columns 2 and 3: the
    // balanced 2 x 2 design (0,0), (0,1), (1,0), (1,1), repeated: independent.
    const rows = 10;
    const c0 = [0, 1, 2, 3, 4, 0, 1, 2, 3, 4];
    const c2 = [0, 0, 1, 1, 0, 0, 1, 1, 0, 0];
    const c3 = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1];
    const bins = Uint8Array.from({ length: rows * 4 }, (_, e) => [c0, c0, c2, c3][e % 4]![Math.floor(e / 4)]!);
    const mi = mutualInformationReference(bins, rows, 4);
    expect(mi[0 * 4 + 1]).toBeCloseTo(Math.log(5), 12); // I(X; X) = H(X) = ln 5 for 5 equally likely bins
    expect(mi[0 * 4 + 0]).toBeCloseTo(Math.log(5), 12);
    // c2 has 6 zeros and 4 ones, c3 5 and 5; the joint counts 3, 3, 2, 2 are the products of
    // the marginals / N (6*5/10 = 3, 4*5/10 = 2): independent, MI 0.
    expect(Math.abs(mi[2 * 4 + 3]!)).toBeLessThan(1e-15);
    const { corr, weights } = normalizeCorrelationReference(mi, 4);
    expect(corr[0 * 4 + 1]).toBeCloseTo(1, 12); // dependent: normalised MI 1
    expect(corr[2 * 4 + 3]).toBeCloseTo(0, 12); // independent: 0
    expect(corr[2 * 4 + 2]).toBe(1); // diagonal 1
    expect(Array.from(corr)).toEqual(Array.from(corr).map((v) => Math.min(1, v))); // rows divided by their max
    expect(weights[0]).toBeCloseTo(corr[0]! + corr[1]! + corr[2]! + corr[3]!, 12);
  });

  it('a worked 3-label example: bins -> I -> c -> w -> q -> pi', () => {
    // E rows: two instances near 0 on labels 0 and 1, two near 0.45; label 2 constant 0.95.
    const E = Float32Array.of(0.05, 0.05, 0.95, 0.05, 0.05, 0.95, 0.45, 0.45, 0.95, 0.45, 0.45, 0.95);
    const config = resolveUbsConfig();
    const d = ubsEpochReference(E, 4, 3, config, 10);
    expect(Array.from(d.bins)).toEqual([0, 0, 4, 0, 0, 4, 2, 2, 4, 2, 2, 4]);
    // Columns 0 and 1 are [0, 0, 2, 2]: H = ln 2 and I_01 = ln 2; column 2 is constant: H = 0.
    expect(d.mutualInformation[1]).toBeCloseTo(Math.log(2), 12);
    expect(d.mutualInformation[2]).toBe(0);
    // Rows / max: row 0 = row 1 = [1, 1, 0] (c = 2); row 2 has max 0: [0, 0, 1] (c = 1).
    expect(Array.from(d.correlation)).toEqual([1, 1, 0, 1, 1, 0, 0, 0, 1]);
    expect(Array.from(d.labelWeights)).toEqual([2, 2, 1]);
    // w = 0.1*2 + 0.1*2 + 0.9*1 = 1.3 for the first two, 0.5*2 + 0.5*2 + 0.9 = 2.9 for the others.
    expect(Array.from(d.scores, (s) => Number(s.toFixed(6)))).toEqual([1.3, 1.3, 2.9, 2.9]);
    // Value sampler (N = 4, s(10) = 8): u = [0, 0, 1, 1], q = ceil((1 - u) 4) = [4, 4, 1, 1] (0 -> 1).
    const w = [4, 4, 1, 1].map((q) => 8 ** (-q / 4));
    const total = w.reduce((a, b) => a + b, 0);
    Array.from(d.pi).forEach((p, i) => expect(p).toBeCloseTo(w[i]! / total, 6));
    expect(d.correlationUsed).toBe(true);
    // Without the correlation (released) every c_j is the same: only the levels count.
    const released = ubsEpochReference(E, 4, 3, resolveUbsConfig({ variant: 'released' }), 10);
    expect(Array.from(released.labelWeights)).toEqual([3, 3, 3]);
    expect(released.correlationUsed).toBe(false);
  });

  it("pressure: 'paper' decays 8 -> 1 over epochs 10..100, 'released' rises 1 -> 8 (the swapped arguments)", () => {
    const paper = resolveUbsConfig();
    const released = resolveUbsConfig({ variant: 'released' });
    expect([10, 55, 100].map((e) => ubsPressure(paper, e))).toEqual([8, expect.closeTo(Math.sqrt(8), 10), expect.closeTo(1, 12)]);
    expect([10, 55, 100].map((e) => ubsPressure(released, e))).toEqual([1, expect.closeTo(Math.sqrt(8), 10), expect.closeTo(8, 12)]);
    expect(ubsUsesCorrelation(paper, 4)).toBe(false);
    expect(ubsUsesCorrelation(paper, 5)).toBe(true);
    expect(ubsUsesCorrelation(released, 50)).toBe(false);
  });
});

describe('UBS on the GPU against its twin', () => {
  it.each([
    { N: 200, L: 9, B: 32, seed: 1 },
    { N: 130, L: 70, B: 16, seed: 2 },
  ])('agrees stage by stage on random states: %o', async ({ N, L, B, seed }) => {
    const rt = runtime();
    const data = trainingSet(N, L, seed);
    const selector = new UbsSelector(rt, { config: { warmupEpochs: 1, correlationStart: 0 } });
    await selector.initialize({ data, batchSize: B, epochs: 30, seed });
    const twin = createState(N, L);
    const random = seededRandom(seed);
    const readbacks = rt.ctx.readbacks.snapshot();
    for (let step = 0; step < 12; step++) {
      const rows = Int32Array.from({ length: N }, (_, i) => i).sort(() => random() - 0.5).slice(0, B);
      const p = Float32Array.from({ length: B * L }, () => random());
      const l = Float32Array.from({ length: B * L }, () => random());
      const [ti, tp, tb] = [tf.tensor1d(rows, 'int32'), tf.tensor2d(p, [B, L]), tf.tensor2d(l, [B, L])];
      selector.observe(ti, tp, tb);
      tf.dispose([ti, tp, tb]);
      observeStep(twin, rows, p, l);
    }
    expect(rt.ctx.readbacks.since(readbacks).total).toBe(0);
    selector.endEpoch(0);
    const gpu = await selector.state();
    // E: D2ACE's observe (16-bit history) against its f32 twin.
    let maxE = 0;
    for (let k = 0; k < N * L; k++) maxE = Math.max(maxE, Math.abs(gpu['uncertainty']![k]! - twin.E[k]!));
    expect(maxE).toBeLessThan(5e-5);
    // Each stage against the twin on the GPU's own input to it.
    expect(Array.from(gpu['bins']!)).toEqual(Array.from(quantizeReference(gpu['uncertainty']!)));
    const mi = mutualInformationReference(gpu['bins']!, N, L);
    let maxMi = 0;
    for (let k = 0; k < L * L; k++) maxMi = Math.max(maxMi, Math.abs(gpu['mutualInformation']![k]! - mi[k]!));
    // f32 logarithms and sums of N terms: within 1e-5 nats (the MI here is at most ln 5 = 1.6).
    expect(maxMi).toBeLessThan(1e-5);
    const { corr, weights } = normalizeCorrelationReference(gpu['mutualInformation']!, L);
    for (let j = 0; j < L; j++) expect(gpu['correlation']![j * L + j]).toBe(1);
    let maxCorr = 0;
    for (let k = 0; k < L * L; k++) maxCorr = Math.max(maxCorr, Math.abs(gpu['correlation']![k]! - corr[k]!));
    expect(maxCorr).toBeLessThan(1e-6);
    Array.from(gpu['labelWeights']!).forEach((c, j) => expect(Math.abs(c - weights[j]!) / weights[j]!).toBeLessThan(1e-5));
    expect(Array.from(gpu['scores']!)).toEqual(Array.from(ubsScoresReference(gpu['bins']!, gpu['labelWeights']!, N, L)));
    // pi from the GPU's scores, and the batches from the GPU's pi.
    const { pi } = normalizeLogWeightsReference(valueLogWeightsReference(gpu['scores']!, 8, true));
    Array.from(gpu['pi']!).forEach((p, i) => expect(Math.abs(p - pi[i]!) / pi[i]!).toBeLessThan(1e-5));
    const logPi = Float32Array.from(gpu['pi']!, Math.log);
    for (let g = 0; g < selector.batchesPerEpoch(); g++) {
      const t = selector.nextBatch();
      expect(Array.from(await t.data())).toEqual(Array.from(sampleBatchReference(logPi, B, seed, 1, g)));
      t.dispose();
    }
    selector.dispose();
    tf.dispose([data.x, data.y]);
  });

  it("corel5k's 374 labels run within the default limits (the MI has 70,125 pairs)", async () => {
    const rt = runtime();
    const N = 40;
    const L = 374;
    const data = trainingSet(N, L, 5);
    const selector = new UbsSelector(rt, { config: { warmupEpochs: 1, correlationStart: 0 } });
    await selector.initialize({ data, batchSize: 8, epochs: 3, seed: 1 });
    await drive(rt, selector, L, 1);
    const state = await selector.state();
    const mi = state['mutualInformation']!;
    const reference = mutualInformationReference(state['bins']!, N, L);
    let worst = 0;
    for (let k = 0; k < L * L; k++) worst = Math.max(worst, Math.abs(mi[k]! - reference[k]!));
    expect(worst).toBeLessThan(1e-5);
    expect(mi[5 * L + 300]).toBe(mi[300 * L + 5]);
    selector.dispose();
    tf.dispose([data.x, data.y]);
  });
});

describe('UBS selectors (GPU and twin) driven like the trainer', () => {
  const N = 120;
  const L = 6;
  const B = 32;

  it('draw the same batches; the GPU reads nothing back per step and keeps tensors and buffers flat', async () => {
    const rt = runtime();
    const data = trainingSet(N, L);
    const run = async (selector: BatchSelector) => {
      await selector.initialize({ data, batchSize: B, epochs: 8, seed: 5 });
      const tensors: number[] = [];
      const buffers: number[] = [];
      const steps: number[] = [];
      const seen = await drive(
        rt,
        selector,
        L,
        6,
        async () => {
          tensors.push(tf.memory().numTensors);
          buffers.push(rt.ctx.buffers.liveCount);
        },
        steps,
      );
      const readbacks = steps.reduce((a, b) => a + b, 0);
      const inspection = await selector.inspect!();
      selector.dispose();
      return { seen, tensors, buffers, readbacks, inspection };
    };
    const config = { warmupEpochs: 2, correlationStart: 2 };
    const gpu = await run(new UbsSelector(rt, { config }));
    const cpu = await run(new UbsTwinSelector({ config }));
    expect(cpu.seen.slice(0, 2)).toEqual(gpu.seen.slice(0, 2));
    const pairs = gpu.seen.slice(2).flatMap((epoch, e) => epoch.map((batch, b) => [batch, cpu.seen[e + 2]![b]!] as const));
    expect(pairs.filter(([g, c]) => g.join() === c.join()).length / pairs.length).toBeGreaterThanOrEqual(0.9);
    expect(gpu.readbacks).toBe(0);
    expect(new Set(gpu.tensors.slice(2)).size).toBe(1);
    expect(new Set(gpu.buffers).size).toBe(1);
    expect(gpu.inspection).toMatchObject({ method: 'ubs', phase: 'selection', variant: 'paper', correlationSource: 'mutual information', correlationUsed: true, fallback: false });
    // Odd labels follow label 0's probability, so their uncertainty columns are dependent.
    const corr = gpu.inspection['correlation'] as { meanOffDiagonal: number; maxOffDiagonal: number };
    expect(corr.maxOffDiagonal).toBeGreaterThan(corr.meanOffDiagonal);
    tf.dispose([data.x, data.y]);
  });

  it("variant 'released': no MI kernels, all-ones correlation, rising pressure; GPU and twin draw identical batches", async () => {
    const rt = runtime();
    const data = trainingSet(N, L);
    const run = async (selector: BatchSelector) => {
      await selector.initialize({ data, batchSize: B, epochs: 8, seed: 5 });
      const seen = await drive(rt, selector, L, 5);
      const inspection = await selector.inspect!();
      selector.dispose();
      return { seen, inspection };
    };
    const config = { variant: 'released' as const, warmupEpochs: 2, pressureDecayStart: 2, pressureDecayEnd: 8 };
    const gpu = await run(new UbsSelector(rt, { config }));
    const cpu = await run(new UbsTwinSelector({ config }));
    // All c_j equal: the scores are f32 sums of levels on both sides, so the batches match exactly.
    expect(cpu.seen).toEqual(gpu.seen);
    expect(gpu.inspection).toMatchObject({ variant: 'released', correlationSource: 'all ones', correlationUsed: false, correlation: { meanOffDiagonal: 1, maxOffDiagonal: 1 } });
    // s(5) = 1 * 8^((5 - 2) / 6) = 8^0.5.
    expect(gpu.inspection['pressure']).toBeCloseTo(Math.sqrt(8), 10);
    tf.dispose([data.x, data.y]);
  });
});

describe('UBS configuration', () => {
  it('has the documented defaults and options', () => {
    expect(ubsMethod.defaults).toEqual({ variant: 'paper', warmupEpochs: 10, correlationStart: 5, pressureStart: 8, pressureEnd: 1, pressureDecayStart: 10, pressureDecayEnd: 100 });
    expect(ubsMethod.options.find((o) => o.key === 'variant')!.choices).toEqual(['paper', 'released']);
  });

  it('rejects bad settings with one clear error', () => {
    expect(() => resolveUbsConfig({ variant: 'github' })).toThrow(`invalid ubs configuration: variant must be 'paper' or 'released', got "github"`);
    expect(() => resolveUbsConfig({ pressureDecayStart: 50, pressureDecayEnd: 20 })).toThrow('invalid ubs configuration: pressureDecayEnd (20) must not be before pressureDecayStart (50)');
    expect(() => ubsMethod.resolve({ correlationStart: -1, pressureStart: 0.5 })).toThrow('invalid ubs configuration: correlationStart must be an integer >= 0, got -1; pressureStart must be a number >= 1, got 0.5');
  });
});
