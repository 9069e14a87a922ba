/**
 * UBS with the TypeScript twin doing the math (`--selector-backend cpu`): D2ACE's observeStep for
 * E, reference.ts for quantisation, mutual information and scores, the shared sampling twins for
 * the distribution. Each step reads the batch's outputs back (counted).
 */
import { TwinMathBase } from '../gpu-math-base';
import type * as tf from '@tensorflow/tfjs';
import { createState, observeStep, type D2aceState } from '../d2ace/reference';
import { MethodSelector, type SelectionMath } from '../method-selector';
import type { SelectorInit } from '../selector';
import { normalizeLogWeightsReference, sampleEpochReference, valueLogWeightsReference } from '../sampling/reference';
import { resolveUbsConfig, ubsPlan, ubsPressure, ubsUsesCorrelation, type UbsConfig } from './config';
import { UBS_STEP_CONFIG, ubsFallbackMessage, ubsInternals, type UbsSelectorOptions } from './gpu-math';
import { mutualInformationReference, normalizeCorrelationReference, quantizeReference, ubsScoresReference } from './reference';

export interface UbsEpochDetails {
  bins: Uint8Array;
  mutualInformation: Float64Array;
  correlation: Float64Array;
  labelWeights: Float64Array;
  scores: Float32Array;
  pi: Float64Array;
  logPi: Float64Array;
  pressure: number;
  correlationUsed: boolean;
  fallback: boolean;
}

/** The distribution of one epoch from E (the GPU's per-epoch kernels, step by step). */
export function ubsEpochReference(E: ArrayLike<number>, rows: number, labels: number, config: UbsConfig, epoch: number): UbsEpochDetails {
  const bins = quantizeReference(E);
  const correlationUsed = ubsUsesCorrelation(config, epoch);
  const mutualInformation = correlationUsed ? mutualInformationReference(bins, rows, labels) : new Float64Array(labels * labels);
  const { corr, weights } = correlationUsed
    ? normalizeCorrelationReference(mutualInformation, labels)
    : { corr: new Float64Array(labels * labels).fill(1), weights: new Float64Array(labels).fill(labels) };
  const scores = ubsScoresReference(bins, weights, rows, labels);
  const pressure = ubsPressure(config, epoch);
  const { pi, logPi, fallback } = normalizeLogWeightsReference(valueLogWeightsReference(scores, pressure, true));
  return { bins, mutualInformation, correlation: corr, labelWeights: weights, scores, pi, logPi, pressure, correlationUsed, fallback };
}

export class UbsTwinMath extends TwinMathBase<UbsConfig> implements SelectionMath {
  private s: D2aceState | undefined;
  private last: UbsEpochDetails | undefined;

  async initialize(init: SelectorInit): Promise<void> {
    this.init = init;
    this.s = createState(init.data.numInstances, init.data.numLabels, { window: UBS_STEP_CONFIG.window });
  }

  private get live(): D2aceState {
    if (!this.s) throw new Error('ubs selector: initialize() first');
    return this.s;
  }

  async observe(indices: tf.Tensor1D, probs: tf.Tensor2D, bce: tf.Tensor2D): Promise<void> {
    const [i, p, l] = await Promise.all([indices.data(), probs.data(), bce.data()]);
    observeStep(this.live, Int32Array.from(i), Float32Array.from(p), Float32Array.from(l), UBS_STEP_CONFIG);
  }

  prepareEpoch(epoch: number): Int32Array {
    const { numInstances: N, numLabels: L } = this.init.data;
    this.last = ubsEpochReference(this.live.E, N, L, this.config, epoch);
    if (this.last.fallback) this.warn(ubsFallbackMessage(epoch));
    return sampleEpochReference(Float32Array.from(this.last.logPi), this.init.batchSize, this.init.seed >>> 0, epoch, Math.ceil(N / this.init.batchSize));
  }

  async state(): Promise<Record<string, ArrayLike<number>>> {
    const s = this.live;
    const d = this.last;
    const L = s.L;
    return {
      uncertainty: s.E,
      bins: d?.bins ?? new Uint8Array(s.N * L),
      mutualInformation: d?.mutualInformation ?? new Float64Array(L * L),
      correlation: d?.correlation ?? new Float64Array(L * L),
      labelWeights: d?.labelWeights ?? new Float64Array(L),
      scores: d?.scores ?? new Float32Array(s.N),
      pi: d?.pi ?? new Float64Array(s.N).fill(1 / s.N),
    };
  }

  async internals(): Promise<Record<string, unknown> & { pi?: ArrayLike<number> }> {
    const d = this.last;
    if (!d) return {};
    return { pi: d.pi, ...ubsInternals(d.correlation, d.labelWeights, d.scores, this.init.data.numLabels), pressure: d.pressure, correlationUsed: d.correlationUsed, fallback: d.fallback };
  }

  dispose(): void {}
}

/** UBS with its math in the TypeScript twin. */
export class UbsTwinSelector extends MethodSelector<UbsTwinMath> {
  constructor(options: UbsSelectorOptions = {}) {
    const config = resolveUbsConfig(options.config);
    super('ubs', new UbsTwinMath(config, options.warn), ubsPlan(config));
  }
}
