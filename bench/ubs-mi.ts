/**
 * Per-epoch cost of UBS's label correlation (quantise E, the mutual information of every label
 * pair, the row normalisation) on the GPU against the TypeScript twin, at the yeast and corel5k
 * training shapes, measured in the same run by the wall clock (GPU: submission until the queue
 * is idle). Prints JSON.
 *   node --import ./src/node/register.mjs bench/ubs-mi.ts [--shapes yeast,corel5k] [--repeats 5] [--twin-repeats 1]
 */
import { parseArgs } from 'node:util';
import { doctorReport } from '../src/gpu/doctor';
import { createGpuRuntime } from '../src/gpu/runtime';
import { SELECTION_SHAPES, type SelectionShape } from '../src/bench/selection';
import { ubsMutualInformationKernel, ubsNormalizeCorrelationKernel, ubsQuantizeKernel } from '../src/selection/ubs/kernels';
import { mutualInformationReference, normalizeCorrelationReference, quantizeReference } from '../src/selection/ubs/reference';
import { seededRandom } from '../src/util/random';

const { values } = parseArgs({ options: { shapes: { type: 'string', default: 'yeast,corel5k' }, repeats: { type: 'string', default: '5' }, 'twin-repeats': { type: 'string', default: '1' } } });
const repeats = Number(values.repeats);
const twinRepeats = Number(values['twin-repeats']);
const rt = await createGpuRuntime();
const rows = [];
try {
  await Promise.all([ubsQuantizeKernel, ubsMutualInformationKernel, ubsNormalizeCorrelationKernel].map((k) => rt.kernels.load(k)));
  for (const shape of values.shapes.split(',') as SelectionShape[]) {
    const { instances: N, labels: L } = SELECTION_SHAPES[shape];
    const random = seededRandom(1);
    const E = Float32Array.from({ length: N * L }, () => random());
    const buffers = rt.ctx.buffers;
    const uncert = buffers.createWithData('bench-uncert', E);
    const bins = buffers.createStorage('bench-bins', N * L * 4);
    const mi = buffers.createStorage('bench-mi', L * L * 4);
    const corr = buffers.createStorage('bench-corr', L * L * 4);
    const weights = buffers.createStorage('bench-weights', L * 4);
    const gpuEpoch = async () => {
      const batch = rt.kernels.batch('bench-ubs');
      batch.dispatch(ubsQuantizeKernel, { buffers: { uncert, bins }, params: { entries: N * L } });
      batch.dispatch(ubsMutualInformationKernel, { buffers: { bins, mi }, params: { rows: N, labels: L } });
      batch.dispatch(ubsNormalizeCorrelationKernel, { buffers: { mi, corr, weights }, params: { labels: L } });
      batch.submit();
      await rt.ctx.sync();
    };
    await gpuEpoch(); // first use: pipelines and bind groups
    const gpuMs: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const start = performance.now();
      await gpuEpoch();
      gpuMs.push(performance.now() - start);
    }
    const twinMs: number[] = [];
    for (let r = 0; r < twinRepeats; r++) {
      const start = performance.now();
      const b = quantizeReference(E);
      normalizeCorrelationReference(mutualInformationReference(b, N, L), L);
      twinMs.push(performance.now() - start);
    }
    for (const b of [uncert, bins, mi, corr, weights]) buffers.destroy(b);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    rows.push({ shape, instances: N, labels: L, pairs: (L * (L + 1)) / 2, gpuMs: median(gpuMs), twinMs: median(twinMs), twinOverGpu: median(twinMs) / median(gpuMs), gpuRepeats: repeats, twinRepeats });
  }
  const environment = await doctorReport(rt);
  console.log(JSON.stringify({ benchmark: 'ubs mutual information per epoch', runtime: environment.runtime, adapter: environment.adapter, rows }, null, 2));
} finally {
  rt.dispose();
}
