/**
 * D2ACE with the TypeScript twin doing the math on the CPU (`--selector-backend cpu`): for
 * checking the GPU selector end to end and for runtimes without WebGPU compute. Each step
 * reads the batch's outputs back (counted), so it is slower and never "0 readbacks per step".
 */
import * as tf from '@tensorflow/tfjs';
import { OrderedBatches, permutationTensor } from '../uniform';
import { validateSelectorInit, type BatchSelector, type SelectorInit, type SelectorInspection } from '../selector';
import { resolveD2aceConfig, scheduleAt, type D2aceConfig } from './config';
import { createState, epochDetails, knnReference, localContext, observeStep, type D2aceState, type EpochDetails } from './reference';
import { sampleBatchReference } from './sampling-reference';
import { summarize } from './summary';
import type { D2aceSelectorOptions } from './gpu-selector';

export class CpuD2aceSelector implements BatchSelector {
  readonly name = 'd2ace';
  readonly config: D2aceConfig;
  private init!: SelectorInit;
  private state!: D2aceState;
  private labels!: Uint8Array;
  private context!: Uint8Array;
  private warmup: OrderedBatches | undefined;
  private epochBatches: Int32Array[] = [];
  private details: EpochDetails | undefined;
  private epoch = 0;
  private batchInEpoch = 0;
  private readonly warn: (message: string) => void;

  constructor(options: D2aceSelectorOptions = {}) {
    this.config = resolveD2aceConfig(options.config);
    this.warn = options.warn ?? ((message) => console.warn(message));
  }

  async initialize(init: SelectorInit): Promise<void> {
    validateSelectorInit(init);
    this.init = init;
    const { numInstances: N, numLabels: L, x, y } = init.data;
    const [X, Y] = await Promise.all([x.data() as Promise<Float32Array>, y.data() as Promise<Float32Array>]);
    this.labels = Uint8Array.from(Y);
    const k = Math.min(this.config.neighbors, N - 1);
    this.context = localContext(knnReference(X, N, x.shape[1], k), this.labels, N, L);
    this.state = createState(N, L, { window: this.config.window });
    this.warmup = new OrderedBatches(permutationTensor(N, init.seed), init.batchSize);
  }

  batchesPerEpoch(): number {
    return Math.ceil(this.init.data.numInstances / this.init.batchSize);
  }

  nextBatch(): tf.Tensor1D {
    if (this.epoch < this.config.warmupEpochs || this.epochBatches.length === 0) return this.warmup!.take();
    return tf.tensor1d(this.epochBatches[this.batchInEpoch++ % this.epochBatches.length]!, 'int32');
  }

  async observe(indices: tf.Tensor1D, probs: tf.Tensor2D, bce: tf.Tensor2D): Promise<void> {
    const [i, p, l] = await Promise.all([indices.data(), probs.data(), bce.data()]);
    observeStep(this.state, Int32Array.from(i), Float32Array.from(p), Float32Array.from(l), this.config);
  }

  endEpoch(epoch: number): void {
    this.epoch = epoch + 1;
    this.batchInEpoch = 0;
    if (this.epoch < this.config.warmupEpochs) return;
    const { numInstances: N, numLabels: L } = this.init.data;
    this.details = epochDetails({
      E: this.state.E,
      loss: this.state.loss,
      F: this.state.F,
      Y: this.labels,
      Z: this.context,
      N,
      L,
      epoch: this.epoch,
      epochs: this.init.epochs,
      config: this.config,
      warn: this.warn,
    });
    const logPi = Float32Array.from(this.details.pi, (p) => Math.log(p));
    this.epochBatches = Array.from({ length: this.batchesPerEpoch() }, (_, g) => sampleBatchReference(logPi, this.init.batchSize, this.init.seed >>> 0, this.epoch, g));
  }

  async inspect(): Promise<SelectorInspection> {
    const base = {
      method: this.name,
      epoch: this.epoch,
      ...scheduleAt(this.config, this.epoch, this.init.epochs),
    };
    const d = this.details;
    if (!d) return base;
    const probabilities = summarize(d.pi);
    return {
      ...base,
      labelWeights: { uncertainty: Array.from(d.weightsE), hardness: Array.from(d.weightsH) },
      scores: { uncertainty: summarize(d.scoresE), hardness: summarize(d.scoresH) },
      probabilities: { ...probabilities, maxOverMin: probabilities.max / probabilities.min, effectiveSize: 1 / d.pi.reduce((s, p) => s + p * p, 0) },
      fallback: { uncertainty: d.fallback, hardness: d.fallback },
    };
  }

  dispose(): void {
    this.warmup?.dispose();
    this.warmup = undefined;
  }
}
