/**
 * D2ACE (or any registered method) in the app's own training loop: the app owns the model,
 * the optimiser and the loop; the selector hands out batches and learns from the outputs of
 * each step. Everything stays on the GPU: nothing here reads a tensor back.
 *
 *   const selector = await createSelector(runtime, { method: 'd2ace', x, y, batchSize: 64, epochs: 30 });
 *   for (let epoch = 0; epoch < 30; epoch++) {
 *     for (let b = 0; b < selector.batchesPerEpoch(); b++) {
 *       const indices = selector.nextBatch();
 *       ... train on tf.gather(x, indices), keeping the batch's sigmoid outputs `probs` ...
 *       selector.observe({ indices, probs, labels: tf.gather(y, indices) });
 *     }
 *     await selector.endEpoch({ predict: (xs) => model.predict(xs) as tf.Tensor2D });
 *   }
 */
import * as tf from '@tensorflow/tfjs';
import { bceFromProbabilities, bceWithLogits } from '../models/loss';
import { fitScheduleToRun } from '../selection/fit-schedule';
import type { SelectorBackend } from '../selection/method';
import { selectionMethod } from '../selection/registry';
import { validateSelectorInit, type BatchSelector, type SelectorInspection } from '../selection/selector';
import { onWebGpu, type TrainingRuntime } from '../train/training-runtime';

export interface SelectorOptions {
  /** A method of the registry: 'd2ace', 'uniform', 'obs', 'active-bias', 'recency-bias'. */
  method: string;
  /** The method's options (see `d2ace methods`); unknown keys and bad values are refused. */
  config?: Record<string, unknown>;
  /** The training set on the GPU: N x d features and N x L labels (0/1), float32. */
  x: tf.Tensor2D;
  y: tf.Tensor2D;
  batchSize: number;
  /** The run's length: schedules (warm-up, mixture stages) are laid out over it. */
  epochs: number;
  seed?: number;
  /**
   * 'gpu' runs the method's WGSL kernels; 'cpu' its TypeScript twin (reads back). By default
   * 'gpu' on the WebGPU runtime and 'cpu' on the CPU runtime (a browser without WebGPU).
   */
  backend?: SelectorBackend;
  /** Where notes go (a schedule scaled to the run, a fallback to uniform); console.warn by default. */
  warn?: (message: string) => void;
  /**
   * Check the inputs (default true): labels 0/1 and features finite at creation (one read),
   * dtypes and shapes at every `observe` (no read), and the batch's row indices on the device,
   * read once per epoch by `endEpoch`. `false` skips the value checks (not the shape checks).
   */
  validate?: boolean;
}

/**
 * One step's outputs for the batch `indices`, in one of three forms:
 * sigmoid probabilities with the per-entry BCE; probabilities with the labels; or logits with
 * the labels. The BCE is then computed on the GPU. The caller keeps ownership of its tensors.
 */
export type StepFeedback =
  | { indices: tf.Tensor1D; probs: tf.Tensor2D; bce: tf.Tensor2D }
  | { indices: tf.Tensor1D; probs: tf.Tensor2D; labels: tf.Tensor2D }
  | { indices: tf.Tensor1D; logits: tf.Tensor2D; labels: tf.Tensor2D };

export interface EndEpochOptions {
  /**
   * The model's sigmoid outputs for a chunk of training rows. Needed only by methods that look
   * at the whole training set between epochs (OBS with lossSource 'full-pass').
   */
  predict?: (x: tf.Tensor2D) => tf.Tensor2D;
}

const PASS_CHUNK = 1024;
/** "No bad index seen": no int32 row index can be this and also be asked for. */
const NO_BAD_INDEX = -2147483648;

const shapeText = (t: tf.Tensor) => `[${t.shape.join(', ')}]`;

/** Dtypes and shapes of one step's feedback: tensor metadata only, nothing is read back. */
function checkFeedback(method: string, feedback: StepFeedback, labels: number): void {
  const where = `${method}: observe`;
  const { indices } = feedback;
  if (indices.dtype !== 'int32') throw new Error(`${where}: indices must be int32 row indices, got ${indices.dtype}`);
  if (indices.rank !== 1) throw new Error(`${where}: indices must be 1-D, got shape ${shapeText(indices)}`);
  const rows = indices.shape[0];
  const parts: Array<[string, tf.Tensor | undefined]> = [
    ['probs', 'probs' in feedback ? feedback.probs : undefined],
    ['bce', 'bce' in feedback ? feedback.bce : undefined],
    ['labels', 'labels' in feedback ? feedback.labels : undefined],
    ['logits', 'logits' in feedback ? feedback.logits : undefined],
  ];
  for (const [name, t] of parts) {
    if (!t) continue;
    if (t.dtype !== 'float32') throw new Error(`${where}: ${name} must be float32, got ${t.dtype}`);
    if (t.rank !== 2 || t.shape[0] !== rows || t.shape[1] !== labels) throw new Error(`${where}: ${name} must have shape [${rows}, ${labels}] (the batch's ${rows} rows x ${labels} labels), got ${shapeText(t)}`);
  }
}

/** The first entry of `bad` (a bool tensor) as [row, column], or undefined: one small read. */
async function firstBad(bad: tf.Tensor2D): Promise<[number, number] | undefined> {
  const cols = bad.shape[1];
  const at = tf.tidy(() => {
    const flat = tf.cast(tf.reshape(bad, [-1]), 'int32');
    return tf.where(tf.greater(tf.max(flat), 0), tf.argMax(flat), tf.scalar(-1, 'int32'));
  });
  const i = (await at.data())[0]!;
  at.dispose();
  return i < 0 ? undefined : [Math.floor(i / cols), i % cols];
}

/** Labels 0/1 and features finite, or an error naming the first bad entry and its value. */
async function checkTrainingSet(x: tf.Tensor2D, y: tf.Tensor2D): Promise<void> {
  const checks: Array<[string, tf.Tensor2D, string, (t: tf.Tensor2D) => tf.Tensor2D]> = [
    ['y', y, 'must hold 0/1 labels', (t) => tf.logicalAnd(tf.notEqual(t, 0), tf.notEqual(t, 1)) as tf.Tensor2D],
    // NaN is the value unequal to itself; +-Infinity is beyond float32's largest finite value.
    ['x', x, 'must be finite', (t) => tf.logicalOr(tf.notEqual(t, t), tf.greater(tf.abs(t), 3.4028234663852886e38)) as tf.Tensor2D],
  ];
  for (const [name, t, rule, badOf] of checks) {
    const bad = badOf(t);
    const at = await firstBad(bad).finally(() => bad.dispose());
    if (!at) continue;
    const cell = tf.slice(t, at, [1, 1]);
    const value = (await cell.data())[0];
    cell.dispose();
    throw new Error(`createSelector: ${name} ${rule}; ${name}[${at[0]}, ${at[1]}] is ${value} (validate: false skips this check)`);
  }
}

/** Probabilities and per-entry BCE of a feedback; `owned` lists what was made here. */
function probsAndBce(feedback: StepFeedback): { probs: tf.Tensor2D; bce: tf.Tensor2D; owned: tf.Tensor[] } {
  if ('bce' in feedback) return { probs: feedback.probs, bce: feedback.bce, owned: [] };
  if ('logits' in feedback) {
    const probs = tf.sigmoid(feedback.logits) as tf.Tensor2D;
    const bce = bceWithLogits(feedback.logits, feedback.labels);
    return { probs, bce, owned: [probs, bce] };
  }
  const bce = bceFromProbabilities(feedback.probs, feedback.labels);
  return { probs: feedback.probs, bce, owned: [bce] };
}

export class Selector {
  private epochIndex = 0;
  private disposed = false;
  /** The first out-of-range row index observed this epoch (NO_BAD_INDEX: none), kept on the device. */
  private readonly badIndex: tf.Variable | undefined;
  private readonly noBadIndex: tf.Scalar | undefined;

  constructor(
    private readonly inner: BatchSelector,
    private readonly x: tf.Tensor2D,
    private readonly y: tf.Tensor2D,
    /** The method's options as resolved (and fitted to the run). */
    readonly config: Readonly<Record<string, unknown>>,
    validate = true,
  ) {
    if (validate) {
      this.noBadIndex = tf.scalar(NO_BAD_INDEX, 'int32');
      this.badIndex = tf.variable(this.noBadIndex, false, undefined, 'int32');
    }
  }

  get method(): string {
    return this.inner.name;
  }
  /** The epoch the next batches belong to (0-based). */
  get epoch(): number {
    return this.epochIndex;
  }

  batchesPerEpoch(): number {
    this.assertOpen('batchesPerEpoch');
    return this.inner.batchesPerEpoch(this.epochIndex);
  }

  /** The next batch's row indices: an int32 GPU tensor the caller disposes. */
  nextBatch(): tf.Tensor1D {
    this.assertOpen('nextBatch');
    return this.inner.nextBatch();
  }

  /** Per-row loss weights for the batch (Active Bias `weighting`), or undefined for plain averaging. */
  batchWeights(indices: tf.Tensor1D): tf.Tensor1D | undefined {
    this.assertOpen('batchWeights');
    return this.inner.batchWeights?.(indices);
  }

  /** After each optimiser step, with the outputs of that step's forward pass. */
  async observe(feedback: StepFeedback): Promise<void> {
    this.assertOpen('observe');
    checkFeedback(this.method, feedback, this.y.shape[1]);
    this.trackIndices(feedback.indices);
    const { probs, bce, owned } = probsAndBce(feedback);
    try {
      await this.inner.observe(feedback.indices, probs, bce);
    } finally {
      tf.dispose(owned);
    }
  }

  /** After the epoch's last step: rebuilds the sampling distribution for the next epoch. */
  async endEpoch(options: EndEpochOptions = {}): Promise<void> {
    this.assertOpen('endEpoch');
    const epoch = this.epochIndex;
    await this.throwOnBadIndex(epoch);
    if (this.inner.wantsTrainingPass?.(epoch)) {
      if (!options.predict) throw new Error(`${this.method}: this configuration looks at the whole training set after each epoch; pass endEpoch({ predict })`);
      await this.trainingPass(options.predict);
    }
    await this.inner.endEpoch(epoch);
    this.epochIndex++;
  }

  /** The method's internals (sampling spread, label weights, ...). A readback: not inside steps. */
  async inspect(): Promise<SelectorInspection | undefined> {
    this.assertOpen('inspect');
    return this.inner.inspect?.();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.inner.dispose();
    this.badIndex?.dispose();
    this.noBadIndex?.dispose();
  }

  /** Keeps the first row index outside 0..N-1 on the device: no read inside the step. */
  private trackIndices(indices: tf.Tensor1D): void {
    if (!this.badIndex || !this.noBadIndex || indices.shape[0] === 0) return;
    const [badIndex, none] = [this.badIndex, this.noBadIndex];
    const n = this.x.shape[0];
    const next = tf.tidy(() => {
      const bad = tf.logicalOr(tf.less(indices, 0), tf.greaterEqual(indices, n));
      // argMax gives the first maximum: the batch's first bad position.
      const first = tf.reshape(tf.gather(indices, tf.argMax(tf.cast(bad, 'int32'))), []);
      const candidate = tf.where(tf.any(bad), first, none);
      return tf.where(tf.equal(badIndex, none), candidate, badIndex);
    });
    badIndex.assign(next);
    next.dispose();
  }

  /** The epoch's one read of the index check (4 bytes), outside the steps. */
  private async throwOnBadIndex(epoch: number): Promise<void> {
    if (!this.badIndex) return;
    const value = (await this.badIndex.data())[0]!;
    if (value === NO_BAD_INDEX) return;
    this.badIndex.assign(this.noBadIndex!);
    throw new Error(`${this.method}: observe in epoch ${epoch} got row index ${value}, outside the training set's rows 0..${this.x.shape[0] - 1}; that step's update was not applied as meant`);
  }

  private async trainingPass(predict: (x: tf.Tensor2D) => tf.Tensor2D): Promise<void> {
    const [n, d] = this.x.shape;
    const L = this.y.shape[1];
    for (let start = 0; start < n; start += PASS_CHUNK) {
      const size = Math.min(PASS_CHUNK, n - start);
      const [indices, probs, bce] = tf.tidy(() => {
        const probs = predict(tf.slice(this.x, [start, 0], [size, d]));
        const labels = tf.slice(this.y, [start, 0], [size, L]) as tf.Tensor2D;
        return [tf.range(start, start + size, 1, 'int32') as tf.Tensor1D, probs, bceFromProbabilities(probs, labels)] as const;
      });
      try {
        await this.inner.observePass?.(indices, probs, bce);
      } finally {
        tf.dispose([indices, probs, bce]);
      }
    }
  }

  private assertOpen(call: string): void {
    if (this.disposed) throw new Error(`${this.method}: ${call}() after dispose(): the selector has been disposed`);
  }
}

/** The backend asked for, or the runtime's own: the kernels on WebGPU, the twin on the CPU. */
function backendFor(runtime: TrainingRuntime | undefined, asked: SelectorBackend | undefined, method: string): SelectorBackend {
  if (runtime && !onWebGpu(runtime)) {
    if (asked === 'gpu') throw new Error(`createSelector: ${method}'s 'gpu' backend needs the WebGPU runtime, and this one is the CPU runtime; leave backend out (or 'cpu') for the TypeScript twin`);
    return 'cpu';
  }
  return asked ?? 'gpu';
}

/**
 * A selector of the registry's method `options.method`, initialised on the app's training set.
 * `runtime` is what `openTrainingRuntime` gave: on the CPU runtime the method's twin selects.
 */
export async function createSelector(runtime: TrainingRuntime | undefined, options: SelectorOptions): Promise<Selector> {
  const method = selectionMethod(options.method);
  const { x, y, batchSize, epochs } = options;
  if (x.rank !== 2 || y.rank !== 2) throw new Error(`createSelector: x and y must be 2-D tensors, got ranks ${x.rank} and ${y.rank}`);
  if (x.dtype !== 'float32' || y.dtype !== 'float32') throw new Error(`createSelector: x and y must be float32, got ${x.dtype} and ${y.dtype}`);
  if (x.shape[0] !== y.shape[0]) throw new Error(`createSelector: x and y must have the same rows, got ${x.shape[0]} and ${y.shape[0]}`);
  const init = { data: { x, y, numInstances: x.shape[0], numLabels: y.shape[1] }, batchSize, epochs, seed: options.seed ?? 0 };
  validateSelectorInit(init);
  const validate = options.validate ?? true;
  if (validate) await checkTrainingSet(x, y);
  const fitted = fitScheduleToRun(method, options.config ?? {}, epochs);
  const warn = options.warn ?? ((message: string) => console.warn(message));
  for (const note of fitted.notes) warn(note);
  const config = method.resolve(fitted.options);
  const backend = backendFor(runtime, options.backend, method.name);
  const inner = method.create({ backend, ...(runtime && onWebGpu(runtime) ? { runtime } : {}), warn }, config);
  try {
    await inner.initialize(init);
  } catch (error) {
    inner.dispose();
    throw error;
  }
  return new Selector(inner, x, y, config, validate);
}
