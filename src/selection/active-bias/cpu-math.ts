/**
 * Active Bias with the TypeScript twin doing the math (`--selector-backend cpu`): the same
 * Welford statistics and scores as the GPU kernels (reference.ts), for checking the GPU
 * selector end to end. Each step reads the batch's indices and outputs back (counted), so it
 * is never "0 readbacks per step". Weighting mode uploads the epoch's scores once as a tensor
 * and computes each batch's weights with the same tfjs ops as the GPU math.
 */
import { TwinMathBase } from '../gpu-math-base';
import * as tf from '@tensorflow/tfjs';
import type { SelectorInit } from '../selector';
import { normalizeLogWeightsReference, sampleEpochReference } from '../sampling/reference';
import { summarize } from '../summary';
import type { ActiveBiasConfig } from './config';
import { ActiveBiasSelector, weightsFromScores, type ActiveBiasMath } from './gpu-math';
import { createActiveBiasState, observeReference, scoresReference, type ActiveBiasState } from './reference';

export class ActiveBiasTwinMath extends TwinMathBase<ActiveBiasConfig> implements ActiveBiasMath {
  private stats!: ActiveBiasState;
  private scores: Float32Array | undefined;
  private pi: Float64Array | undefined;
  private fallback = false;
  /** Weighting mode: the latest epoch's scores, uploaded once per epoch. */
  private scoresTensor: tf.Tensor1D | undefined;

  async initialize(init: SelectorInit): Promise<void> {
    this.init = init;
    this.stats = createActiveBiasState(init.data.numInstances, init.data.numLabels);
  }

  async observe(indices: tf.Tensor1D, probs: tf.Tensor2D): Promise<void> {
    const [i, p] = await Promise.all([indices.data(), probs.data()]);
    observeReference(this.stats, i, p);
  }

  prepareEpoch(epoch: number): Int32Array | undefined {
    const { numInstances: N } = this.init.data;
    const { scores, logW } = scoresReference(this.stats, this.config.epsilon);
    this.scores = scores;
    if (this.config.mode === 'weighting') {
      this.scoresTensor?.dispose();
      this.scoresTensor = tf.tensor1d(scores);
      return undefined;
    }
    const { pi, logPi, fallback } = normalizeLogWeightsReference(logW);
    this.pi = pi;
    this.fallback = fallback;
    if (fallback) this.warn(`Active Bias epoch ${epoch}: scores were not finite; that distribution fell back to uniform`);
    return sampleEpochReference(Float32Array.from(logPi), this.init.batchSize, this.init.seed >>> 0, epoch, Math.ceil(N / this.init.batchSize));
  }

  weights(indices: tf.Tensor1D): tf.Tensor1D | undefined {
    if (this.config.mode !== 'weighting' || !this.scoresTensor) return undefined;
    return weightsFromScores(this.scoresTensor, indices);
  }

  async state(): Promise<Record<string, ArrayLike<number>>> {
    const { N, count, mean, m2 } = this.stats;
    return { count, mean, m2, scores: this.scores ?? new Float32Array(N), pi: this.pi ?? new Float64Array(N).fill(1 / N) };
  }

  async internals(): Promise<Record<string, unknown> & { pi?: ArrayLike<number> }> {
    if (!this.scores) return { mode: this.config.mode };
    const scores = summarize(this.scores);
    if (this.config.mode === 'weighting') return { mode: this.config.mode, scores };
    return { pi: this.pi, mode: this.config.mode, scores, fallback: this.fallback };
  }

  dispose(): void {
    this.scoresTensor?.dispose();
    this.scoresTensor = undefined;
  }
}

/** Active Bias with its math in the TypeScript twin. */
export function createActiveBiasTwinSelector(config: ActiveBiasConfig, warn?: (message: string) => void): ActiveBiasSelector {
  return new ActiveBiasSelector(new ActiveBiasTwinMath(config, warn));
}
