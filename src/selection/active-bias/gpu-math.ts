/**
 * Active Bias's math on the GPU (BASELINES "Active Bias"). The per-entry running statistics
 * (visits, mean, M2: Welford's update, no history) live in buffers on the device tfjs uses.
 * Per step: ONE dispatch of active_bias_observe, no readback. Per epoch: active_bias_score,
 * then in sampling mode the shared normalize_log_weights and sample_epoch, one submit; in
 * weighting mode the scores become a tfjs tensor (a GPU copy) and batchWeights gathers from it
 * with tfjs ops. Nothing is read back except by state() / internals() and the one-word
 * fallback flag (read without blocking).
 */
import * as tf from '@tensorflow/tfjs';
import { readBuffer } from '../../gpu/buffers';
import { borrowTensorBuffer, tensorFromBuffer } from '../../gpu/interop';
import type { GpuRuntime } from '../../gpu/runtime';
import { MethodSelector, type SelectionMath, type SelectionPlan } from '../method-selector';
import type { SelectorInit } from '../selector';
import { normalizeLogWeightsKernel, sampleEpochKernel } from '../sampling/kernels';
import { summarize } from '../summary';
import type { ActiveBiasConfig } from './config';
import { activeBiasObserveKernel, activeBiasScoreKernel } from './kernels';

/** Active Bias's math (GPU or twin): SelectionMath plus the weighting mode's batch weights. */
export interface ActiveBiasMath extends SelectionMath {
  readonly config: ActiveBiasConfig;
  /**
   * Weighting mode: the batch's scores divided by their mean (a float32 GPU tensor the caller
   * disposes), from the latest per-epoch scores; undefined in sampling mode and before the
   * first selection epoch has scores (warm-up).
   */
  weights(indices: tf.Tensor1D): tf.Tensor1D | undefined;
}

/** BASELINES: warm-up epochs reshuffle uniformly; no pressure schedule (p proportional to the score). */
export function activeBiasPlan(config: ActiveBiasConfig): SelectionPlan {
  return { warmupEpochs: config.warmupEpochs, warmupOrder: 'reshuffle', schedule: () => ({ mode: config.mode }) };
}

/** The weights of a batch from a tensor of all N scores: gathered and divided by their mean, on the GPU. */
export function weightsFromScores(scores: tf.Tensor1D, indices: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const s = tf.gather(scores, indices) as tf.Tensor1D;
    return tf.div(s, tf.mean(s)) as tf.Tensor1D;
  });
}

/**
 * The Active Bias selector, on either math. SelectionMath.batchWeights must always return a
 * tensor, but Active Bias has no weights during warm-up or in sampling mode, so the selector
 * asks the math's weights() (tensor or undefined) instead.
 */
export class ActiveBiasSelector extends MethodSelector<ActiveBiasMath> {
  constructor(math: ActiveBiasMath) {
    super('active-bias', math, activeBiasPlan(math.config));
  }

  override batchWeights(indices: tf.Tensor1D): tf.Tensor1D | undefined {
    return this.math.weights(indices);
  }
}

interface Buffers {
  count: GPUBuffer;
  mean: GPUBuffer;
  m2: GPUBuffer;
  scores: GPUBuffer;
  logW: GPUBuffer;
}

/** What only sampling mode needs. */
interface DrawBuffers {
  pi: GPUBuffer;
  logPi: GPUBuffer;
  status: GPUBuffer;
  batches: GPUBuffer;
}

export class ActiveBiasGpuMath implements ActiveBiasMath {
  readonly kind = 'gpu';
  private init!: SelectorInit;
  private buffers: Buffers | undefined;
  private draw: DrawBuffers | undefined;
  /** Weighting mode: the latest epoch's N scores as a tfjs tensor (a GPU copy of `scores`). */
  private scoresTensor: tf.Tensor1D | undefined;
  private prepared = false;
  private readonly warn: (message: string) => void;

  constructor(
    private readonly rt: GpuRuntime,
    readonly config: ActiveBiasConfig,
    warn?: (message: string) => void,
  ) {
    this.warn = warn ?? ((message) => console.warn(message));
  }

  private get N(): number {
    return this.init.data.numInstances;
  }
  private get L(): number {
    return this.init.data.numLabels;
  }
  private get B(): number {
    return this.init.batchSize;
  }
  private get batches(): number {
    return Math.ceil(this.N / this.B);
  }

  async initialize(init: SelectorInit): Promise<void> {
    this.init = init;
    const { N, L } = this;
    const sampling = this.config.mode === 'sampling';
    const kernels = [activeBiasObserveKernel, activeBiasScoreKernel, ...(sampling ? [normalizeLogWeightsKernel, sampleEpochKernel] : [])];
    await Promise.all(kernels.map((k) => this.rt.kernels.load(k)));
    const create = (label: string, bytes: number) => this.rt.ctx.buffers.createStorage(`active-bias-${label}`, bytes);
    this.buffers = {
      count: create('count', N * 4),
      mean: create('mean', N * L * 4),
      m2: create('m2', N * L * 4),
      scores: create('scores', N * 4),
      logW: create('log-w', N * 4),
    };
    if (sampling) {
      this.draw = { pi: create('pi', N * 4), logPi: create('log-pi', N * 4), status: create('status', 4), batches: create('batches', this.batches * this.B * 4) };
    }
  }

  observe(indices: tf.Tensor1D, probs: tf.Tensor2D): void {
    const b = this.buffers;
    if (!b) throw new Error('active-bias selector: initialize() first');
    const { backend } = this.rt;
    this.rt.kernels.dispatch(activeBiasObserveKernel, {
      buffers: { indices: borrowTensorBuffer(backend, indices), probs: borrowTensorBuffer(backend, probs), count: b.count, mean: b.mean, m2: b.m2 },
      params: { batch: indices.shape[0], labels: this.L },
    });
  }

  prepareEpoch(epoch: number): tf.Tensor1D | undefined {
    const b = this.buffers;
    if (!b) throw new Error('active-bias selector: initialize() first');
    const { N } = this;
    const batch = this.rt.kernels.batch('active-bias-epoch');
    batch.dispatch(activeBiasScoreKernel, {
      buffers: { count: b.count, m2: b.m2, scores: b.scores, log_w: b.logW },
      params: { rows: N, labels: this.L, epsilon: this.config.epsilon },
    });
    const d = this.draw;
    if (d) {
      batch.dispatch(normalizeLogWeightsKernel, { buffers: { log_w: b.logW, pi: d.pi, log_pi: d.logPi, status: d.status }, params: { rows: N } });
      batch.dispatch(sampleEpochKernel, {
        buffers: { log_pi: d.logPi, out: d.batches },
        params: { rows: N, batch: this.B, seed: this.init.seed >>> 0, epoch, first_batch: 0, batches: this.batches },
      });
    }
    batch.submit();
    this.prepared = true;
    if (d) {
      this.reportFallback(epoch, d.status);
      return tensorFromBuffer(d.batches, [this.batches * this.B], 'int32', { copy: true });
    }
    // Weighting: uniform batches (MethodSelector reshuffles); the scores weight the losses.
    this.scoresTensor?.dispose();
    this.scoresTensor = tensorFromBuffer(b.scores, [N], 'float32', { copy: true });
    return undefined;
  }

  weights(indices: tf.Tensor1D): tf.Tensor1D | undefined {
    if (this.config.mode !== 'weighting' || !this.scoresTensor) return undefined;
    return weightsFromScores(this.scoresTensor, indices);
  }

  /** Reads the fallback flag without waiting; warns when it lands. */
  private reportFallback(epoch: number, status: GPUBuffer): void {
    readBuffer(this.rt.ctx, status)
      .then((bytes) => {
        if (new Uint32Array(bytes)[0]) this.warn(`Active Bias epoch ${epoch}: scores were not finite; that distribution fell back to uniform`);
      })
      .catch((error: unknown) => this.rt.ctx.recordError(error as Error));
  }

  /** count, mean, m2, scores and pi (uniform before the first draw and in weighting mode), read back. */
  async state(): Promise<Record<string, ArrayLike<number>>> {
    const b = this.buffers;
    if (!b) throw new Error('active-bias selector: initialize() first');
    const f32 = async (buffer: GPUBuffer) => new Float32Array(await readBuffer(this.rt.ctx, buffer));
    const [count, mean, m2, scores] = await Promise.all([readBuffer(this.rt.ctx, b.count).then((x) => new Uint32Array(x)), f32(b.mean), f32(b.m2), f32(b.scores)]);
    const pi = this.draw && this.prepared ? await f32(this.draw.pi) : new Float32Array(this.N).fill(1 / this.N);
    return { count, mean, m2, scores, pi };
  }

  async internals(): Promise<Record<string, unknown> & { pi?: Float32Array }> {
    const b = this.buffers!;
    const scores = summarize(new Float32Array(await readBuffer(this.rt.ctx, b.scores)));
    const d = this.draw;
    if (!d) return { mode: this.config.mode, scores };
    const [pi, status] = await Promise.all([readBuffer(this.rt.ctx, d.pi).then((x) => new Float32Array(x)), readBuffer(this.rt.ctx, d.status).then((x) => new Uint32Array(x))]);
    return { pi, mode: this.config.mode, scores, fallback: status[0] === 1 };
  }

  dispose(): void {
    for (const buffer of [...Object.values(this.buffers ?? {}), ...Object.values(this.draw ?? {})]) this.rt.ctx.buffers.destroy(buffer);
    this.buffers = undefined;
    this.draw = undefined;
    this.scoresTensor?.dispose();
    this.scoresTensor = undefined;
  }
}

/** Active Bias with its math on the GPU. */
export function createActiveBiasGpuSelector(rt: GpuRuntime, config: ActiveBiasConfig, warn?: (message: string) => void): ActiveBiasSelector {
  return new ActiveBiasSelector(new ActiveBiasGpuMath(rt, config, warn));
}
