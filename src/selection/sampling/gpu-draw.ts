/**
 * The GPU end of every sampling method's epoch: log-weights -> pi (normalize_log_weights) ->
 * every batch of the epoch (sample_epoch), recorded into the method's own kernel batch so the
 * whole per-epoch update is one submission. Owns its buffers; the fallback flag is read
 * without blocking and reported through `warn`.
 */
import type * as tf from '@tensorflow/tfjs';
import { readBuffer } from '../../gpu/buffers';
import { tensorFromBuffer } from '../../gpu/interop';
import type { KernelBatch } from '../../gpu/runner';
import type { GpuRuntime } from '../../gpu/runtime';
import { normalizeLogWeightsKernel, sampleEpochKernel } from './kernels';
import { drawModeCode, type DrawMode } from './reference';

export class GpuEpochDraw {
  /** The method writes its log-weights here (N floats) before record(). */
  readonly logWeights: GPUBuffer;
  private readonly pi: GPUBuffer;
  private readonly logPi: GPUBuffer;
  private readonly status: GPUBuffer;
  private readonly batches: GPUBuffer;
  private readonly batchCount: number;

  private constructor(
    private readonly rt: GpuRuntime,
    private readonly rows: number,
    private readonly batchSize: number,
    label: string,
  ) {
    const create = (name: string, bytes: number) => rt.ctx.buffers.createStorage(`${label}-${name}`, bytes);
    this.batchCount = Math.ceil(rows / batchSize);
    this.logWeights = create('log-weights', rows * 4);
    this.pi = create('pi', rows * 4);
    this.logPi = create('log-pi', rows * 4);
    this.status = create('status', 4);
    this.batches = create('batches', this.batchCount * batchSize * 4);
  }

  /** Compiles the shared kernels, then allocates the buffers for N rows and batches of B. */
  static async create(rt: GpuRuntime, rows: number, batchSize: number, label: string): Promise<GpuEpochDraw> {
    await Promise.all([rt.kernels.load(normalizeLogWeightsKernel), rt.kernels.load(sampleEpochKernel)]);
    return new GpuEpochDraw(rt, rows, batchSize, label);
  }

  /** pi = 1/N until the first draw (for methods whose twin starts uniform). */
  fillUniform(): void {
    this.rt.ctx.device.queue.writeBuffer(this.pi, 0, new Float32Array(this.rows).fill(1 / this.rows));
  }

  /** Records pi and the epoch's batches into `batch` (after the method's log-weight kernel). */
  record(batch: KernelBatch, epoch: number, seed: number, draw: DrawMode = 'independent'): void {
    batch.dispatch(normalizeLogWeightsKernel, { buffers: { log_w: this.logWeights, pi: this.pi, log_pi: this.logPi, status: this.status }, params: { rows: this.rows } });
    batch.dispatch(sampleEpochKernel, {
      buffers: { log_pi: this.logPi, out: this.batches },
      params: { rows: this.rows, batch: this.batchSize, seed: seed >>> 0, epoch, first_batch: 0, batches: this.batchCount, mode: drawModeCode(draw) },
    });
  }

  /** After the submission: the batches as a tfjs tensor (a GPU copy), and the fallback check. */
  result(onFallback: () => void): tf.Tensor1D {
    readBuffer(this.rt.ctx, this.status)
      .then((bytes) => {
        if (new Uint32Array(bytes)[0]) onFallback();
      })
      .catch((error: unknown) => this.rt.ctx.recordError(error as Error));
    return tensorFromBuffer(this.batches, [this.batchCount * this.batchSize], 'int32', { copy: true });
  }

  /** Read back (inspect, tests): pi, the log-weights and the fallback flag. */
  async read(): Promise<{ pi: Float32Array; logWeights: Float32Array; fallback: boolean }> {
    const [pi, logWeights, status] = await Promise.all([readBuffer(this.rt.ctx, this.pi), readBuffer(this.rt.ctx, this.logWeights), readBuffer(this.rt.ctx, this.status)]);
    return { pi: new Float32Array(pi), logWeights: new Float32Array(logWeights), fallback: new Uint32Array(status)[0] === 1 };
  }

  dispose(): void {
    for (const buffer of [this.logWeights, this.pi, this.logPi, this.status, this.batches]) this.rt.ctx.buffers.destroy(buffer);
  }
}
