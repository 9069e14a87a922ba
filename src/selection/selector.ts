/**
 * The BatchSelector interface: the only door between the trainer and a selection method
 * (a PyTorch Sampler plus feedback). The trainer asks for batches of indices, reports each
 * step's outputs, and closes each epoch; it knows nothing else about the method.
 */
import type * as tf from '@tensorflow/tfjs';

/** The GPU-resident training set a selector starts from. */
export interface SelectorData {
  /** N x d features (min-max scaled), float32, on the GPU. */
  x: tf.Tensor2D;
  /** N x L labels (0/1), float32, on the GPU. */
  y: tf.Tensor2D;
  numInstances: number;
  numLabels: number;
}

export interface SelectorInit {
  data: SelectorData;
  batchSize: number;
  /** Total epochs of the run (schedules depend on it). */
  epochs: number;
  seed: number;
}

/** Internals for reports and plots. Reading them is a readback: never inside a step. */
export interface SelectorInspection {
  method: string;
  epoch: number;
  [key: string]: unknown;
}

export interface BatchSelector {
  readonly name: string;
  /** Prepares the method (may compile kernels and run one-off GPU work). Call once. */
  initialize(init: SelectorInit): Promise<void>;
  /** Number of batches in `epoch`. */
  batchesPerEpoch(epoch: number): number;
  /** The next batch's instance indices, an int32 GPU tensor the caller disposes. */
  nextBatch(): tf.Tensor1D;
  /**
   * After each optimiser step: the batch's indices, sigmoid outputs and per-entry BCE (B x L).
   * GPU methods return at once; a CPU method returns a promise the trainer awaits.
   */
  observe(indices: tf.Tensor1D, probs: tf.Tensor2D, bce: tf.Tensor2D): void | Promise<void>;
  /** After the last step of `epoch`: prepare the next epoch. */
  endEpoch(epoch: number): void | Promise<void>;
  /**
   * Per-instance loss weights for the batch `indices` just handed out by nextBatch (a float32
   * GPU tensor of the batch's length that the caller disposes), or undefined for plain
   * averaging. Only methods that reweight (Active Bias `weighting`) have it.
   */
  batchWeights?(indices: tf.Tensor1D): tf.Tensor1D | undefined;
  /**
   * True when the method wants the model's outputs on the WHOLE training set after `epoch`
   * (OBS's full-pass option). The trainer then runs inference in chunks and hands each chunk
   * to observePass before endEpoch; a method without it never costs that pass.
   */
  wantsTrainingPass?(epoch: number): boolean;
  observePass?(indices: tf.Tensor1D, probs: tf.Tensor2D, bce: tf.Tensor2D): void | Promise<void>;
  inspect?(): Promise<SelectorInspection>;
  dispose(): void;
}

export function validateSelectorInit(init: SelectorInit): void {
  const { data, batchSize, epochs } = init;
  const N = data.numInstances;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batch size must be a positive integer, got ${batchSize}`);
  if (batchSize > N) throw new Error(`batch size ${batchSize} is larger than the ${N} training instances`);
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`epochs must be a positive integer, got ${epochs}`);
  if (data.x.shape[0] !== N || data.y.shape[0] !== N || data.y.shape[1] !== data.numLabels) {
    throw new Error(`training set shapes disagree: x ${JSON.stringify(data.x.shape)}, y ${JSON.stringify(data.y.shape)}, N ${N}, L ${data.numLabels}`);
  }
}
