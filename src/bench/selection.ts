/**
 * D2ACE selection costs, GPU kernels against the TypeScript twin in the same run: per-step
 * observe, per-batch sampling, the per-epoch update, the one-off kNN + local context; and the
 * selection overhead as a share of a training epoch (D2ACE vs uniform) with MLP and CLIF.
 */
import * as tf from '@tensorflow/tfjs';
import { readBuffer } from '../gpu/buffers';
import type { GpuRuntime } from '../gpu/runtime';
import { createBackbone, DEFAULT_BACKBONE_CONFIG, type BackboneKind } from '../models';
import { GpuD2aceSelector } from '../selection/d2ace/gpu-selector';
import { sampleKernel } from '../selection/d2ace/kernels';
import { createState, epochDetails, knnReference, localContext, observeStep } from '../selection/d2ace/reference';
import { sampleBatchReference } from '../selection/d2ace/sampling-reference';
import type { BatchSelector } from '../selection/selector';
import { UniformSelector } from '../selection/uniform';
import { AdamL2, DEFAULT_OPTIMIZER_CONFIG } from '../train/optimizer';
import { trainEpoch } from '../train/epoch';
import { seededRandom } from '../util/random';

/** Training-set shapes (after the official split and a 10% validation holdout where one exists). */
export const SELECTION_SHAPES = {
  yeast: { instances: 1350, features: 103, labels: 14 },
  corel5k: { instances: 4050, features: 499, labels: 374 },
  delicious: { instances: 11628, features: 500, labels: 983 },
  mediamill: { instances: 43907, features: 120, labels: 101 },
} as const;
export type SelectionShape = keyof typeof SELECTION_SHAPES;

export interface SelectionBenchOptions {
  shapes: SelectionShape[];
  batch: number;
  observeSteps: number;
  /** kNN is O(N^2 d): measured on at most this many rows (both sides equally). */
  knnRows: number;
  /** Skip the twin where a shape's N x L exceeds this (it is O(N L^2) per epoch in JS). */
  twinMaxEntries: number;
  overheadModels: BackboneKind[];
  overheadHidden: number;
}

export const DEFAULT_SELECTION_BENCH: SelectionBenchOptions = {
  shapes: ['yeast', 'corel5k'],
  batch: 128,
  observeSteps: 20,
  knnRows: 2000,
  twinMaxEntries: 20_000_000,
  overheadModels: ['mlp', 'clif'],
  overheadHidden: 64,
};

async function timed(rt: GpuRuntime, work: () => unknown, repeat = 1): Promise<number> {
  await rt.ctx.sync();
  const start = performance.now();
  for (let r = 0; r < repeat; r++) {
    const result = work();
    if (result instanceof Promise) await result;
  }
  await rt.ctx.sync();
  return (performance.now() - start) / repeat;
}

function cpuTimed(work: () => void, repeat = 1): number {
  const start = performance.now();
  for (let r = 0; r < repeat; r++) work();
  return (performance.now() - start) / repeat;
}

function randomTraining(n: number, d: number, L: number, seed: number) {
  const random = seededRandom(seed);
  const X = Float32Array.from({ length: n * d }, () => random());
  const Y = Uint8Array.from({ length: n * L }, () => (random() < Math.min(0.3, 4 / L) ? 1 : 0));
  return { X, Y, random };
}

export interface SelectionBenchRow {
  shape: SelectionShape;
  instances: number;
  features: number;
  labels: number;
  batch: number;
  observeMsPerStep: { gpu: number; twin: number | null };
  samplingMsPerBatch: { gpu: number; twin: number | null };
  /** Distribution plus all of the epoch's batches (the twin's sampling scaled from 8 batches). */
  epochUpdateMs: { gpu: number; twin: number | null };
  knn: { rows: number; gpuMs: number; twinMs: number | null };
  dispatchesPerObserve: number;
  readbacksPerStep: number;
}

export async function benchmarkSelection(rt: GpuRuntime, options: SelectionBenchOptions): Promise<SelectionBenchRow[]> {
  const rows: SelectionBenchRow[] = [];
  for (const shape of options.shapes) {
    const { instances: N, features: d, labels: L } = SELECTION_SHAPES[shape];
    const B = options.batch;
    const withTwin = N * L <= options.twinMaxEntries;
    const { X, Y, random } = randomTraining(N, d, L, 1);
    const x = tf.tensor2d(X, [N, d]);
    const y = tf.tensor2d(Float32Array.from(Y), [N, L]);
    const nb = Math.ceil(N / B);

    // kNN + Z on a subsample (one-off cost).
    const knnN = Math.min(N, options.knnRows);
    const xs = tf.slice(x, [0, 0], [knnN, d]) as tf.Tensor2D;
    const ys = tf.slice(y, [0, 0], [knnN, L]) as tf.Tensor2D;
    const knnSelector = new GpuD2aceSelector(rt, { config: { warmupEpochs: 1 } });
    await knnSelector.initialize({ data: { x: xs, y: ys, numInstances: knnN, numLabels: L }, batchSize: Math.min(B, knnN), epochs: 10, seed: 1 }); // compiles
    knnSelector.dispose();
    const knnGpu = await timed(rt, async () => {
      const s = new GpuD2aceSelector(rt, { config: { warmupEpochs: 1 } });
      await s.initialize({ data: { x: xs, y: ys, numInstances: knnN, numLabels: L }, batchSize: Math.min(B, knnN), epochs: 10, seed: 1 });
      await rt.ctx.sync();
      s.dispose();
    });
    const knnTwin = withTwin ? cpuTimed(() => localContext(knnReference(X.subarray(0, knnN * d), knnN, d, 6), Y.subarray(0, knnN * L), knnN, L)) : null;
    tf.dispose([xs, ys]);

    // The full-size selector, with its (subsampled-cost) kNN already measured above.
    const selector = new GpuD2aceSelector(rt, { config: { warmupEpochs: 1, neighbors: 0 } });
    await selector.initialize({ data: { x, y, numInstances: N, numLabels: L }, batchSize: B, epochs: 100, seed: 1 });
    const state = withTwin ? createState(N, L) : undefined;
    const batchData = Array.from({ length: options.observeSteps }, (_, s) => {
      const indices = Int32Array.from({ length: B }, (_, k) => (s * B + k) % N);
      return { indices, probs: Float32Array.from({ length: B * L }, () => random()), bce: Float32Array.from({ length: B * L }, () => 2 * random()) };
    });
    const tensors = batchData.map((b) => ({ i: tf.tensor1d(b.indices, 'int32'), p: tf.tensor2d(b.probs, [B, L]), l: tf.tensor2d(b.bce, [B, L]) }));
    const dispatches = rt.kernels.dispatchCount;
    const readbacks = rt.ctx.readbacks.snapshot();
    const observeGpu = (await timed(rt, () => tensors.forEach((t) => selector.observe(t.i, t.p, t.l)))) / options.observeSteps;
    const dispatchesPerObserve = (rt.kernels.dispatchCount - dispatches) / options.observeSteps;
    const readbacksPerStep = rt.ctx.readbacks.since(readbacks).total / options.observeSteps;
    const observeTwin = state ? cpuTimed(() => batchData.forEach((b) => observeStep(state, b.indices, b.probs, b.bce))) / options.observeSteps : null;
    tf.dispose(tensors.flatMap((t) => [t.i, t.p, t.l]));

    const epochGpu = await timed(rt, () => selector.endEpoch(0));
    const gpuState = await selector.readState();
    const Z = new Uint8Array(N * L); // neighbours 0: Z = Y, identical on both sides
    Z.set(Y);
    const epochTwin = state ? cpuTimed(() => epochDetails({ E: gpuState.uncertainty, loss: gpuState.loss, F: gpuState.flips, Y, Z, N, L, epoch: 1, epochs: 100 })) : null;

    // Sampling alone: all batches of an epoch in one dispatch, per batch.
    const logPi = Float32Array.from(gpuState.pi, (p) => Math.log(p));
    const input = rt.ctx.buffers.createWithData('bench-log-pi', logPi);
    const out = rt.ctx.buffers.createStorage('bench-batches', nb * B * 4);
    const sampleGpu = (await timed(rt, () => rt.kernels.dispatch(sampleKernel, { buffers: { log_pi: input, out }, params: { rows: N, batch: B, seed: 1, epoch: 1, first_batch: 0, batches: nb } }), 3)) / nb;
    await readBuffer(rt.ctx, out, { size: 4 });
    rt.ctx.buffers.destroy(input);
    rt.ctx.buffers.destroy(out);
    const twinBatches = Math.min(nb, 8);
    const sampleTwin = withTwin ? cpuTimed(() => { for (let g = 0; g < twinBatches; g++) sampleBatchReference(logPi, B, 1, 1, g); }) / twinBatches : null;

    selector.dispose();
    tf.dispose([x, y]);
    rows.push({
      shape,
      instances: N,
      features: d,
      labels: L,
      batch: B,
      observeMsPerStep: { gpu: round(observeGpu), twin: roundOrNull(observeTwin) },
      samplingMsPerBatch: { gpu: round(sampleGpu), twin: roundOrNull(sampleTwin) },
      epochUpdateMs: { gpu: round(epochGpu), twin: roundOrNull(epochTwin === null || sampleTwin === null ? null : epochTwin + nb * sampleTwin) },
      knn: { rows: knnN, gpuMs: round(knnGpu), twinMs: roundOrNull(knnTwin) },
      dispatchesPerObserve,
      readbacksPerStep,
    });
  }
  return rows;
}

const round = (v: number) => +v.toFixed(3);
const roundOrNull = (v: number | null) => (v === null ? null : round(v));

export interface OverheadRow {
  model: BackboneKind;
  hidden: number | number[];
  epochMs: { uniform: number; d2ace: number };
  /** (D2ACE epoch - uniform epoch) / D2ACE epoch. */
  selectionShare: number;
}

/** Selection overhead on the yeast shape: a D2ACE selection epoch against a uniform epoch. */
export async function benchmarkOverhead(rt: GpuRuntime, options: SelectionBenchOptions): Promise<OverheadRow[]> {
  const { instances: N, features: d, labels: L } = SELECTION_SHAPES.yeast;
  const { X, Y } = randomTraining(N, d, L, 2);
  const x = tf.tensor2d(X, [N, d]);
  const y = tf.tensor2d(Float32Array.from(Y), [N, L]);
  const rows: OverheadRow[] = [];
  for (const kind of options.overheadModels) {
    const epochMs: Record<string, number> = {};
    for (const method of ['uniform', 'd2ace'] as const) {
      const model = createBackbone(kind, d, L, { hidden: options.overheadHidden }, 0);
      const optimizer = new AdamL2(DEFAULT_OPTIMIZER_CONFIG);
      const selector: BatchSelector = method === 'uniform' ? new UniformSelector() : new GpuD2aceSelector(rt, { config: { warmupEpochs: 1 } });
      await selector.initialize({ data: { x, y, numInstances: N, numLabels: L }, batchSize: options.batch, epochs: 10, seed: 0 });
      let step = 0;
      const epoch = async (e: number) => {
        const out = await trainEpoch({ model, optimizer, selector, x, y, firstStep: step }, e);
        await selector.endEpoch(e);
        step += out.steps;
        out.lossSum.dispose();
      };
      await epoch(0); // warm-up epoch: compiles every pipeline, builds the first distribution
      epochMs[method] = await timed(rt, () => epoch(1));
      selector.dispose();
      optimizer.dispose();
      model.dispose();
    }
    rows.push({
      model: kind,
      hidden: kind === 'clif' ? options.overheadHidden : DEFAULT_BACKBONE_CONFIG.mlpWidths,
      epochMs: { uniform: round(epochMs['uniform']!), d2ace: round(epochMs['d2ace']!) },
      selectionShare: round((epochMs['d2ace']! - epochMs['uniform']!) / epochMs['d2ace']!),
    });
  }
  tf.dispose([x, y]);
  return rows;
}
