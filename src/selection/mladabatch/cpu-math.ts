/**
 * MLAdaBatch with the TypeScript twin doing the math (`--selector-backend cpu`): the shared
 * neighbour graph's twin and reference.ts for W_i (once), OBS's twin for the per-step losses,
 * the shared sampling twins for the draw. Each step reads the batch's indices and BCE back
 * (counted); the batches equal the GPU's whenever the two distributions agree.
 */
import { TwinMathBase } from '../gpu-math-base';
import type * as tf from '@tensorflow/tfjs';
import { MethodSelector, type SelectionMath } from '../method-selector';
import { neighborGraphReference } from '../neighbors/graph';
import { createObsState, observeLossReference, type ObsState } from '../obs/reference';
import type { SelectorInit } from '../selector';
import { normalizeLogWeightsReference, sampleEpochReference } from '../sampling/reference';
import { summarize } from '../summary';
import { MLADABATCH_NEIGHBORS, mlAdaBatchFallbackMessage, mlAdaBatchPlan, resolveMlAdaBatchConfig, type MlAdaBatchConfig } from './config';
import type { MlAdaBatchSelectorOptions } from './gpu-math';
import { imbalanceWeightsFromGraph, maxRatioLogWeightsReference, scoreReference, type ImbalanceWeights } from './reference';

export interface MlAdaBatchDistribution {
  /** f32 score_i = loss_i * W_i. */
  scores: Float32Array;
  /** q_i in 0..N (NaN when a score is not finite). */
  q: Float64Array;
  /** f32 log-weights ln(s) q_i / N. */
  logWeights: Float32Array;
  pi: Float64Array;
  logPi: Float64Array;
  fallback: boolean;
}

/** One epoch's distribution from the losses and W (the GPU's score + max_ratio_weights + normalize_log_weights). */
export function mlAdaBatchDistributionReference(loss: ArrayLike<number>, weights: ArrayLike<number>, pressure: number): MlAdaBatchDistribution {
  const scores = scoreReference(loss, weights);
  const { q, logWeights } = maxRatioLogWeightsReference(scores, pressure);
  return { scores, q, logWeights, ...normalizeLogWeightsReference(logWeights) };
}

/** W_i from the features and labels: the graph twin (k = 5), then the imbalance twins. */
export function imbalanceWeightsFromData(x: Float32Array, y: Float32Array, N: number, d: number, L: number): ImbalanceWeights {
  const { neighbors, width } = neighborGraphReference(x, N, d, MLADABATCH_NEIGHBORS);
  return imbalanceWeightsFromGraph(y, neighbors, N, L, width);
}

export class MlAdaBatchTwinMath extends TwinMathBase<MlAdaBatchConfig> implements SelectionMath {
  private s: ObsState | undefined;
  private imbalance!: ImbalanceWeights;
  private last: MlAdaBatchDistribution | undefined;

  async initialize(init: SelectorInit): Promise<void> {
    this.init = init;
    const { x, y, numInstances: N, numLabels: L } = init.data;
    this.s = createObsState(N);
    this.last = undefined;
    if (this.config.imbalanceWeights) {
      const [features, labels] = await Promise.all([x.data(), y.data()]);
      this.imbalance = imbalanceWeightsFromData(Float32Array.from(features), Float32Array.from(labels), N, x.shape[1], L);
    } else {
      // Not computed: the counts stay 0, like the GPU's untouched buffers.
      this.imbalance = { positives: new Uint32Array(L), mismatchTotals: new Uint32Array(L), minority: new Uint32Array(L), weights: new Float32Array(N).fill(1) };
    }
  }

  private get live(): ObsState {
    if (!this.s) throw new Error('mladabatch selector: initialize() first');
    return this.s;
  }

  async observe(indices: tf.Tensor1D, _probs: tf.Tensor2D, bce: tf.Tensor2D): Promise<void> {
    const state = this.live;
    const [i, l] = await Promise.all([indices.data(), bce.data()]);
    observeLossReference(state, i, l, this.init.data.numLabels, 1);
  }

  prepareEpoch(epoch: number): Int32Array {
    const { loss } = this.live;
    const N = loss.length;
    const B = this.init.batchSize;
    this.last = mlAdaBatchDistributionReference(loss, this.imbalance.weights, this.config.pressure);
    if (this.last.fallback) this.warn(mlAdaBatchFallbackMessage(epoch));
    return sampleEpochReference(Float32Array.from(this.last.logPi), B, this.init.seed >>> 0, epoch, Math.ceil(N / B));
  }

  /** The same keys and layouts as the GPU's state(); scores, log-weights and pi are 0 before the first distribution. */
  async state(): Promise<Record<string, ArrayLike<number>>> {
    const s = this.live;
    const N = s.loss.length;
    const { positives, mismatchTotals, minority, weights } = this.imbalance;
    return {
      loss: s.loss.slice(),
      count: s.count.slice(),
      weights: weights.slice(),
      scores: this.last?.scores.slice() ?? new Float32Array(N),
      positives: positives.slice(),
      mismatchTotals: mismatchTotals.slice(),
      minority: minority.slice(),
      logWeights: this.last?.logWeights.slice() ?? new Float32Array(N),
      pi: this.last?.pi.slice() ?? new Float64Array(N),
    };
  }

  async internals(): Promise<Record<string, unknown> & { pi?: ArrayLike<number> }> {
    const d = this.last;
    if (!d) return {};
    return {
      pi: d.pi,
      pressure: this.config.pressure,
      loss: summarize(this.live.loss),
      weights: summarize(this.imbalance.weights),
      score: summarize(d.scores),
      minorityLabels: this.imbalance.minority.reduce((sum, flag) => sum + flag, 0),
      fallback: d.fallback,
    };
  }

  dispose(): void {
    this.s = undefined;
    this.last = undefined;
  }
}

/** MLAdaBatch with its math in the TypeScript twin. */
export class MlAdaBatchTwinSelector extends MethodSelector<MlAdaBatchTwinMath> {
  constructor(options: MlAdaBatchSelectorOptions = {}) {
    const config = resolveMlAdaBatchConfig(options.config);
    super('mladabatch', new MlAdaBatchTwinMath(config, options.warn), mlAdaBatchPlan(config));
  }
}
