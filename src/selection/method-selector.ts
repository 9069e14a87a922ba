/**
 * One selector for every method, with two kinds of math. MethodSelector owns what all
 * methods share: the warm-up (a seeded order), the batch cursor, the epoch bookkeeping, the
 * uniform reshuffle for epochs a method does not draw, and inspect(). The method's math,
 * GPU kernels or TypeScript twin, only observes steps and, at the end of an epoch, returns
 * the next epoch's batches (or nothing, for uniform batches).
 */
import * as tf from '@tensorflow/tfjs';
import { epochPermutationSeed, OrderedBatches, permutationTensor } from './batches';
import { summarize } from './summary';
import { validateSelectorInit, type BatchSelector, type SelectorInit, type SelectorInspection } from './selector';

/** All batches of an epoch, concatenated (batchesPerEpoch x B): on the GPU, or from the twin. */
export type EpochDraw = tf.Tensor1D | Int32Array;

export interface SelectionMath {
  /** 'gpu' (WGSL kernels, no readback per step) or 'twin' (the TypeScript reference). */
  readonly kind: 'gpu' | 'twin';
  initialize(init: SelectorInit): Promise<void>;
  observe(indices: tf.Tensor1D, probs: tf.Tensor2D, bce: tf.Tensor2D): void | Promise<void>;
  /**
   * After the last step of epoch `epoch - 1` of a selection epoch: update per-epoch state and
   * return the batches of `epoch`, or undefined for a uniform reshuffle (weighting methods).
   * A GPU draw is owned by the selector from then on.
   */
  prepareEpoch(epoch: number): EpochDraw | undefined | Promise<EpochDraw | undefined>;
  /** Loss weights for a batch (weighting methods), or undefined while there are none (warm-up). */
  batchWeights?(indices: tf.Tensor1D): tf.Tensor1D | undefined;
  wantsTrainingPass?(epoch: number): boolean;
  observePass?(indices: tf.Tensor1D, probs: tf.Tensor2D, bce: tf.Tensor2D): void | Promise<void>;
  /** The method's state by name, read back (parity tests hold GPU and twin to the same keys). */
  state(): Promise<Record<string, ArrayLike<number>>>;
  /** Internals for reports (a readback); `pi`, when given, is summarised by the selector. */
  internals(): Promise<Record<string, unknown> & { pi?: ArrayLike<number> }>;
  dispose(): void;
}

/** How a method's selector class is made: its options (each method's defaults fill the rest) and a warning sink. */
export interface MethodSelectorOptions<C> {
  config?: Partial<C>;
  /** Where warnings go (fallbacks to uniform); console.warn by default. */
  warn?: (message: string) => void;
}

export interface SelectionPlan {
  /** Epochs 0..warmupEpochs-1 draw no distribution. */
  warmupEpochs: number;
  /** Warm-up walks one fixed seeded order (D2ACE) or reshuffles every epoch (BASELINES). */
  warmupOrder: 'fixed' | 'reshuffle';
  /** Schedule values at an epoch (pressure, beta, ...) for inspect(). */
  schedule?(epoch: number, epochs: number): Record<string, number | string>;
}

export class MethodSelector<M extends SelectionMath = SelectionMath> implements BatchSelector {
  protected init!: SelectorInit;
  private order: OrderedBatches | undefined;
  private drawn: tf.Tensor1D | undefined;
  private epoch = 0;
  private batchInEpoch = 0;
  private drawnEpoch = -1;

  constructor(
    readonly name: string,
    readonly math: M,
    readonly plan: SelectionPlan,
  ) {}

  /** The method's resolved options, as its math holds them. */
  get config(): M extends { readonly config: infer C } ? C : undefined {
    return (this.math as { config?: unknown }).config as M extends { readonly config: infer C } ? C : undefined;
  }

  async initialize(init: SelectorInit): Promise<void> {
    validateSelectorInit(init);
    this.init = init;
    await this.math.initialize(init);
    this.order = new OrderedBatches(permutationTensor(init.data.numInstances, init.seed), init.batchSize);
  }

  batchesPerEpoch(): number {
    return Math.ceil(this.init.data.numInstances / this.init.batchSize);
  }

  nextBatch(): tf.Tensor1D {
    if (!this.order) throw new Error(`${this.name} selector: initialize() first`);
    if (!this.drawn) return this.order.take();
    const B = this.init.batchSize;
    const index = this.batchInEpoch++ % this.batchesPerEpoch();
    return tf.slice(this.drawn, index * B, B);
  }

  observe(indices: tf.Tensor1D, probs: tf.Tensor2D, bce: tf.Tensor2D): void | Promise<void> {
    if (!this.order) throw new Error(`${this.name} selector: initialize() first`);
    const n = indices.shape[0];
    const L = this.init.data.numLabels;
    if (probs.shape[0] !== n || bce.shape[0] !== n || probs.shape[1] !== L || bce.shape[1] !== L) {
      throw new Error(`${this.name} observe: expected ${n} x ${L} probabilities and BCE, got ${JSON.stringify(probs.shape)} and ${JSON.stringify(bce.shape)}`);
    }
    return this.math.observe(indices, probs, bce);
  }

  batchWeights(indices: tf.Tensor1D): tf.Tensor1D | undefined {
    return this.math.batchWeights?.(indices);
  }

  wantsTrainingPass(epoch: number): boolean {
    return this.math.wantsTrainingPass?.(epoch) ?? false;
  }

  observePass(indices: tf.Tensor1D, probs: tf.Tensor2D, bce: tf.Tensor2D): void | Promise<void> {
    return this.math.observePass?.(indices, probs, bce);
  }

  endEpoch(epoch: number): void | Promise<void> {
    this.epoch = epoch + 1;
    this.batchInEpoch = 0;
    if (this.epoch < this.plan.warmupEpochs) {
      if (this.plan.warmupOrder === 'reshuffle') this.reshuffle();
      return;
    }
    const draw = this.math.prepareEpoch(this.epoch);
    if (draw instanceof Promise) return draw.then((d) => this.accept(d));
    this.accept(draw);
  }

  private accept(draw: EpochDraw | undefined): void {
    this.drawn?.dispose();
    this.drawn = undefined;
    this.drawnEpoch = this.epoch;
    if (draw === undefined) {
      this.reshuffle();
      return;
    }
    const expected = this.batchesPerEpoch() * this.init.batchSize;
    const length = draw instanceof Int32Array ? draw.length : draw.shape[0];
    if (length !== expected) throw new Error(`${this.name}: an epoch's draw holds ${length} indices, expected ${expected}`);
    this.drawn = draw instanceof Int32Array ? tf.tensor1d(draw, 'int32') : draw;
  }

  /** A seeded reshuffle for the coming epoch (uniform batches). */
  private reshuffle(): void {
    this.order?.dispose();
    this.order = new OrderedBatches(permutationTensor(this.init.data.numInstances, epochPermutationSeed(this.init.seed, this.epoch)), this.init.batchSize);
  }

  async inspect(): Promise<SelectorInspection> {
    const base: SelectorInspection = {
      method: this.name,
      epoch: this.epoch,
      phase: this.epoch < this.plan.warmupEpochs ? 'warm-up' : 'selection',
      ...this.plan.schedule?.(this.epoch, this.init.epochs),
    };
    if (this.drawnEpoch < 0) return base;
    const { pi, ...internals } = await this.math.internals();
    if (!pi) return { ...base, distributionEpoch: this.drawnEpoch, ...internals };
    const summary = summarize(pi);
    let squares = 0;
    for (let i = 0; i < pi.length; i++) squares += pi[i]! * pi[i]!;
    return {
      ...base,
      distributionEpoch: this.drawnEpoch,
      ...internals,
      probabilities: { ...summary, maxOverMin: summary.max / summary.min, effectiveSize: 1 / squares },
    };
  }

  /** The math's state, read back (tests and debugging). */
  state(): Promise<Record<string, ArrayLike<number>>> {
    return this.math.state();
  }

  dispose(): void {
    this.math.dispose();
    this.order?.dispose();
    this.drawn?.dispose();
    this.order = undefined;
    this.drawn = undefined;
  }
}
