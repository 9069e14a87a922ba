/**
 * UBS's math on the GPU. Per step: D2ACE's observe dispatch (the same uncertainty E, shared
 * through ../d2ace/step-state.ts), no readback. Per epoch, in one submit: E quantised
 * (ubs_quantize), with the correlation the pairwise mutual information and its row
 * normalisation (ubs_mutual_information, ubs_normalize_correlation; all-ones label weights
 * otherwise), the scores (ubs_scores), the shared value sampler with min-max (value_weights)
 * and the shared draw (GpuEpochDraw). MethodSelector does the warm-up, cursor and bookkeeping.
 */
import type * as tf from '@tensorflow/tfjs';
import { readBuffer } from '../../gpu/buffers';
import type { GpuRuntime } from '../../gpu/runtime';
import { DEFAULT_D2ACE_CONFIG } from '../d2ace/config';
import { observeKernel } from '../d2ace/kernels';
import { createStepBuffers, dispatchObserve, type StepBuffers } from '../d2ace/step-state';
import { GpuMathBase } from '../gpu-math-base';
import { MethodSelector, type MethodSelectorOptions, type SelectionMath } from '../method-selector';
import type { SelectorInit } from '../selector';
import { GpuEpochDraw } from '../sampling/gpu-draw';
import { valueWeightsKernel } from '../sampling/kernels';
import { summarize } from '../summary';
import { resolveUbsConfig, ubsPlan, ubsPressure, ubsUsesCorrelation, type UbsConfig } from './config';
import { UBS_KERNELS, ubsMutualInformationKernel, ubsNormalizeCorrelationKernel, ubsQuantizeKernel, ubsScoresKernel } from './kernels';

export type UbsSelectorOptions = MethodSelectorOptions<UbsConfig>;

type Buffers = {
  step: StepBuffers;
  bins: GPUBuffer;
  mi: GPUBuffer;
  corr: GPUBuffer;
  weights: GPUBuffer;
  scores: GPUBuffer;
};

/** D2ACE's defaults for the shared uncertainty (window 5, alpha 0.7, clamped entropy). */
export const UBS_STEP_CONFIG = { window: DEFAULT_D2ACE_CONFIG.window, alpha: DEFAULT_D2ACE_CONFIG.alpha, entropyClamp: DEFAULT_D2ACE_CONFIG.entropyClamp, nan: 'defined' as const };

export function ubsFallbackMessage(epoch: number): string {
  return `UBS epoch ${epoch}: the scores were not finite; that distribution fell back to uniform`;
}

export class UbsGpuMath extends GpuMathBase<UbsConfig, Buffers> implements SelectionMath {
  private last: { pressure: number; correlation: boolean } | undefined;

  constructor(rt: GpuRuntime, config: UbsConfig, warn?: (message: string) => void) {
    super(rt, config, 'ubs', warn);
  }

  async initialize(init: SelectorInit): Promise<void> {
    this.begin(init);
    const { N, L } = this;
    const limit = this.rt.ctx.device.limits.maxStorageBufferBindingSize;
    const largest = Math.max(N * L * 4, L * L * 4, N * UBS_STEP_CONFIG.window * Math.ceil(L / 2) * 4);
    if (largest > limit) throw new Error(`ubs: ${N} instances x ${L} labels need a ${largest}-byte buffer, more than this device's storage binding limit of ${limit}`);
    await Promise.all([...UBS_KERNELS, valueWeightsKernel, observeKernel].map((k) => this.rt.kernels.load(k)));
    this.own({
      step: createStepBuffers(this.rt, N, L, UBS_STEP_CONFIG.window, 'ubs'),
      bins: this.storage('bins', N * L * 4),
      mi: this.storage('mutual-information', L * L * 4),
      corr: this.storage('correlation', L * L * 4),
      weights: this.storage('label-weights', L * 4),
      scores: this.storage('scores', N * 4),
    });
    this.draw = await GpuEpochDraw.create(this.rt, N, init.batchSize, 'ubs');
    this.draw.fillUniform();
  }

  observe(indices: tf.Tensor1D, probs: tf.Tensor2D, bce: tf.Tensor2D): void {
    dispatchObserve(this.rt, this.live.step, UBS_STEP_CONFIG, this.L, indices, probs, bce);
  }

  prepareEpoch(epoch: number): tf.Tensor1D {
    const b = this.live;
    const { N, L } = this;
    const pressure = ubsPressure(this.config, epoch);
    const correlation = ubsUsesCorrelation(this.config, epoch);
    this.last = { pressure, correlation };
    if (!correlation) {
      // No correlation (the released code, or before correlationStart): I all ones, c_j = L.
      this.rt.ctx.device.queue.writeBuffer(b.corr, 0, new Float32Array(L * L).fill(1));
      this.rt.ctx.device.queue.writeBuffer(b.weights, 0, new Float32Array(L).fill(L));
    }
    const batch = this.rt.kernels.batch('ubs-epoch');
    batch.dispatch(ubsQuantizeKernel, { buffers: { uncert: b.step.uncert, bins: b.bins }, params: { entries: N * L } });
    if (correlation) {
      batch.dispatch(ubsMutualInformationKernel, { buffers: { bins: b.bins, mi: b.mi }, params: { rows: N, labels: L } });
      batch.dispatch(ubsNormalizeCorrelationKernel, { buffers: { mi: b.mi, corr: b.corr, weights: b.weights }, params: { labels: L } });
    }
    batch.dispatch(ubsScoresKernel, { buffers: { bins: b.bins, weights: b.weights, scores: b.scores }, params: { rows: N, labels: L } });
    const draw = this.draw!;
    batch.dispatch(valueWeightsKernel, { buffers: { scores: b.scores, log_w: draw.logWeights }, params: { rows: N, log_pressure: Math.log(pressure), normalize: 1 } });
    draw.record(batch, epoch, this.init.seed);
    batch.submit();
    return draw.result(() => this.warn(ubsFallbackMessage(epoch)));
  }

  async state(): Promise<Record<string, ArrayLike<number>>> {
    const b = this.live;
    const f32 = async (buffer: GPUBuffer) => new Float32Array(await readBuffer(this.rt.ctx, buffer));
    const [uncertainty, bins, mi, corr, weights, scores, { pi }] = await Promise.all([
      f32(b.step.uncert),
      readBuffer(this.rt.ctx, b.bins).then((x) => new Uint32Array(x)),
      f32(b.mi),
      f32(b.corr),
      f32(b.weights),
      f32(b.scores),
      this.draw!.read(),
    ]);
    return { uncertainty, bins, mutualInformation: mi, correlation: corr, labelWeights: weights, scores, pi };
  }

  async internals(): Promise<Record<string, unknown> & { pi?: ArrayLike<number> }> {
    const b = this.ownedBuffers;
    if (!b || !this.last) return {};
    const [{ pi, fallback }, corr, weights, scores] = await Promise.all([
      this.draw!.read(),
      readBuffer(this.rt.ctx, b.corr).then((x) => new Float32Array(x)),
      readBuffer(this.rt.ctx, b.weights).then((x) => new Float32Array(x)),
      readBuffer(this.rt.ctx, b.scores).then((x) => new Float32Array(x)),
    ]);
    return { pi, ...ubsInternals(corr, weights, scores, this.L), pressure: this.last.pressure, correlationUsed: this.last.correlation, fallback };
  }
}

/** What inspect() reports of the correlation: the mean and max normalised MI off the diagonal, c_j, the scores. */
export function ubsInternals(corr: ArrayLike<number>, weights: ArrayLike<number>, scores: ArrayLike<number>, labels: number) {
  const off: number[] = [];
  for (let j = 0; j < labels; j++) for (let k = 0; k < labels; k++) if (j !== k) off.push(corr[j * labels + k]!);
  const s = off.length ? summarize(off) : { mean: 0, max: 0 };
  return { correlation: { meanOffDiagonal: s.mean, maxOffDiagonal: s.max }, labelWeights: summarize(weights), scores: summarize(scores) };
}

/** UBS with its math on the GPU. */
export class UbsSelector extends MethodSelector<UbsGpuMath> {
  constructor(rt: GpuRuntime, options: UbsSelectorOptions = {}) {
    const config = resolveUbsConfig(options.config);
    super('ubs', new UbsGpuMath(rt, config, options.warn), ubsPlan(config));
  }
}
