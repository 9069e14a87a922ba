/**
 * D2ACE's math on the GPU: the whole state lives in buffers on the device tfjs uses, and
 * every update is a WGSL kernel (src/selection/d2ace/kernels.ts). Per step: one `observe`
 * dispatch. Per epoch: label statistics, the two sparse label correlations, scores, the
 * distribution, and all of the next epoch's batches in one dispatch (the shared sampler).
 * Nothing is read back except by inspect() / readState() and the one-word fallback flags.
 * MethodSelector (../method-selector.ts) does the warm-up, batch cursor and bookkeeping.
 */
import * as tf from '@tensorflow/tfjs';
import { readBuffer } from '../../gpu/buffers';
import { borrowTensorBuffer, tensorFromBuffer } from '../../gpu/interop';
import type { GpuRuntime } from '../../gpu/runtime';
import { GpuMathBase } from '../gpu-math-base';
import { MethodSelector, type MethodSelectorOptions, type SelectionMath } from '../method-selector';
import type { SelectorInit } from '../selector';
import { sampleEpochKernel } from '../sampling/kernels';
import { drawModeCode } from '../sampling/reference';
import { loadNeighborKernel, recordNeighborGraph } from '../neighbors/graph';
import { summarize } from '../summary';
import { createStepBuffers, dispatchObserve, type StepBuffers } from './step-state';
import { d2acePlan, mixtureBeta, referenceNanNote, resolveD2aceConfig, selectionPressure, type D2aceConfig } from './config';
import {
  CORRELATION_MAX_LABELS,
  correlationKernel,
  D2ACE_KERNELS,
  distributionKernel,
  KNN_MAX_NEIGHBORS,
  labelStatsKernel,
  localContextKernel,
  maskedNormalizeKernel,
  scoresKernel,
} from './kernels';

export type D2aceSelectorOptions = MethodSelectorOptions<D2aceConfig>;

/** The selector's state, read back (for tests, parity checks and debugging). */
export interface D2aceGpuState {
  uncertainty: Float32Array;
  flips: Float32Array;
  loss: Float32Array;
  count: Uint32Array;
  context: Float32Array;
  labelStats: Float32Array;
  correlationE: Float32Array;
  correlationH: Float32Array;
  scores: Float32Array;
  pi: Float32Array;
}

type Buffers = StepBuffers & {
  labels: GPUBuffer;
  context: GPUBuffer;
  stats: GPUBuffer;
  unitE: GPUBuffer;
  unitH: GPUBuffer;
  /** Both row-normalised correlations, [C_E..., C_H...]. */
  corr: GPUBuffer;
  scores: GPUBuffer;
  pi: GPUBuffer;
  logPi: GPUBuffer;
  status: GPUBuffer;
  batches: GPUBuffer;
};

export class GpuD2aceMath extends GpuMathBase<D2aceConfig, Buffers> implements SelectionMath {
  private referenceNanEpochs = 0;

  constructor(rt: GpuRuntime, config: D2aceConfig, warn?: (message: string) => void) {
    super(rt, config, 'd2ace', warn);
  }

  async initialize(init: SelectorInit): Promise<void> {
    if (this.config.neighbors > KNN_MAX_NEIGHBORS) {
      throw new Error(`D2ACE on the GPU supports at most ${KNN_MAX_NEIGHBORS} neighbours, got ${this.config.neighbors}`);
    }
    this.begin(init);
    const { N, L } = this;
    if (L > CORRELATION_MAX_LABELS) {
      throw new Error(`D2ACE on the GPU supports at most ${CORRELATION_MAX_LABELS} labels (the correlation rows live in workgroup memory), got ${L}`);
    }
    await Promise.all([...D2ACE_KERNELS.map((k) => this.rt.kernels.load(k)), loadNeighborKernel(this.rt), this.rt.kernels.load(sampleEpochKernel), this.rt.kernels.load(correlationKernel, this.correlationConstants)]);
    const create = (label: string, bytes: number) => this.storage(label, bytes);
    this.own({
      ...createStepBuffers(this.rt, N, L, this.config.window, 'd2ace'),
      labels: create('labels', N * L * 4),
      context: create('context', N * L * 4),
      stats: create('label-stats', L * 16),
      unitE: create('unit-e', N * L * 4),
      unitH: create('unit-h', N * L * 4),
      corr: create('correlation', 2 * L * L * 4),
      scores: create('scores', 2 * N * 4),
      pi: create('pi', N * 4),
      logPi: create('log-pi', N * 4),
      status: create('status', 8),
      batches: create('batches', this.batches * this.B * 4),
    });
    this.buildLocalContext();
  }

  /** kNN on the features (the shared neighbour graph), then Z from the labels of each neighbourhood. */
  private buildLocalContext(): void {
    const b = this.live;
    const { N, L } = this;
    const batch = this.rt.kernels.batch('d2ace-init');
    batch.commandEncoder.copyBufferToBuffer(borrowTensorBuffer(this.rt.backend, this.init.data.y), 0, b.labels, 0, N * L * 4);
    const graph = recordNeighborGraph(this.rt, batch, this.init.data.x, this.config.neighbors, 'd2ace');
    batch.dispatch(localContextKernel, { buffers: { neighbors: graph.buffer, labels: b.labels, context: b.context }, params: { rows: N, labels: L, width: graph.width } });
    batch.submit();
    this.rt.ctx.buffers.destroy(graph.buffer);
  }

  /** The correlation kernel is compiled for L rounded up to a multiple of 64. */
  private get correlationConstants(): Record<string, number> {
    return { MAX_LABELS: Math.ceil(this.L / 64) * 64 };
  }

  observe(indices: tf.Tensor1D, probs: tf.Tensor2D, bce: tf.Tensor2D): void {
    const b = this.live;
    dispatchObserve(this.rt, b, this.config, this.L, indices, probs, bce);
  }

  prepareEpoch(epoch: number): tf.Tensor1D {
    this.buildDistribution(epoch);
    return this.sampleEpoch(epoch);
  }

  /** Label statistics, correlations, scores and pi for `epoch` (spec section 3). */
  private buildDistribution(epoch: number): void {
    const b = this.live;
    const { N, L } = this;
    const lossNorm = this.config.lossNorm === 'bounded' ? 1 : 0;
    const eps = this.config.epsilon;
    const state = { uncert: b.uncert, loss: b.loss, flips: b.flips, labels: b.labels };
    const batch = this.rt.kernels.batch('d2ace-epoch');
    batch.dispatch(labelStatsKernel, { buffers: { ...state, stats: b.stats }, params: { rows: N, labels: L, loss_norm: lossNorm } });
    batch.dispatch(maskedNormalizeKernel, {
      buffers: { ...state, stats: b.stats, unit_e: b.unitE, unit_h: b.unitH },
      params: { rows: N, labels: L, loss_norm: lossNorm, epsilon: eps },
    });
    batch.dispatch(correlationKernel, {
      buffers: { labels: b.labels, unit_e: b.unitE, unit_h: b.unitH, corr: b.corr },
      params: { rows: N, labels: L, epsilon: eps },
      constants: this.correlationConstants,
    });
    batch.dispatch(scoresKernel, {
      buffers: { ...state, context: b.context, stats: b.stats, corr: b.corr, scores: b.scores },
      params: { rows: N, labels: L, loss_norm: lossNorm },
    });
    batch.dispatch(distributionKernel, {
      buffers: { scores: b.scores, pi: b.pi, log_pi: b.logPi, status: b.status },
      params: { rows: N, log_pressure: Math.log(selectionPressure(this.config, epoch, this.init.epochs)), beta: mixtureBeta(this.config, epoch) },
    });
    batch.submit();
    this.reportFallbacks(epoch);
  }

  /** Every batch of `epoch` in one dispatch of the shared sampler. */
  private sampleEpoch(epoch: number): tf.Tensor1D {
    const b = this.live;
    this.rt.kernels.dispatch(sampleEpochKernel, {
      buffers: { log_pi: b.logPi, out: b.batches },
      params: { rows: this.N, batch: this.B, seed: this.init.seed >>> 0, epoch, first_batch: 0, batches: this.batches, mode: drawModeCode(this.config.draw) },
    });
    return tensorFromBuffer(b.batches, [this.batches * this.B], 'int32', { copy: true });
  }

  /** Reads the two fallback flags without waiting; warns when they land. */
  private reportFallbacks(epoch: number): void {
    readBuffer(this.rt.ctx, this.live.status)
      .then((bytes) => {
        const [e, h] = new Uint32Array(bytes);
        // With nan: 'reference' a uniform p_E is the authors' behaviour: noted once, then counted.
        const expectedE = e === 1 && this.config.nan === 'reference';
        if (expectedE && this.referenceNanEpochs++ === 0) this.warn(referenceNanNote(epoch));
        const which = [e && !expectedE ? 'uncertainty' : '', h ? 'hardness' : ''].filter(Boolean);
        if (which.length) this.warn(`D2ACE epoch ${epoch}: ${which.join(' and ')} scores were not finite; that distribution fell back to uniform`);
      })
      .catch((error: unknown) => this.rt.ctx.recordError(error as Error));
  }

  async readState(): Promise<D2aceGpuState> {
    const b = this.live;
    const f32 = async (buffer: GPUBuffer) => new Float32Array(await readBuffer(this.rt.ctx, buffer));
    return {
      uncertainty: await f32(b.uncert),
      flips: await f32(b.flips),
      loss: await f32(b.loss),
      count: new Uint32Array(await readBuffer(this.rt.ctx, b.count)),
      context: await f32(b.context),
      labelStats: await f32(b.stats),
      ...(await f32(b.corr).then((c) => ({ correlationE: c.slice(0, this.L * this.L), correlationH: c.slice(this.L * this.L) }))),
      scores: await f32(b.scores),
      pi: await f32(b.pi),
    };
  }

  async state(): Promise<Record<string, ArrayLike<number>>> {
    const s = await this.readState();
    return { uncertainty: s.uncertainty, flips: s.flips, loss: s.loss, count: s.count, pi: s.pi };
  }

  async internals(): Promise<Record<string, unknown> & { pi: Float32Array }> {
    const b = this.live;
    const [stats, pi, scores, status] = await Promise.all([
      readBuffer(this.rt.ctx, b.stats).then((x) => new Float32Array(x)),
      readBuffer(this.rt.ctx, b.pi).then((x) => new Float32Array(x)),
      readBuffer(this.rt.ctx, b.scores).then((x) => new Float32Array(x)),
      readBuffer(this.rt.ctx, b.status).then((x) => new Uint32Array(x)),
    ]);
    const column = (c: number) => Array.from({ length: this.L }, (_, j) => stats[4 * j + c]!);
    return {
      pi,
      labelWeights: { uncertainty: column(0), hardness: column(1) },
      scores: { uncertainty: summarize(scores.subarray(0, this.N)), hardness: summarize(scores.subarray(this.N)) },
      fallback: { uncertainty: status[0] === 1, hardness: status[1] === 1 },
      ...(this.config.nan === 'reference' ? { referenceNanEpochs: this.referenceNanEpochs } : {}),
    };
  }
}

/** D2ACE with its math on the GPU. */
export class GpuD2aceSelector extends MethodSelector<GpuD2aceMath> {
  constructor(rt: GpuRuntime, options: D2aceSelectorOptions = {}) {
    const config = resolveD2aceConfig(options.config);
    super('d2ace', new GpuD2aceMath(rt, config, options.warn), d2acePlan(config));
  }

  readState(): Promise<D2aceGpuState> {
    return this.math.readState();
  }
}
