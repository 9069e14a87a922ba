/**
 * Recency Bias's math on the GPU: the packed bit windows, visit counts, U_i and the
 * distribution live in buffers on the device tfjs uses. Per step: one `recency_bias_observe`
 * dispatch, no readback. Per epoch, in one submit: U_i (recency_bias_uncertainty), the shared
 * value sampler without min-max (value_weights, normalize 0), then the shared draw
 * (GpuEpochDraw: normalize_log_weights and sample_epoch). MethodSelector (../method-selector.ts) does the warm-up, cursor and bookkeeping.
 */
import type * as tf from '@tensorflow/tfjs';
import { readBuffer } from '../../gpu/buffers';
import { borrowTensorBuffer } from '../../gpu/interop';
import type { GpuRuntime } from '../../gpu/runtime';
import { MethodSelector, type SelectionMath } from '../method-selector';
import type { SelectorInit } from '../selector';
import { GpuEpochDraw } from '../sampling/gpu-draw';
import { valueWeightsKernel } from '../sampling/kernels';
import { summarize } from '../summary';
import { RECENCY_MAX_WINDOW, recencyBiasPlan, recencyPressure, resolveRecencyBiasConfig, type RecencyBiasConfig } from './config';
import { RECENCY_BIAS_KERNELS, recencyObserveKernel, recencyUncertaintyKernel } from './kernels';
import { windowWords } from './reference';

export interface RecencyBiasSelectorOptions {
  config?: Partial<RecencyBiasConfig>;
  /** Where warnings go (fallbacks to uniform); console.warn by default. */
  warn?: (message: string) => void;
}

interface Buffers {
  bits: GPUBuffer;
  count: GPUBuffer;
  uncertainty: GPUBuffer;
}

export class RecencyBiasGpuMath implements SelectionMath {
  readonly kind = 'gpu';
  private init!: SelectorInit;
  private buffers: Buffers | undefined;
  private draw: GpuEpochDraw | undefined;
  private pressure: number | undefined;
  private readonly warn: (message: string) => void;

  constructor(
    private readonly rt: GpuRuntime,
    readonly config: RecencyBiasConfig,
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

  async initialize(init: SelectorInit): Promise<void> {
    const q = this.config.window;
    if (!Number.isInteger(q) || q < 1 || q > RECENCY_MAX_WINDOW) {
      throw new Error(`recency-bias: window must be an integer in 1..${RECENCY_MAX_WINDOW} (each label's window is 10 bits of a packed word), got ${q}`);
    }
    this.init = init;
    const { N, L } = this;
    const windowBytes = N * windowWords(L) * 4;
    const limit = this.rt.ctx.device.limits.maxStorageBufferBindingSize;
    if (windowBytes > limit) {
      throw new Error(`recency-bias: the bit windows of ${N} instances x ${L} labels take ${windowBytes} bytes, more than this device's storage binding limit of ${limit}`);
    }
    await Promise.all([...RECENCY_BIAS_KERNELS, valueWeightsKernel].map((k) => this.rt.kernels.load(k)));
    const create = (label: string, bytes: number) => this.rt.ctx.buffers.createStorage(`recency-bias-${label}`, bytes);
    this.buffers = {
      bits: create('bits', windowBytes),
      count: create('count', N * 4),
      uncertainty: create('uncertainty', N * 4),
    };
    this.draw = await GpuEpochDraw.create(this.rt, N, init.batchSize, 'recency-bias');
    // Before the first draw pi is uniform, as in the twin.
    this.draw.fillUniform();
  }

  observe(indices: tf.Tensor1D, probs: tf.Tensor2D): void {
    const b = this.buffers;
    if (!b) throw new Error('recency-bias selector: initialize() first');
    const { backend } = this.rt;
    this.rt.kernels.dispatch(recencyObserveKernel, {
      buffers: { indices: borrowTensorBuffer(backend, indices), probs: borrowTensorBuffer(backend, probs), bits: b.bits, count: b.count },
      params: { batch: indices.shape[0], labels: this.L, words: windowWords(this.L), window: this.config.window },
    });
  }

  prepareEpoch(epoch: number): tf.Tensor1D {
    const b = this.buffers;
    if (!b) throw new Error('recency-bias selector: initialize() first');
    const { N, L } = this;
    const pressure = recencyPressure(this.config, epoch);
    this.pressure = pressure;
    const batch = this.rt.kernels.batch('recency-bias-epoch');
    batch.dispatch(recencyUncertaintyKernel, {
      buffers: { bits: b.bits, count: b.count, uncertainty: b.uncertainty },
      params: { rows: N, labels: L, words: windowWords(L), window: this.config.window, inv_labels: Math.fround(1 / L) },
    });
    const draw = this.draw!;
    batch.dispatch(valueWeightsKernel, { buffers: { scores: b.uncertainty, log_w: draw.logWeights }, params: { rows: N, log_pressure: Math.log(pressure), normalize: 0 } });
    draw.record(batch, epoch, this.init.seed);
    batch.submit();
    return draw.result(() => this.warn(`Recency Bias epoch ${epoch}: the uncertainty scores were not finite; that distribution fell back to uniform`));
  }

  async state(): Promise<Record<string, ArrayLike<number>>> {
    const b = this.buffers;
    if (!b) throw new Error('recency-bias selector: initialize() first');
    const read = (buffer: GPUBuffer) => readBuffer(this.rt.ctx, buffer);
    const [bits, count, uncertainty, { pi }] = await Promise.all([read(b.bits), read(b.count), read(b.uncertainty), this.draw!.read()]);
    return { bits: new Uint32Array(bits), count: new Uint32Array(count), uncertainty: new Float32Array(uncertainty), pi };
  }

  async internals(): Promise<Record<string, unknown> & { pi?: ArrayLike<number> }> {
    const b = this.buffers;
    if (!b || this.pressure === undefined) return {};
    const [{ pi, fallback }, uncertainty] = await Promise.all([this.draw!.read(), readBuffer(this.rt.ctx, b.uncertainty).then((x) => new Float32Array(x))]);
    return { pi, uncertainty: summarize(uncertainty), pressure: this.pressure, fallback };
  }

  dispose(): void {
    if (this.buffers) for (const buffer of Object.values(this.buffers)) this.rt.ctx.buffers.destroy(buffer);
    this.draw?.dispose();
    this.buffers = undefined;
    this.draw = undefined;
  }
}

/** Recency Bias with its math on the GPU. */
export class RecencyBiasSelector extends MethodSelector<RecencyBiasGpuMath> {
  readonly config: RecencyBiasConfig;

  constructor(rt: GpuRuntime, options: RecencyBiasSelectorOptions = {}) {
    const config = resolveRecencyBiasConfig(options.config);
    super('recency-bias', new RecencyBiasGpuMath(rt, config, options.warn), recencyBiasPlan(config));
    this.config = config;
  }
}
