/**
 * Online Batch Selection's math on the GPU. Per step (and per chunk of a full pass): one
 * obs_observe dispatch writes each row's mean BCE as its instance's loss. Per epoch, in one
 * submit: the shared rank sampler (rank_weights) on those losses, then the shared draw
 * (GpuEpochDraw: normalize_log_weights and sample_epoch) of all of the next epoch's batches. Nothing is read back per step; the
 * fallback flag is read without blocking. MethodSelector does warm-up, cursor and bookkeeping.
 */
import type * as tf from '@tensorflow/tfjs';
import { readBuffer } from '../../gpu/buffers';
import { borrowTensorBuffer } from '../../gpu/interop';
import type { GpuRuntime } from '../../gpu/runtime';
import { GpuMathBase } from '../gpu-math-base';
import { MethodSelector, type MethodSelectorOptions, type SelectionMath } from '../method-selector';
import type { SelectorInit } from '../selector';
import { GpuEpochDraw } from '../sampling/gpu-draw';
import { rankWeightsKernel } from '../sampling/kernels';
import { summarize } from '../summary';
import { obsPlan, obsPressure, obsWantsTrainingPass, resolveObsConfig, type ObsConfig } from './config';
import { obsObserveKernel } from './kernels';

export type ObsSelectorOptions = MethodSelectorOptions<ObsConfig>;

type Buffers = {
  loss: GPUBuffer;
  count: GPUBuffer;
};

/** Checks a step's or a pass chunk's shapes (the pass does not go through MethodSelector.observe). */
export function checkObservation(what: string, indices: tf.Tensor1D, bce: tf.Tensor2D, labels: number): void {
  const n = indices.shape[0];
  if (bce.shape[0] !== n || bce.shape[1] !== labels) {
    throw new Error(`obs ${what}: expected ${n} x ${labels} BCE for ${n} indices, got ${JSON.stringify(bce.shape)}`);
  }
}

/** One obs_observe dispatch: loss[i] = mean BCE of its row, count[i] += visit (OBS and MLAdaBatch). */
export function dispatchObsObserve(rt: GpuRuntime, state: { loss: GPUBuffer; count: GPUBuffer }, indices: tf.Tensor1D, bce: tf.Tensor2D, labels: number, visit: 0 | 1): void {
  const n = indices.shape[0];
  if (n === 0) return;
  const { backend } = rt;
  rt.kernels.dispatch(obsObserveKernel, {
    buffers: { indices: borrowTensorBuffer(backend, indices), bce: borrowTensorBuffer(backend, bce), loss: state.loss, count: state.count },
    params: { batch: n, labels, inv_labels: 1 / labels, visit },
  });
}

export class ObsGpuMath extends GpuMathBase<ObsConfig, Buffers> implements SelectionMath {
  private pressure = Number.NaN;

  constructor(rt: GpuRuntime, config: ObsConfig, warn?: (message: string) => void) {
    super(rt, config, 'obs', warn);
  }

  async initialize(init: SelectorInit): Promise<void> {
    this.begin(init);
    const { N } = this;
    await Promise.all([obsObserveKernel, rankWeightsKernel].map((k) => this.rt.kernels.load(k)));
    this.own({
      loss: this.storage('loss', N * 4),
      count: this.storage('count', N * 4),
    });
    this.draw = await GpuEpochDraw.create(this.rt, N, init.batchSize, 'obs');
  }

  private record(indices: tf.Tensor1D, bce: tf.Tensor2D, visit: 0 | 1): void {
    dispatchObsObserve(this.rt, this.live, indices, bce, this.L, visit);
  }

  observe(indices: tf.Tensor1D, _probs: tf.Tensor2D, bce: tf.Tensor2D): void {
    this.record(indices, bce, 1);
  }

  wantsTrainingPass(epoch: number): boolean {
    return obsWantsTrainingPass(this.config, epoch);
  }

  /** A chunk of the full evaluation pass: refreshes the losses like observe, counts no visit. */
  observePass(indices: tf.Tensor1D, _probs: tf.Tensor2D, bce: tf.Tensor2D): void {
    checkObservation('observePass', indices, bce, this.L);
    this.record(indices, bce, 0);
  }

  /** Rank sampler on the losses at s(epoch), pi, and every batch of `epoch`: one submit. */
  prepareEpoch(epoch: number): tf.Tensor1D {
    const b = this.live;
    const draw = this.draw!;
    this.pressure = obsPressure(this.config, epoch);
    const batch = this.rt.kernels.batch('obs-epoch');
    batch.dispatch(rankWeightsKernel, { buffers: { scores: b.loss, log_w: draw.logWeights }, params: { rows: this.N, log_pressure: Math.log(this.pressure) } });
    draw.record(batch, epoch, this.init.seed);
    batch.submit();
    return draw.result(() => this.warn(obsFallbackMessage(epoch)));
  }

  async state(): Promise<{ loss: Float32Array; count: Uint32Array; logWeights: Float32Array; pi: Float32Array }> {
    const b = this.live;
    const [loss, count, { logWeights, pi }] = await Promise.all([
      readBuffer(this.rt.ctx, b.loss).then((x) => new Float32Array(x)),
      readBuffer(this.rt.ctx, b.count).then((x) => new Uint32Array(x)),
      this.draw!.read(),
    ]);
    return { loss, count, logWeights, pi };
  }

  async internals(): Promise<Record<string, unknown> & { pi: Float32Array }> {
    const b = this.live;
    const [loss, { pi, fallback }] = await Promise.all([readBuffer(this.rt.ctx, b.loss).then((x) => new Float32Array(x)), this.draw!.read()]);
    return { pi, loss: summarize(loss), pressure: this.pressure, fallback };
  }

}

export function obsFallbackMessage(epoch: number): string {
  return `OBS epoch ${epoch}: instance losses were not finite; the distribution fell back to uniform`;
}

/** Online Batch Selection with its math on the GPU. */
export class ObsSelector extends MethodSelector<ObsGpuMath> {
  constructor(rt: GpuRuntime, options: ObsSelectorOptions = {}) {
    const config = resolveObsConfig(options.config);
    super('obs', new ObsGpuMath(rt, config, options.warn), obsPlan(config));
  }
}
