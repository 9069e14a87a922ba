/**
 * Recency Bias with the TypeScript twin doing the math (`--selector-backend cpu`): the same
 * packed windows, U_i and distribution as the GPU (reference.ts and the shared sampling twins),
 * so the batches match. Each step reads the batch's outputs back (counted).
 */
import { TwinMathBase } from '../gpu-math-base';
import type * as tf from '@tensorflow/tfjs';
import { MethodSelector, type SelectionMath } from '../method-selector';
import type { SelectorInit } from '../selector';
import { normalizeLogWeightsReference, sampleEpochReference, valueLogWeightsReference } from '../sampling/reference';
import { summarize } from '../summary';
import { recencyBiasPlan, recencyPressure, resolveRecencyBiasConfig, type RecencyBiasConfig } from './config';
import type { RecencyBiasSelectorOptions } from './gpu-math';
import { observeReference, uncertaintyReference, windowWords } from './reference';

export class RecencyBiasTwinMath extends TwinMathBase<RecencyBiasConfig> implements SelectionMath {
  private bits!: Uint32Array;
  private count!: Uint32Array;
  private uncertainty!: Float32Array;
  private pi!: Float32Array;
  private last: { pressure: number; fallback: boolean } | undefined;

  async initialize(init: SelectorInit): Promise<void> {
    this.init = init;
    const { numInstances: N, numLabels: L } = init.data;
    this.bits = new Uint32Array(N * windowWords(L));
    this.count = new Uint32Array(N);
    this.uncertainty = new Float32Array(N);
    this.pi = new Float32Array(N).fill(1 / N);
  }

  async observe(indices: tf.Tensor1D, probs: tf.Tensor2D): Promise<void> {
    const [i, p] = await Promise.all([indices.data(), probs.data()]);
    observeReference(this.bits, this.count, this.init.data.numLabels, this.config.window, i, p);
  }

  prepareEpoch(epoch: number): Int32Array {
    const { numInstances: N, numLabels: L } = this.init.data;
    const pressure = recencyPressure(this.config, epoch);
    this.uncertainty = uncertaintyReference(this.bits, this.count, N, L, this.config.window);
    const { pi, logPi, fallback } = normalizeLogWeightsReference(valueLogWeightsReference(this.uncertainty, pressure, false));
    if (fallback) this.warn(`Recency Bias epoch ${epoch}: the uncertainty scores were not finite; that distribution fell back to uniform`);
    this.pi = Float32Array.from(pi);
    this.last = { pressure, fallback };
    return sampleEpochReference(Float32Array.from(logPi), this.init.batchSize, this.init.seed >>> 0, epoch, Math.ceil(N / this.init.batchSize));
  }

  async state(): Promise<Record<string, ArrayLike<number>>> {
    return { bits: this.bits.slice(), count: this.count.slice(), uncertainty: this.uncertainty.slice(), pi: this.pi.slice() };
  }

  async internals(): Promise<Record<string, unknown> & { pi?: ArrayLike<number> }> {
    if (!this.last) return {};
    return { pi: this.pi, uncertainty: summarize(this.uncertainty), pressure: this.last.pressure, fallback: this.last.fallback };
  }

  dispose(): void {}
}

/** Recency Bias with its math in the TypeScript twin. */
export class RecencyBiasTwinSelector extends MethodSelector<RecencyBiasTwinMath> {
  constructor(options: RecencyBiasSelectorOptions = {}) {
    const config = resolveRecencyBiasConfig(options.config);
    super('recency-bias', new RecencyBiasTwinMath(config, options.warn), recencyBiasPlan(config));
  }
}
