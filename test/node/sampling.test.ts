import { describe, expect, it } from 'vitest';
import { readBuffer } from '../../src/gpu/buffers';
import { normalizeLogWeightsKernel, rankWeightsKernel, sampleEpochKernel as sampleKernel, valueWeightsKernel } from '../../src/selection/sampling/kernels';
import {
  drawModeCode,
  inclusionProbabilities,
  normalizeLogWeightsReference,
  rankLogWeightsReference,
  sampleBatchReference,
  sampleEpochReference,
  valueLogWeightsReference,
  type DrawMode,
} from '../../src/selection/sampling/reference';
import { decayingPressure } from '../../src/selection/sampling/schedule';
import { seededRandom } from '../../src/util/random';
import { useGpuRuntime } from './runtime';

const runtime = useGpuRuntime();

/** Runs the sampling kernel for `batches` batches and returns them (batches x batch). */
async function sampleOnGpu(logPi: Float32Array, batch: number, batches: number, seed: number, epoch: number, workgroup = 256, mode: DrawMode = 'independent'): Promise<Int32Array> {
  const rt = runtime();
  const constants = { WG: workgroup };
  await rt.kernels.load(sampleKernel, constants);
  const input = rt.ctx.buffers.createWithData('test-log-pi', logPi);
  const out = rt.ctx.buffers.createStorage('test-batches', batches * batch * 4);
  rt.kernels.dispatch(sampleKernel, {
    buffers: { log_pi: input, out },
    params: { rows: logPi.length, batch, seed, epoch, first_batch: 0, batches, mode: drawModeCode(mode) },
    constants,
  });
  const result = new Int32Array(await readBuffer(rt.ctx, out));
  rt.ctx.buffers.destroy(input);
  rt.ctx.buffers.destroy(out);
  await rt.ctx.sync();
  return result;
}

function randomLogPi(n: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const w = Array.from({ length: n }, () => Math.exp(3 * random()));
  const total = w.reduce((a, b) => a + b, 0);
  return Float32Array.from(w, (v) => Math.log(v / total));
}

describe('GPU batch sampling (Gumbel top-B)', () => {
  it('draws B distinct valid indices per batch, in increasing order, equal to the TypeScript twin', async () => {
    for (const [n, batch] of [
      [1000, 128],
      [257, 1],
      [300, 300],
      [5000, 64],
    ] as const) {
      const logPi = randomLogPi(n, n);
      const batches = 6;
      const gpu = await sampleOnGpu(logPi, batch, batches, 42, 3);
      for (let g = 0; g < batches; g++) {
        const row = gpu.subarray(g * batch, (g + 1) * batch);
        expect(new Set(row).size).toBe(batch);
        expect(row.every((i) => i >= 0 && i < n)).toBe(true);
        expect(Array.from(row)).toEqual(Array.from(row).sort((a, b) => a - b));
        expect(Array.from(row)).toEqual(Array.from(sampleBatchReference(logPi, batch, 42, 3, g)));
      }
    }
  });

  it('is reproducible for (seed, epoch, batch) and changes with each of them', async () => {
    const logPi = randomLogPi(500, 1);
    const a = await sampleOnGpu(logPi, 50, 2, 7, 11);
    const b = await sampleOnGpu(logPi, 50, 2, 7, 11);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a.subarray(0, 50))).not.toEqual(Array.from(a.subarray(50)));
    expect(Array.from(await sampleOnGpu(logPi, 50, 2, 8, 11))).not.toEqual(Array.from(a));
    expect(Array.from(await sampleOnGpu(logPi, 50, 2, 7, 12))).not.toEqual(Array.from(a));
  });

  it('matches the inclusion probabilities of successive sampling without replacement', async () => {
    const p = [0.3, 0.25, 0.2, 0.1, 0.1, 0.05];
    const size = 2;
    const draws = 8000;
    // Small workgroups for six items: also checks the kernel at a workgroup size other than 256.
    const gpu = await sampleOnGpu(Float32Array.from(p, Math.log), size, draws, 2024, 0, 32);
    const counts = new Array<number>(p.length).fill(0);
    for (const i of gpu) counts[i]!++;
    const exact = inclusionProbabilities(p, size);
    // Hand check of the law for item 0: 0.3 + sum_j p_j * 0.3 / (1 - p_j) over j != 0.
    const item0 = 0.3 + p.slice(1).reduce((s, pj) => s + (pj * 0.3) / (1 - pj), 0);
    expect(exact[0]).toBeCloseTo(item0, 12);
    expect(exact.reduce((a, b) => a + b, 0)).toBeCloseTo(size, 12);
    exact.forEach((q, i) => {
      const frequency = counts[i]! / draws;
      const se = Math.sqrt((q * (1 - q)) / draws);
      expect(Math.abs(frequency - q), `item ${i}: ${frequency} vs ${q}`).toBeLessThan(4.5 * se);
    });
  });
});

/** Share of the n instances an epoch's batches reach. */
function coverage(batches: Int32Array, n: number): number {
  return new Set(batches).size / n;
}

describe("draw: 'epoch' (one weighted permutation per epoch)", () => {
  it('cuts one weighted permutation into batches, completes the last from its start, equals the twin', async () => {
    for (const [n, batch, workgroup] of [
      [1000, 32, 256],
      [257, 64, 256],
      [300, 300, 64],
      [130, 7, 32],
    ] as const) {
      const logPi = randomLogPi(n, n + 1);
      const batches = Math.ceil(n / batch);
      const gpu = await sampleOnGpu(logPi, batch, batches, 9, 4, workgroup, 'epoch');
      expect(Array.from(gpu), `n ${n}, B ${batch}`).toEqual(Array.from(sampleEpochReference(logPi, batch, 9, 4, batches, 'epoch')));
      const counts = new Array<number>(n).fill(0);
      for (let g = 0; g < batches; g++) {
        const row = Array.from(gpu.subarray(g * batch, (g + 1) * batch));
        expect(new Set(row).size).toBe(batch);
        expect(row).toEqual([...row].sort((a, b) => a - b));
        for (const i of row) counts[i]!++;
      }
      // Every instance once; the B - (N mod B) completing the last batch twice.
      const extra = batches * batch - n;
      expect(counts.every((c) => c === 1 || c === 2)).toBe(true);
      expect(counts.filter((c) => c === 2)).toHaveLength(extra);
      // Batch 0 is the independent draw's batch 0: the same law, the same sample.
      expect(Array.from(gpu.subarray(0, batch))).toEqual(Array.from(sampleBatchReference(logPi, batch, 9, 4, 0)));
    }
  });

  it('coverage of a uniform distribution: about 1 - (1 - B/N)^(N/B) for independent batches, exactly 100% for one permutation', async () => {
    const n = 1000;
    const batch = 32;
    const batches = Math.ceil(n / batch);
    const uniform = new Float32Array(n).fill(-Math.log(n));
    // An instance misses one batch with probability 1 - B/N, all 32 with (1 - B/N)^32 = 0.353:
    // expected coverage 0.647 (1 - 1/e = 0.632 in the limit of small B/N).
    const expected = 1 - (1 - batch / n) ** batches;
    const epochs = 8;
    let independent = 0;
    for (let e = 0; e < epochs; e++) {
      const drawn = await sampleOnGpu(uniform, batch, batches, 17, e);
      independent += coverage(drawn, n) / epochs;
      expect(coverage(await sampleOnGpu(uniform, batch, batches, 17, e, 256, 'epoch'), n)).toBe(1);
    }
    // The covered count of one epoch has a standard deviation of about 15 instances (1.5%); over 8 epochs about 0.5%.
    expect(Math.abs(independent - expected), `mean coverage ${independent}`).toBeLessThan(0.02);
    expect(Math.abs(independent - (1 - 1 / Math.E))).toBeLessThan(0.035);
  });

  it('a peaked distribution still comes first: the heaviest instances fill the first batches', async () => {
    const n = 400;
    const batch = 40;
    // Instances 0..39 weigh 1000 times the others.
    const w = Array.from({ length: n }, (_, i) => (i < 40 ? 1000 : 1));
    const total = w.reduce((a, b) => a + b, 0);
    const logPi = Float32Array.from(w, (v) => Math.log(v / total));
    const drawn = await sampleOnGpu(logPi, batch, n / batch, 3, 0, 256, 'epoch');
    const heavyInFirst = Array.from(drawn.subarray(0, batch)).filter((i) => i < 40).length;
    const heavyInLast = Array.from(drawn.subarray(n - batch)).filter((i) => i < 40).length;
    expect(heavyInFirst).toBeGreaterThan(30);
    expect(heavyInLast).toBe(0);
    expect(coverage(drawn, n)).toBe(1);
  });
});

/** One of the weight kernels on `scores`, then normalize_log_weights; returns log_w, pi and the flag. */
async function weightsOnGpu(scores: Float32Array, kind: 'rank' | 'value' | 'value-raw', pressure: number) {
  const rt = runtime();
  await Promise.all([rt.kernels.load(rankWeightsKernel), rt.kernels.load(valueWeightsKernel), rt.kernels.load(normalizeLogWeightsKernel)]);
  const n = scores.length;
  const input = rt.ctx.buffers.createWithData('test-scores', scores);
  const [logW, pi, logPi, status] = ['log-w', 'pi', 'log-pi', 'status'].map((l) => rt.ctx.buffers.createStorage(`test-${l}`, l === 'status' ? 4 : n * 4));
  const batch = rt.kernels.batch('test-weights');
  if (kind === 'rank') batch.dispatch(rankWeightsKernel, { buffers: { scores: input, log_w: logW! }, params: { rows: n, log_pressure: Math.log(pressure) } });
  else batch.dispatch(valueWeightsKernel, { buffers: { scores: input, log_w: logW! }, params: { rows: n, log_pressure: Math.log(pressure), normalize: kind === 'value' ? 1 : 0 } });
  batch.dispatch(normalizeLogWeightsKernel, { buffers: { log_w: logW!, pi: pi!, log_pi: logPi!, status: status! }, params: { rows: n } });
  batch.submit();
  const read = async (b: GPUBuffer) => new Float32Array(await readBuffer(rt.ctx, b));
  const out = { logW: await read(logW!), pi: await read(pi!), logPi: await read(logPi!), fallback: new Uint32Array(await readBuffer(rt.ctx, status!))[0] === 1 };
  for (const b of [input, logW!, pi!, logPi!, status!]) rt.ctx.buffers.destroy(b);
  return out;
}

const maxRel = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!) / Math.max(1e-30, Math.abs(b[i]!))), 0);

describe('rank and value samplers (BASELINES) against their twins', () => {
  it('twins match hand-worked cases', () => {
    // Scores 0.5, 2, 2, -1 with s = 16, N = 4: ranks 3, 1, 2 (tie -> lower index first), 4.
    const rank = rankLogWeightsReference([0.5, 2, 2, -1], 16);
    expect(Array.from(rank).map((v) => v / -Math.log(16))).toEqual([3 / 4, 1 / 4, 2 / 4, 4 / 4].map((v) => Math.fround(Math.fround(Math.log(16)) * v * 4) / 4 / Math.log(16)));
    const { pi } = normalizeLogWeightsReference(rank);
    // p_i proportional to 16^(-r/4) = 2^-r: 1/8, 1/2, 1/4, 1/16 normalised by 15/16.
    expect(Array.from(pi).map((p) => +p.toFixed(5))).toEqual([2 / 15, 8 / 15, 4 / 15, 1 / 15].map((p) => +p.toFixed(5)));
    // Value sampler: scores 0, 0.5, 1 (min-max u = same), N = 3: q = ceil((1 - u) 3) clamped to 1..3 = 3, 2, 1.
    const value = valueLogWeightsReference([0, 0.5, 1], 8, true);
    expect(Array.from(value).map((v) => Math.round((v / -Math.log(8)) * 3))).toEqual([3, 2, 1]);
    // Without min-max the score is used as is: u = 0.2 on every row gives q = ceil(0.8 N).
    expect(Array.from(valueLogWeightsReference([0.2, 0.2, 0.2, 0.2, 0.2], 8, false)).map((v) => Math.round((v / -Math.log(8)) * 5))).toEqual([4, 4, 4, 4, 4]);
    // A NaN score: every log-weight NaN, and the distribution falls back to uniform.
    const bad = normalizeLogWeightsReference(valueLogWeightsReference([1, NaN, 0], 8, true));
    expect(bad.fallback).toBe(true);
    expect(Array.from(bad.pi)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it('decaying pressure: s0 before e0, geometric in between, s1 after e1', () => {
    const s = { start: 100, end: 1, from: 10, to: 100 };
    expect(decayingPressure(s, 0)).toBe(100);
    expect(decayingPressure(s, 10)).toBe(100);
    expect(decayingPressure(s, 55)).toBeCloseTo(10, 10);
    expect(decayingPressure(s, 100)).toBeCloseTo(1, 12);
    expect(decayingPressure(s, 150)).toBeCloseTo(1, 12);
  });

  it.each([
    { n: 1, seed: 1, kind: 'rank' },
    { n: 300, seed: 2, kind: 'rank' },
    { n: 1029, seed: 3, kind: 'rank' },
    { n: 300, seed: 4, kind: 'value' },
    { n: 1029, seed: 5, kind: 'value' },
    { n: 777, seed: 6, kind: 'value-raw' },
  ] as const)('GPU equals the twin on random scores: %o', async ({ n, seed, kind }) => {
    const random = seededRandom(seed);
    // Coarse values so ties occur; raw values in [0, 1] for the value sampler without min-max.
    const scores = Float32Array.from({ length: n }, () => (kind === 'value-raw' ? random() : Math.round(random() * 50) / 10 - 2));
    const pressure = 37;
    const gpu = await weightsOnGpu(scores, kind, pressure);
    const logW = kind === 'rank' ? rankLogWeightsReference(scores, pressure) : valueLogWeightsReference(scores, pressure, kind === 'value');
    expect(maxRel(gpu.logW, logW)).toBeLessThan(1e-6);
    const twin = normalizeLogWeightsReference(logW);
    expect(gpu.fallback).toBe(false);
    expect(maxRel(gpu.pi, twin.pi)).toBeLessThan(2e-5);
    expect(gpu.pi.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  });

  it('a non-finite score makes the distribution uniform and raises the flag', async () => {
    for (const kind of ['rank', 'value'] as const) {
      const gpu = await weightsOnGpu(Float32Array.from([0.3, Number.POSITIVE_INFINITY, 0.1, 0.7]), kind, 10);
      expect(gpu.fallback).toBe(true);
      expect(Array.from(gpu.pi)).toEqual([0.25, 0.25, 0.25, 0.25]);
    }
  });
});
