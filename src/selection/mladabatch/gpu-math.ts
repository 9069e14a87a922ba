/**
 * MLAdaBatch's math on the GPU. Once, in initialize (imbalanceWeights on): the shared kNN
 * graph (k = 5) and the three imbalance kernels (label counts, minority labels, W_i) in one
 * submit; the graph buffer is destroyed right after. Per step: one obs_observe dispatch (OBS's
 * kernel: the latest instance loss), nothing read back. Per epoch, in one submit: score =
 * loss * W, the max-ratio log-weights, then the shared draw (GpuEpochDraw: normalize_log_weights
 * and sample_epoch). MethodSelector does warm-up, cursor and bookkeeping.
 */
import type * as tf from '@tensorflow/tfjs';
import { readBuffer } from '../../gpu/buffers';
import { borrowTensorBuffer } from '../../gpu/interop';
import type { KernelBatch } from '../../gpu/runner';
import type { GpuRuntime } from '../../gpu/runtime';
import { GpuMathBase } from '../gpu-math-base';
import { MethodSelector, type MethodSelectorOptions, type SelectionMath } from '../method-selector';
import { loadNeighborKernel, recordNeighborGraph } from '../neighbors/graph';
import { obsObserveKernel } from '../obs/kernels';
import { dispatchObsObserve } from '../obs/gpu-math';
import type { SelectorInit } from '../selector';
import { GpuEpochDraw } from '../sampling/gpu-draw';
import { summarize } from '../summary';
import { MLADABATCH_NEIGHBORS, mlAdaBatchFallbackMessage, mlAdaBatchPlan, resolveMlAdaBatchConfig, type MlAdaBatchConfig } from './config';
import { EPOCH_KERNELS, IMBALANCE_KERNELS, imbalanceWeightsKernel, labelCountsKernel, maxRatioWeightsKernel, minorityKernel, scoreKernel } from './kernels';

export type MlAdaBatchSelectorOptions = MethodSelectorOptions<MlAdaBatchConfig>;

/** Where the imbalance kernels write (L-sized counts and flags, N-sized W). */
export type ImbalanceBuffers = {
  positives: GPUBuffer;
  mismatchTotals: GPUBuffer;
  minority: GPUBuffer;
  weights: GPUBuffer;
};

type Buffers = ImbalanceBuffers & {
  loss: GPUBuffer;
  count: GPUBuffer;
  scores: GPUBuffer;
};

/**
 * Records n_j and K_j (one workgroup per label), the minority flags (one workgroup) and W_i
 * (one thread per instance) into `batch`, from 0/1 labels and neighbour rows of `width`
 * (self first). Exported so tests can feed hand-made neighbour rows.
 */
export function recordImbalanceWeights(
  batch: KernelBatch,
  input: { labels: GPUBuffer; neighbors: GPUBuffer; rows: number; labelCount: number; width: number },
  out: ImbalanceBuffers,
): void {
  const shape = { rows: input.rows, labels: input.labelCount, width: input.width };
  batch.dispatch(labelCountsKernel, { buffers: { labels: input.labels, neighbors: input.neighbors, positives: out.positives, mismatch_totals: out.mismatchTotals }, params: shape });
  batch.dispatch(minorityKernel, { buffers: { positives: out.positives, minority: out.minority }, params: { labels: input.labelCount } });
  batch.dispatch(imbalanceWeightsKernel, {
    buffers: { labels: input.labels, neighbors: input.neighbors, minority: out.minority, mismatch_totals: out.mismatchTotals, weights: out.weights },
    params: shape,
  });
}

/** Loads the imbalance kernels (call once before recordImbalanceWeights). */
export async function loadImbalanceKernels(rt: GpuRuntime): Promise<void> {
  await Promise.all(IMBALANCE_KERNELS.map((k) => rt.kernels.load(k)));
}

export class MlAdaBatchGpuMath extends GpuMathBase<MlAdaBatchConfig, Buffers> implements SelectionMath {
  constructor(rt: GpuRuntime, config: MlAdaBatchConfig, warn?: (message: string) => void) {
    super(rt, config, 'mladabatch', warn);
  }

  async initialize(init: SelectorInit): Promise<void> {
    this.begin(init);
    const { N, L } = this;
    const weighted = this.config.imbalanceWeights;
    await Promise.all([
      ...[obsObserveKernel, ...EPOCH_KERNELS].map((k) => this.rt.kernels.load(k)),
      ...(weighted ? [loadImbalanceKernels(this.rt), loadNeighborKernel(this.rt)] : []),
    ]);
    // The label counts stay 0 without imbalance weights (not computed); both maths say so.
    const b = this.own({
      loss: this.storage('loss', N * 4),
      count: this.storage('count', N * 4),
      weights: this.storage('weights', N * 4),
      scores: this.storage('scores', N * 4),
      positives: this.storage('positives', L * 4),
      mismatchTotals: this.storage('mismatch-totals', L * 4),
      minority: this.storage('minority', L * 4),
    });
    this.draw = await GpuEpochDraw.create(this.rt, N, init.batchSize, 'mladabatch');
    if (weighted) this.computeImbalanceWeights();
    else this.rt.ctx.device.queue.writeBuffer(b.weights, 0, new Float32Array(N).fill(1));
  }

  /** The shared kNN graph (k = 5) and W_i in one submit; the graph is not needed afterwards. */
  private computeImbalanceWeights(): void {
    const b = this.live;
    const { data } = this.init;
    const batch = this.rt.kernels.batch('mladabatch-init');
    const labels = borrowTensorBuffer(this.rt.backend, data.y);
    const graph = recordNeighborGraph(this.rt, batch, data.x, MLADABATCH_NEIGHBORS, 'mladabatch');
    recordImbalanceWeights(batch, { labels, neighbors: graph.buffer, rows: this.N, labelCount: this.L, width: graph.width }, b);
    batch.submit();
    this.rt.ctx.buffers.destroy(graph.buffer);
  }

  /** One obs_observe dispatch: loss[i] = mean BCE of its row (the latest visit), count[i] += 1. */
  observe(indices: tf.Tensor1D, _probs: tf.Tensor2D, bce: tf.Tensor2D): void {
    dispatchObsObserve(this.rt, this.live, indices, bce, this.L, 1);
  }

  /** Scores, log-weights, pi and every batch of `epoch`: one submit. */
  prepareEpoch(epoch: number): tf.Tensor1D {
    const b = this.live;
    const draw = this.draw!;
    const batch = this.rt.kernels.batch('mladabatch-epoch');
    batch.dispatch(scoreKernel, { buffers: { loss: b.loss, weights: b.weights, scores: b.scores }, params: { rows: this.N } });
    batch.dispatch(maxRatioWeightsKernel, { buffers: { scores: b.scores, log_w: draw.logWeights }, params: { rows: this.N, log_pressure: Math.log(this.config.pressure) } });
    draw.record(batch, epoch, this.init.seed);
    batch.submit();
    return draw.result(() => this.warn(mlAdaBatchFallbackMessage(epoch)));
  }

  async state(): Promise<Record<string, ArrayLike<number>>> {
    const b = this.live;
    const read = (buffer: GPUBuffer) => readBuffer(this.rt.ctx, buffer);
    const [loss, count, weights, scores, positives, mismatchTotals, minority, { logWeights, pi }] = await Promise.all([
      read(b.loss),
      read(b.count),
      read(b.weights),
      read(b.scores),
      read(b.positives),
      read(b.mismatchTotals),
      read(b.minority),
      this.draw!.read(),
    ]);
    return {
      loss: new Float32Array(loss),
      count: new Uint32Array(count),
      weights: new Float32Array(weights),
      scores: new Float32Array(scores),
      positives: new Uint32Array(positives),
      mismatchTotals: new Uint32Array(mismatchTotals),
      minority: new Uint32Array(minority),
      logWeights,
      pi,
    };
  }

  async internals(): Promise<Record<string, unknown> & { pi: Float32Array }> {
    const b = this.live;
    const read = (buffer: GPUBuffer) => readBuffer(this.rt.ctx, buffer);
    const [loss, weights, scores, minority, { pi, fallback }] = await Promise.all([read(b.loss), read(b.weights), read(b.scores), read(b.minority), this.draw!.read()]);
    return {
      pi,
      pressure: this.config.pressure,
      loss: summarize(new Float32Array(loss)),
      weights: summarize(new Float32Array(weights)),
      score: summarize(new Float32Array(scores)),
      minorityLabels: new Uint32Array(minority).reduce((sum, flag) => sum + flag, 0),
      fallback,
    };
  }
}

/** MLAdaBatch with its math on the GPU. */
export class MlAdaBatchSelector extends MethodSelector<MlAdaBatchGpuMath> {
  constructor(rt: GpuRuntime, options: MlAdaBatchSelectorOptions = {}) {
    const config = resolveMlAdaBatchConfig(options.config);
    super('mladabatch', new MlAdaBatchGpuMath(rt, config, options.warn), mlAdaBatchPlan(config));
  }
}
