/**
 * Batch-selection benchmark (`d2ace bench selection`): the costs of every registered method,
 * its GPU kernels against its TypeScript twin in the same run: per-step observe, the per-epoch
 * update (distribution plus all of the epoch's batches) and the one-off setup; and each
 * method's selection share of a training epoch against uniform batches, with MLP and CLIF.
 * D2ACE's kNN is measured on a subsample.
 */
import * as tf from '@tensorflow/tfjs';
import type { GpuRuntime } from '../gpu/runtime';
import { createBackbone, DEFAULT_BACKBONE_CONFIG, type BackboneKind } from '../models';
import { GpuD2aceSelector } from '../selection/d2ace/gpu-math';
import { knnReference, localContext } from '../selection/d2ace/reference';
import type { SelectorBackend } from '../selection/method';
import { METHOD_NAMES, selectionMethod } from '../selection/registry';
import type { BatchSelector } from '../selection/selector';
import { AdamL2, DEFAULT_OPTIMIZER_CONFIG } from '../train/optimizer';
import { trainEpoch } from '../train/epoch';
import { seededRandom } from '../util/random';
import { BENCH_SHAPES, type BenchShape } from './shapes';


export interface SelectionBenchOptions {
  shapes: BenchShape[];
  /** Methods to measure (default: every registered method but uniform). */
  methods: string[];
  batch: number;
  observeSteps: number;
  /** D2ACE's kNN is O(N^2 d): measured on at most this many rows (both sides equally). */
  knnRows: number;
  /** Skip the twin where a shape's N x L exceeds this. */
  twinMaxEntries: number;
  overheadModels: BackboneKind[];
  overheadHidden: number;
}

export const DEFAULT_SELECTION_BENCH: SelectionBenchOptions = {
  shapes: ['yeast', 'corel5k', 'mediamill'],
  methods: METHOD_NAMES.filter((m) => m !== 'uniform'),
  batch: 128,
  observeSteps: 20,
  knnRows: 2000,
  twinMaxEntries: 5_000_000,
  overheadModels: ['mlp', 'clif'],
  overheadHidden: 64,
};

async function timed(rt: GpuRuntime, work: () => unknown): Promise<number> {
  await rt.ctx.sync();
  const start = performance.now();
  const result = work();
  if (result instanceof Promise) await result;
  await rt.ctx.sync();
  return performance.now() - start;
}

function randomTraining(n: number, d: number, L: number, seed: number) {
  const random = seededRandom(seed);
  const X = Float32Array.from({ length: n * d }, () => random());
  const Y = Uint8Array.from({ length: n * L }, () => (random() < Math.min(0.3, 4 / L) ? 1 : 0));
  return { X, Y, random };
}

/** Options that make a method select from epoch 1 on and skip work measured elsewhere (D2ACE's kNN). */
function benchOptions(method: string): Record<string, unknown> {
  const keys = new Set(selectionMethod(method).options.map((o) => o.key));
  return { ...(keys.has('warmupEpochs') ? { warmupEpochs: 1 } : {}), ...(keys.has('neighbors') ? { neighbors: 0 } : {}) };
}

export function createBenchSelector(rt: GpuRuntime, method: string, backend: SelectorBackend, extra: Record<string, unknown> = {}): BatchSelector {
  const descriptor = selectionMethod(method);
  return descriptor.create({ backend, runtime: rt, warn: () => undefined }, descriptor.resolve({ ...benchOptions(method), ...extra }));
}

export interface MethodCost {
  setupMs: number;
  observeMsPerStep: number;
  /** The per-epoch update: scores, distribution and every batch of the next epoch. */
  epochUpdateMs: number;
}

export interface SelectionBenchRow {
  shape: BenchShape;
  method: string;
  instances: number;
  features: number;
  labels: number;
  batch: number;
  gpu: MethodCost;
  twin: MethodCost | null;
  /** Twin time / GPU time, per step and per epoch. */
  twinOverGpu: { step: number; epoch: number } | null;
  dispatchesPerStep: number;
  readbacksPerStep: number;
}

interface StepData {
  indices: tf.Tensor1D;
  probs: tf.Tensor2D;
  bce: tf.Tensor2D;
}

async function measure(rt: GpuRuntime, selector: BatchSelector, data: { x: tf.Tensor2D; y: tf.Tensor2D; N: number; L: number }, B: number, steps: StepData[]) {
  const setupMs = await timed(rt, () => selector.initialize({ data: { x: data.x, y: data.y, numInstances: data.N, numLabels: data.L }, batchSize: B, epochs: 100, seed: 1 }));
  const dispatches = rt.kernels.dispatchCount;
  const readbacks = rt.ctx.readbacks.snapshot();
  const observeMs = await timed(rt, async () => {
    for (const s of steps) {
      const pending = selector.observe(s.indices, s.probs, s.bce);
      if (pending) await pending;
    }
  });
  const dispatchesPerStep = (rt.kernels.dispatchCount - dispatches) / steps.length;
  const readbacksPerStep = rt.ctx.readbacks.since(readbacks).total / steps.length;
  const epochUpdateMs = await timed(rt, () => selector.endEpoch(0));
  selector.dispose();
  return { cost: { setupMs: round(setupMs), observeMsPerStep: round(observeMs / steps.length), epochUpdateMs: round(epochUpdateMs) }, dispatchesPerStep, readbacksPerStep };
}

export async function benchmarkSelection(rt: GpuRuntime, options: SelectionBenchOptions): Promise<SelectionBenchRow[]> {
  const rows: SelectionBenchRow[] = [];
  for (const shape of options.shapes) {
    const { instances: N, features: d, labels: L } = BENCH_SHAPES[shape];
    const B = options.batch;
    const { X, Y, random } = randomTraining(N, d, L, 1);
    const x = tf.tensor2d(X, [N, d]);
    const y = tf.tensor2d(Float32Array.from(Y), [N, L]);
    const steps: StepData[] = Array.from({ length: options.observeSteps }, (_, s) => ({
      indices: tf.tensor1d(Int32Array.from({ length: B }, (_, k) => (s * B + k) % N), 'int32'),
      probs: tf.tensor2d(Float32Array.from({ length: B * L }, () => random()), [B, L]),
      bce: tf.tensor2d(Float32Array.from({ length: B * L }, () => 2 * random()), [B, L]),
    }));
    const withTwin = N * L <= options.twinMaxEntries;
    for (const method of options.methods) {
      // One untimed pass compiles every pipeline, so the GPU side is not charged for it.
      await measure(rt, createBenchSelector(rt, method, 'gpu'), { x, y, N, L }, B, steps.slice(0, 1));
      const gpu = await measure(rt, createBenchSelector(rt, method, 'gpu'), { x, y, N, L }, B, steps);
      const twin = withTwin ? await measure(rt, createBenchSelector(rt, method, 'cpu'), { x, y, N, L }, B, steps) : null;
      rows.push({
        shape,
        method,
        instances: N,
        features: d,
        labels: L,
        batch: B,
        gpu: gpu.cost,
        twin: twin?.cost ?? null,
        twinOverGpu: twin ? { step: round(twin.cost.observeMsPerStep / gpu.cost.observeMsPerStep), epoch: round(twin.cost.epochUpdateMs / gpu.cost.epochUpdateMs) } : null,
        dispatchesPerStep: gpu.dispatchesPerStep,
        readbacksPerStep: gpu.readbacksPerStep,
      });
    }
    tf.dispose([x, y, ...steps.flatMap((s) => [s.indices, s.probs, s.bce])]);
  }
  return rows;
}

export interface KnnRow {
  shape: BenchShape;
  rows: number;
  gpuMs: number;
  twinMs: number;
}

/** D2ACE's one-off kNN + local context, GPU against twin, on a subsample of each shape. */
export async function benchmarkKnn(rt: GpuRuntime, options: SelectionBenchOptions): Promise<KnnRow[]> {
  if (!options.methods.includes('d2ace')) return [];
  const out: KnnRow[] = [];
  for (const shape of options.shapes) {
    const { features: d, labels: L } = BENCH_SHAPES[shape];
    const n = Math.min(BENCH_SHAPES[shape].instances, options.knnRows);
    const { X, Y } = randomTraining(n, d, L, 3);
    const x = tf.tensor2d(X, [n, d]);
    const y = tf.tensor2d(Float32Array.from(Y), [n, L]);
    const setup = async () => {
      const s = new GpuD2aceSelector(rt, { config: { warmupEpochs: 1 } });
      await s.initialize({ data: { x, y, numInstances: n, numLabels: L }, batchSize: Math.min(options.batch, n), epochs: 10, seed: 1 });
      await rt.ctx.sync();
      s.dispose();
    };
    await setup(); // compiles
    const gpuMs = await timed(rt, setup);
    const start = performance.now();
    localContext(knnReference(X, n, d, 6), Y, n, L);
    out.push({ shape, rows: n, gpuMs: round(gpuMs), twinMs: round(performance.now() - start) });
    tf.dispose([x, y]);
  }
  return out;
}

const round = (v: number) => +v.toFixed(3);

export interface OverheadRow {
  model: BackboneKind;
  hidden: number | number[];
  /** Wall time of one selection epoch per method (uniform included). */
  epochMs: Record<string, number>;
  /** Per method: (method epoch - uniform epoch) / method epoch. */
  selectionShare: Record<string, number>;
}

/** Selection overhead on the yeast shape: each method's selection epoch against a uniform epoch. */
export async function benchmarkOverhead(rt: GpuRuntime, options: SelectionBenchOptions): Promise<OverheadRow[]> {
  const { instances: N, features: d, labels: L } = BENCH_SHAPES.yeast;
  const { X, Y } = randomTraining(N, d, L, 2);
  const x = tf.tensor2d(X, [N, d]);
  const y = tf.tensor2d(Float32Array.from(Y), [N, L]);
  const rows: OverheadRow[] = [];
  for (const kind of options.overheadModels) {
    const epochMs: Record<string, number> = {};
    for (const method of ['uniform', ...options.methods.filter((m) => m !== 'uniform')]) {
      const model = createBackbone(kind, d, L, { hidden: options.overheadHidden }, 0);
      const optimizer = new AdamL2(DEFAULT_OPTIMIZER_CONFIG);
      const selector = createBenchSelector(rt, method, 'gpu', selectionMethod(method).options.some((o) => o.key === 'neighbors') ? { neighbors: 6 } : {});
      await selector.initialize({ data: { x, y, numInstances: N, numLabels: L }, batchSize: options.batch, epochs: 10, seed: 0 });
      let step = 0;
      const epoch = async (e: number) => {
        const out = await trainEpoch({ model, optimizer, selector, x, y, firstStep: step }, e);
        await selector.endEpoch(e);
        step += out.steps;
        out.lossSum.dispose();
      };
      await epoch(0); // warm-up epoch: compiles every pipeline, builds the first distribution
      epochMs[method] = round(await timed(rt, () => epoch(1)));
      selector.dispose();
      optimizer.dispose();
      model.dispose();
    }
    const uniform = epochMs['uniform']!;
    rows.push({
      model: kind,
      hidden: kind === 'clif' ? options.overheadHidden : DEFAULT_BACKBONE_CONFIG.mlpWidths,
      epochMs,
      selectionShare: Object.fromEntries(Object.entries(epochMs).filter(([m]) => m !== 'uniform').map(([m, ms]) => [m, round((ms - uniform) / ms)])),
    });
  }
  tf.dispose([x, y]);
  return rows;
}
