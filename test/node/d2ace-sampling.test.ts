import { describe, expect, it } from 'vitest';
import { readBuffer } from '../../src/gpu/buffers';
import { sampleKernel } from '../../src/selection/d2ace/kernels';
import { inclusionProbabilities, sampleBatchReference } from '../../src/selection/d2ace/sampling-reference';
import { seededRandom } from '../../src/util/random';
import { useGpuRuntime } from './runtime';

const runtime = useGpuRuntime();

/** Runs the sampling kernel for `batches` batches and returns them (batches x batch). */
async function sampleOnGpu(logPi: Float32Array, batch: number, batches: number, seed: number, epoch: number, workgroup = 256): Promise<Int32Array> {
  const rt = runtime();
  const constants = { WG: workgroup };
  await rt.kernels.load(sampleKernel, constants);
  const input = rt.ctx.buffers.createWithData('test-log-pi', logPi);
  const out = rt.ctx.buffers.createStorage('test-batches', batches * batch * 4);
  rt.kernels.dispatch(sampleKernel, {
    buffers: { log_pi: input, out },
    params: { rows: logPi.length, batch, seed, epoch, first_batch: 0, batches },
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
