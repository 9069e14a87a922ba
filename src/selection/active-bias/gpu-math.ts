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
import { GpuMathBase } from '../gpu-math-base';
import { MethodSelector, type SelectionMath, type SelectionPlan } from '../method-selector';
import type { SelectorInit } from '../selector';
import { GpuEpochDraw } from '../sampling/gpu-draw';
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

type Buffers = {
  count: GPUBuffer;
  mean: GPUBuffer;
  m2: GPUBuffer;
  scores: GPUBuffer;
  /** Weighting mode only: where the score kernel's log-weights go (sampling: the draw's). */
  logW?: GPUBuffer;
};

export class ActiveBiasGpuMath extends GpuMathBase<ActiveBiasConfig, Buffers> implements ActiveBiasMath {
  /** Weighting mode: the latest epoch's N scores as a tfjs tensor (a GPU copy of `scores`). */
  private scoresTensor: tf.Tensor1D | undefined;
  private prepared = false;

  constructor(rt: GpuRuntime, config: ActiveBiasConfig, warn?: (message: string) => void) {
    super(rt, config, 'active-bias', warn);
  }

  async initialize(init: SelectorInit): Promise<void> {
    this.begin(init);
    const { N, L } = this;
    const sampling = this.config.mode === 'sampling';
    await Promise.all([activeBiasObserveKernel, activeBiasScoreKernel].map((k) => this.rt.kernels.load(k)));
    this.own({
      count: this.storage('count', N * 4),
      mean: this.storage('mean', N * L * 4),
      m2: this.storage('m2', N * L * 4),
      scores: this.storage('scores', N * 4),
      ...(sampling ? {} : { logW: this.storage('log-w', N * 4) }),
    });
    if (sampling) this.draw = await GpuEpochDraw.create(this.rt, N, this.B, 'active-bias');
  }

  observe(indices: tf.Tensor1D, probs: tf.Tensor2D): void {
    const b = this.live;
    const { backend } = this.rt;
    this.rt.kernels.dispatch(activeBiasObserveKernel, {
      buffers: { indices: borrowTensorBuffer(backend, indices), probs: borrowTensorBuffer(backend, probs), count: b.count, mean: b.mean, m2: b.m2 },
      params: { batch: indices.shape[0], labels: this.L },
    });
  }

  prepareEpoch(epoch: number): tf.Tensor1D | undefined {
    const b = this.live;
    const { N } = this;
    const batch = this.rt.kernels.batch('active-bias-epoch');
    batch.dispatch(activeBiasScoreKernel, {
      buffers: { count: b.count, m2: b.m2, scores: b.scores, log_w: this.draw?.logWeights ?? b.logW! },
      params: { rows: N, labels: this.L, epsilon: this.config.epsilon },
    });
    const d = this.draw;
    d?.record(batch, epoch, this.init.seed);
    batch.submit();
    this.prepared = true;
    if (d) return d.result(() => this.warn(`Active Bias epoch ${epoch}: scores were not finite; that distribution fell back to uniform`));
    // Weighting: uniform batches (MethodSelector reshuffles); the scores weight the losses.
    this.scoresTensor?.dispose();
    this.scoresTensor = tensorFromBuffer(b.scores, [N], 'float32', { copy: true });
    return undefined;
  }

  weights(indices: tf.Tensor1D): tf.Tensor1D | undefined {
    if (this.config.mode !== 'weighting' || !this.scoresTensor) return undefined;
    return weightsFromScores(this.scoresTensor, indices);
  }

  /** count, mean, m2, scores and pi (uniform before the first draw and in weighting mode), read back. */
  async state(): Promise<Record<string, ArrayLike<number>>> {
    const b = this.live;
    const f32 = async (buffer: GPUBuffer) => new Float32Array(await readBuffer(this.rt.ctx, buffer));
    const [count, mean, m2, scores] = await Promise.all([readBuffer(this.rt.ctx, b.count).then((x) => new Uint32Array(x)), f32(b.mean), f32(b.m2), f32(b.scores)]);
    const pi = this.draw && this.prepared ? (await this.draw.read()).pi : new Float32Array(this.N).fill(1 / this.N);
    return { count, mean, m2, scores, pi };
  }

  async internals(): Promise<Record<string, unknown> & { pi?: Float32Array }> {
    const b = this.live;
    const scores = summarize(new Float32Array(await readBuffer(this.rt.ctx, b.scores)));
    const d = this.draw;
    if (!d) return { mode: this.config.mode, scores };
    const { pi, fallback } = await d.read();
    return { pi, mode: this.config.mode, scores, fallback };
  }

  protected override disposeExtra(): void {
    this.scoresTensor?.dispose();
    this.scoresTensor = undefined;
  }
}

/** Active Bias with its math on the GPU. */
export function createActiveBiasGpuSelector(rt: GpuRuntime, config: ActiveBiasConfig, warn?: (message: string) => void): ActiveBiasSelector {
  return new ActiveBiasSelector(new ActiveBiasGpuMath(rt, config, warn));
}
