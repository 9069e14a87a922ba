/**
 * UBS label-correlation benchmark (`d2ace bench ubs-mi`): the per-epoch cost of quantising E,
 * the mutual information of every label pair and the row normalisation, on the GPU against
 * the TypeScript twin, measured in the same run by the wall clock (GPU: submission until the
 * queue is idle). Runs in Node and in the browser on the current adapter; returns plain JSON.
 */
import type { GpuRuntime } from '../gpu/runtime';
import { ubsMutualInformationKernel, ubsNormalizeCorrelationKernel, ubsQuantizeKernel } from '../selection/ubs/kernels';
import { mutualInformationReference, normalizeCorrelationReference, quantizeReference } from '../selection/ubs/reference';
import { seededRandom } from '../util/random';
import { BENCH_SHAPES, type BenchShape } from './shapes';

export interface UbsMiBenchOptions {
  shapes: BenchShape[];
  /** Timed GPU epochs per shape (after one untimed one); the median is reported. */
  repeats: number;
  /** Timed twin epochs per shape; the twin is slow at large L. */
  twinRepeats: number;
}

export const DEFAULT_UBS_MI_BENCH: UbsMiBenchOptions = { shapes: ['yeast', 'corel5k'], repeats: 5, twinRepeats: 1 };

export interface UbsMiRow {
  shape: BenchShape;
  instances: number;
  labels: number;
  pairs: number;
  gpuMs: number;
  twinMs: number;
  twinOverGpu: number;
  gpuRepeats: number;
  twinRepeats: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (v: number) => +v.toFixed(3);

async function timeRepeats(repeats: number, work: () => unknown): Promise<number[]> {
  const ms: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    await work();
    ms.push(performance.now() - start);
  }
  return ms;
}

export async function benchmarkUbsMi(rt: GpuRuntime, options: UbsMiBenchOptions): Promise<UbsMiRow[]> {
  await Promise.all([ubsQuantizeKernel, ubsMutualInformationKernel, ubsNormalizeCorrelationKernel].map((k) => rt.kernels.load(k)));
  const rows: UbsMiRow[] = [];
  for (const shape of options.shapes) {
    const { instances: N, labels: L } = BENCH_SHAPES[shape];
    const random = seededRandom(1);
    const E = Float32Array.from({ length: N * L }, () => random());
    const buffers = rt.ctx.buffers;
    const uncert = buffers.createWithData('bench-uncert', E);
    const bins = buffers.createStorage('bench-bins', N * L * 4);
    const mi = buffers.createStorage('bench-mi', L * L * 4);
    const corr = buffers.createStorage('bench-corr', L * L * 4);
    const weights = buffers.createStorage('bench-weights', L * 4);
    try {
      const gpuEpoch = async () => {
        const batch = rt.kernels.batch('bench-ubs');
        batch.dispatch(ubsQuantizeKernel, { buffers: { uncert, bins }, params: { entries: N * L } });
        batch.dispatch(ubsMutualInformationKernel, { buffers: { bins, mi }, params: { rows: N, labels: L } });
        batch.dispatch(ubsNormalizeCorrelationKernel, { buffers: { mi, corr, weights }, params: { labels: L } });
        batch.submit();
        await rt.ctx.sync();
      };
      await gpuEpoch(); // first use: pipelines and bind groups
      const gpuMs = median(await timeRepeats(options.repeats, gpuEpoch));
      const twinMs = median(await timeRepeats(options.twinRepeats, () => normalizeCorrelationReference(mutualInformationReference(quantizeReference(E), N, L), L)));
      rows.push({ shape, instances: N, labels: L, pairs: (L * (L + 1)) / 2, gpuMs: round(gpuMs), twinMs: round(twinMs), twinOverGpu: round(twinMs / gpuMs), gpuRepeats: options.repeats, twinRepeats: options.twinRepeats });
    } finally {
      for (const b of [uncert, bins, mi, corr, weights]) buffers.destroy(b);
    }
  }
  return rows;
}
