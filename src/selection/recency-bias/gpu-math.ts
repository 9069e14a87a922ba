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
import { GpuMathBase } from '../gpu-math-base';
import { MethodSelector, type MethodSelectorOptions, type SelectionMath } from '../method-selector';
import type { SelectorInit } from '../selector';
import { GpuEpochDraw } from '../sampling/gpu-draw';
import { valueWeightsKernel } from '../sampling/kernels';
import { summarize } from '../summary';
import { RECENCY_MAX_WINDOW, recencyBiasPlan, recencyPressure, resolveRecencyBiasConfig, type RecencyBiasConfig } from './config';
import { RECENCY_BIAS_KERNELS, recencyObserveKernel, recencyUncertaintyKernel } from './kernels';
import { windowWords } from './reference';

export type RecencyBiasSelectorOptions = MethodSelectorOptions<RecencyBiasConfig>;

type Buffers = {
  bits: GPUBuffer;
  count: GPUBuffer;
  uncertainty: GPUBuffer;
};

export class RecencyBiasGpuMath extends GpuMathBase<RecencyBiasConfig, Buffers> implements SelectionMath {
  private pressure: number | undefined;

  constructor(rt: GpuRuntime, config: RecencyBiasConfig, warn?: (message: string) => void) {
    super(rt, config, 'recency-bias', warn);
  }

  async initialize(init: SelectorInit): Promise<void> {
    const q = this.config.window;
    if (!Number.isInteger(q) || q < 1 || q > RECENCY_MAX_WINDOW) {
      throw new Error(`recency-bias: window must be an integer in 1..${RECENCY_MAX_WINDOW} (each label's window is 10 bits of a packed word), got ${q}`);
    }
    this.begin(init);
    const { N, L } = this;
    const windowBytes = N * windowWords(L) * 4;
    const limit = this.rt.ctx.device.limits.maxStorageBufferBindingSize;
    if (windowBytes > limit) {
      throw new Error(`recency-bias: the bit windows of ${N} instances x ${L} labels take ${windowBytes} bytes, more than this device's storage binding limit of ${limit}`);
    }
    await Promise.all([...RECENCY_BIAS_KERNELS, valueWeightsKernel].map((k) => this.rt.kernels.load(k)));
    this.own({
      bits: this.storage('bits', windowBytes),
      count: this.storage('count', N * 4),
      uncertainty: this.storage('uncertainty', N * 4),
    });
    this.draw = await GpuEpochDraw.create(this.rt, N, init.batchSize, 'recency-bias');
    // Before the first draw pi is uniform, as in the twin.
    this.draw.fillUniform();
  }

  observe(indices: tf.Tensor1D, probs: tf.Tensor2D): void {
    const b = this.live;
    const { backend } = this.rt;
    this.rt.kernels.dispatch(recencyObserveKernel, {
      buffers: { indices: borrowTensorBuffer(backend, indices), probs: borrowTensorBuffer(backend, probs), bits: b.bits, count: b.count },
      params: { batch: indices.shape[0], labels: this.L, words: windowWords(this.L), window: this.config.window },
    });
  }

  prepareEpoch(epoch: number): tf.Tensor1D {
    const b = this.live;
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
    const b = this.live;
    const read = (buffer: GPUBuffer) => readBuffer(this.rt.ctx, buffer);
    const [bits, count, uncertainty, { pi }] = await Promise.all([read(b.bits), read(b.count), read(b.uncertainty), this.draw!.read()]);
    return { bits: new Uint32Array(bits), count: new Uint32Array(count), uncertainty: new Float32Array(uncertainty), pi };
  }

  async internals(): Promise<Record<string, unknown> & { pi?: ArrayLike<number> }> {
    const b = this.ownedBuffers;
    if (!b || this.pressure === undefined) return {};
    const [{ pi, fallback }, uncertainty] = await Promise.all([this.draw!.read(), readBuffer(this.rt.ctx, b.uncertainty).then((x) => new Float32Array(x))]);
    return { pi, uncertainty: summarize(uncertainty), pressure: this.pressure, fallback };
  }

}

/** Recency Bias with its math on the GPU. */
export class RecencyBiasSelector extends MethodSelector<RecencyBiasGpuMath> {
  constructor(rt: GpuRuntime, options: RecencyBiasSelectorOptions = {}) {
    const config = resolveRecencyBiasConfig(options.config);
    super('recency-bias', new RecencyBiasGpuMath(rt, config, options.warn), recencyBiasPlan(config));
  }
}
