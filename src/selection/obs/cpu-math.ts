/**
 * Online Batch Selection with the TypeScript twin doing the math (`--selector-backend cpu`):
 * reference.ts for the per-step losses, the shared sampling twins for the distribution. Each
 * step reads the batch's indices and BCE back (counted); the batches equal the GPU's whenever
 * the two distributions agree.
 */
import { TwinMathBase } from '../gpu-math-base';
import type * as tf from '@tensorflow/tfjs';
import { MethodSelector, type SelectionMath } from '../method-selector';
import type { SelectorInit } from '../selector';
import { normalizeLogWeightsReference, rankLogWeightsReference, sampleEpochReference } from '../sampling/reference';
import { summarize } from '../summary';
import { obsPlan, obsPressure, obsWantsTrainingPass, resolveObsConfig, type ObsConfig } from './config';
import { checkObservation, obsFallbackMessage, type ObsSelectorOptions } from './gpu-math';
import { createObsState, observeLossReference, type ObsState } from './reference';

export interface ObsDistribution {
  pressure: number;
  /** f32 log-weights of the rank sampler, -ln(s) r_i / N. */
  logWeights: Float32Array;
  pi: Float64Array;
  logPi: Float64Array;
  fallback: boolean;
}

/** The distribution of one epoch from the instance losses (the GPU's rank_weights + normalize_log_weights). */
export function obsDistributionReference(loss: ArrayLike<number>, pressure: number): ObsDistribution {
  const logWeights = Float32Array.from(rankLogWeightsReference(loss, pressure));
  const { pi, logPi, fallback } = normalizeLogWeightsReference(logWeights);
  return { pressure, logWeights, pi, logPi, fallback };
}

export class ObsTwinMath extends TwinMathBase<ObsConfig> implements SelectionMath {
  private s: ObsState | undefined;
  private last: ObsDistribution | undefined;

  async initialize(init: SelectorInit): Promise<void> {
    this.init = init;
    this.s = createObsState(init.data.numInstances);
    this.last = undefined;
  }

  private get live(): ObsState {
    if (!this.s) throw new Error('obs selector: initialize() first');
    return this.s;
  }

  private async record(indices: tf.Tensor1D, bce: tf.Tensor2D, visit: 0 | 1): Promise<void> {
    const state = this.live;
    const [i, l] = await Promise.all([indices.data(), bce.data()]);
    observeLossReference(state, i, l, this.init.data.numLabels, visit);
  }

  observe(indices: tf.Tensor1D, _probs: tf.Tensor2D, bce: tf.Tensor2D): Promise<void> {
    return this.record(indices, bce, 1);
  }

  wantsTrainingPass(epoch: number): boolean {
    return obsWantsTrainingPass(this.config, epoch);
  }

  observePass(indices: tf.Tensor1D, _probs: tf.Tensor2D, bce: tf.Tensor2D): Promise<void> {
    checkObservation('observePass', indices, bce, this.init.data.numLabels);
    return this.record(indices, bce, 0);
  }

  prepareEpoch(epoch: number): Int32Array {
    const { loss } = this.live;
    const N = loss.length;
    const B = this.init.batchSize;
    this.last = obsDistributionReference(loss, obsPressure(this.config, epoch));
    if (this.last.fallback) this.warn(obsFallbackMessage(epoch));
    return sampleEpochReference(Float32Array.from(this.last.logPi), B, this.init.seed >>> 0, epoch, Math.ceil(N / B));
  }

  /** The same keys and layouts as the GPU's state(); log-weights and pi are 0 before the first distribution. */
  async state(): Promise<{ loss: Float32Array; count: Uint32Array; logWeights: Float32Array; pi: Float64Array }> {
    const s = this.live;
    const N = s.loss.length;
    return {
      loss: s.loss.slice(),
      count: s.count.slice(),
      logWeights: this.last?.logWeights.slice() ?? new Float32Array(N),
      pi: this.last?.pi.slice() ?? new Float64Array(N),
    };
  }

  async internals(): Promise<Record<string, unknown> & { pi?: ArrayLike<number> }> {
    const d = this.last;
    if (!d) return {};
    return { pi: d.pi, loss: summarize(this.live.loss), pressure: d.pressure, fallback: d.fallback };
  }

  dispose(): void {
    this.s = undefined;
    this.last = undefined;
  }
}

/** Online Batch Selection with its math in the TypeScript twin. */
export class ObsTwinSelector extends MethodSelector<ObsTwinMath> {
  constructor(options: ObsSelectorOptions = {}) {
    const config = resolveObsConfig(options.config);
    super('obs', new ObsTwinMath(config, options.warn), obsPlan(config));
  }
}
