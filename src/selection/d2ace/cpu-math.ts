/**
 * D2ACE with the TypeScript twin doing the math on the CPU (`--selector-backend cpu`): for
 * checking the GPU selector end to end and for runtimes without WebGPU compute. Each step
 * reads the batch's outputs back (counted), so it is slower and never "0 readbacks per step".
 */
import { TwinMathBase } from '../gpu-math-base';
import type * as tf from '@tensorflow/tfjs';
import { MethodSelector, type SelectionMath } from '../method-selector';
import type { SelectorInit } from '../selector';
import { sampleEpochReference } from '../sampling/reference';
import { summarize } from '../summary';
import { d2acePlan, referenceNanNote, resolveD2aceConfig, type D2aceConfig } from './config';
import type { D2aceSelectorOptions } from './gpu-math';
import { neighborGraphReference } from '../neighbors/graph';
import { createState, epochDetails, localContext, observeStep, type D2aceState, type EpochDetails } from './reference';

export class CpuD2aceMath extends TwinMathBase<D2aceConfig> implements SelectionMath {
  private stateData!: D2aceState;
  private labels!: Uint8Array;
  private context!: Uint8Array;
  private details: EpochDetails | undefined;
  private referenceNanEpochs = 0;

  async initialize(init: SelectorInit): Promise<void> {
    this.init = init;
    const { numInstances: N, numLabels: L, x, y } = init.data;
    const [X, Y] = await Promise.all([x.data() as Promise<Float32Array>, y.data() as Promise<Float32Array>]);
    this.labels = Uint8Array.from(Y);
    this.context = localContext(neighborGraphReference(X, N, x.shape[1], this.config.neighbors).neighbors, this.labels, N, L);
    this.stateData = createState(N, L, { window: this.config.window });
  }

  async observe(indices: tf.Tensor1D, probs: tf.Tensor2D, bce: tf.Tensor2D): Promise<void> {
    const [i, p, l] = await Promise.all([indices.data(), probs.data(), bce.data()]);
    observeStep(this.stateData, Int32Array.from(i), Float32Array.from(p), Float32Array.from(l), this.config);
  }

  prepareEpoch(epoch: number): Int32Array {
    const { numInstances: N, numLabels: L } = this.init.data;
    const s = this.stateData;
    this.details = epochDetails({ E: s.E, loss: s.loss, F: s.F, Y: this.labels, Z: this.context, N, L, epoch, epochs: this.init.epochs, config: this.config, warn: this.warn });
    if (this.config.nan === 'reference' && this.details.fallbackE && this.referenceNanEpochs++ === 0) this.warn(referenceNanNote(epoch));
    const logPi = Float32Array.from(this.details.pi, (p) => Math.log(p));
    return sampleEpochReference(logPi, this.init.batchSize, this.init.seed >>> 0, epoch, Math.ceil(N / this.init.batchSize), this.config.draw);
  }

  async state(): Promise<Record<string, ArrayLike<number>>> {
    const s = this.stateData;
    return { uncertainty: s.E, flips: s.F, loss: s.loss, count: s.count, pi: this.details?.pi ?? new Float64Array(s.N).fill(1 / s.N) };
  }

  async internals(): Promise<Record<string, unknown> & { pi?: ArrayLike<number> }> {
    const d = this.details;
    if (!d) return {};
    return {
      pi: d.pi,
      labelWeights: { uncertainty: Array.from(d.weightsE), hardness: Array.from(d.weightsH) },
      scores: { uncertainty: summarize(d.scoresE), hardness: summarize(d.scoresH) },
      fallback: { uncertainty: d.fallbackE, hardness: d.fallbackH },
      ...(this.config.nan === 'reference' ? { referenceNanEpochs: this.referenceNanEpochs } : {}),
    };
  }

  dispose(): void {}
}

/** D2ACE with its math in the TypeScript twin. */
export class CpuD2aceSelector extends MethodSelector<CpuD2aceMath> {
  constructor(options: D2aceSelectorOptions = {}) {
    const config = resolveD2aceConfig(options.config);
    super('d2ace', new CpuD2aceMath(config, options.warn), d2acePlan(config));
  }
}
