/** Orders of the training set that the selectors walk through: seeded permutations, in batches. */
import * as tf from '@tensorflow/tfjs';
import { seededRandom, shuffleInPlace } from '../util/random';

/** A seeded permutation of 0..n-1 as an int32 GPU tensor. */
export function permutationTensor(n: number, seed: number): tf.Tensor1D {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  shuffleInPlace(order, seededRandom(seed));
  return tf.tensor1d(order, 'int32');
}

/** The seed of epoch `epoch`'s reshuffle: reproducible and independent of history. */
export function epochPermutationSeed(seed: number, epoch: number): number {
  return epoch === 0 ? seed : (seed * 1000003 + epoch) >>> 0;
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
