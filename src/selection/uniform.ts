/** The uniform baseline: a seeded reshuffle of the training set every epoch, batches in order. */
import * as tf from '@tensorflow/tfjs';
import { seededRandom, shuffleInPlace } from '../util/random';
import { validateSelectorInit, type BatchSelector, type SelectorInit } from './selector';

/** A seeded permutation of 0..n-1 as an int32 GPU tensor. */
export function permutationTensor(n: number, seed: number): tf.Tensor1D {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  shuffleInPlace(order, seededRandom(seed));
  return tf.tensor1d(order, 'int32');
}

/** Batches that walk through a fixed order: ceil(N / B) of them, the last one shorter. */
export class OrderedBatches {
  private next = 0;
  constructor(
    private readonly order: tf.Tensor1D,
    private readonly batchSize: number,
  ) {}

  get count(): number {
    return Math.ceil(this.order.shape[0] / this.batchSize);
  }

  take(): tf.Tensor1D {
    const n = this.order.shape[0];
    const start = (this.next % this.count) * this.batchSize;
    this.next++;
    return tf.slice(this.order, start, Math.min(this.batchSize, n - start));
  }

  dispose(): void {
    this.order.dispose();
  }
}

export class UniformSelector implements BatchSelector {
  readonly name = 'uniform';
  private init!: SelectorInit;
  private batches: OrderedBatches | undefined;
  private epoch = 0;

  async initialize(init: SelectorInit): Promise<void> {
    validateSelectorInit(init);
    this.init = init;
    this.batches = new OrderedBatches(permutationTensor(init.data.numInstances, init.seed), init.batchSize);
  }

  batchesPerEpoch(): number {
    return Math.ceil(this.init.data.numInstances / this.init.batchSize);
  }

  nextBatch(): tf.Tensor1D {
    if (!this.batches) throw new Error('uniform selector: initialize() first');
    return this.batches.take();
  }

  observe(): void {
    // Uniform sampling ignores training dynamics.
  }

  endEpoch(epoch: number): void {
    this.epoch = epoch + 1;
    this.batches?.dispose();
    // One permutation per epoch, seeded by (seed, epoch): reproducible and independent of history.
    this.batches = new OrderedBatches(permutationTensor(this.init.data.numInstances, (this.init.seed * 1000003 + this.epoch) >>> 0), this.init.batchSize);
  }

  async inspect() {
    return { method: this.name, epoch: this.epoch };
  }

  dispose(): void {
    this.batches?.dispose();
    this.batches = undefined;
  }
}
