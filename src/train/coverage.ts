/**
 * Coverage of the training set, for every method: the share of instances an epoch visits and
 * how often each instance is drawn (an epoch of ceil(N/B) independent weighted batches reaches
 * at most about 1 - 1/e of the set). On WebGPU: one count_visits dispatch per step (no
 * readback), the counts read once per epoch, after its last step. On the CPU runtime the
 * batch's indices are counted where they lie. Summed over the run on the CPU either way.
 */
import type * as tf from '@tensorflow/tfjs';
import { readBuffer } from '../gpu/buffers';
import { borrowTensorBuffer } from '../gpu/interop';
import type { GpuRuntime } from '../gpu/runtime';
import { countVisitsKernel } from './kernels';
import { onWebGpu, type TrainingRuntime } from './training-runtime';

/** Draws per instance, summarised. */
export interface DrawCounts {
  min: number;
  median: number;
  max: number;
}

export interface EpochCoverage {
  /** Instances drawn at least once in the epoch. */
  visited: number;
  /** visited / N. */
  share: number;
  draws: DrawCounts;
}

export interface RunCoverage {
  instances: number;
  /** Mean of the epochs' shares, over all epochs and over the selection epochs (null: none). */
  meanShare: number;
  meanShareSelection: number | null;
  /** Lowest share of any epoch. */
  minShare: number;
  /** Draws of each instance over the whole run. */
  draws: DrawCounts;
  /** Instances never drawn in the whole run. */
  neverDrawn: number;
}

/** min, median (the mean of the two middle values for even N) and max of counts. */
export function drawCounts(counts: ArrayLike<number>): DrawCounts {
  const sorted = Float64Array.from(counts).sort();
  const n = sorted.length;
  const median = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  return { min: sorted[0]!, median, max: sorted[n - 1]! };
}

/** The coverage of one epoch from its per-instance draw counts. */
export function epochCoverage(counts: ArrayLike<number>): EpochCoverage {
  let visited = 0;
  for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) visited++;
  return { visited, share: visited / counts.length, draws: drawCounts(counts) };
}

/** Where an epoch's per-instance counts are kept. */
interface VisitStore {
  record(indices: tf.Tensor1D): void;
  /** The epoch's counts; the store starts again from zero. */
  take(): Promise<Uint32Array>;
  dispose(): void;
}

/** Counts on the GPU: one dispatch per step, one readback per epoch. */
class GpuVisitStore implements VisitStore {
  private readonly counts: GPUBuffer;
  constructor(
    private readonly rt: GpuRuntime,
    private readonly instances: number,
  ) {
    this.counts = rt.ctx.buffers.createStorage('coverage-counts', instances * 4);
  }
  record(indices: tf.Tensor1D): void {
    const batch = indices.shape[0];
    if (batch === 0) return;
    this.rt.kernels.dispatch(countVisitsKernel, { buffers: { indices: borrowTensorBuffer(this.rt.backend, indices), counts: this.counts }, params: { batch } });
  }
  async take(): Promise<Uint32Array> {
    const counts = new Uint32Array(await readBuffer(this.rt.ctx, this.counts));
    this.rt.ctx.device.queue.writeBuffer(this.counts, 0, new Uint32Array(this.instances));
    return counts;
  }
  dispose(): void {
    this.rt.ctx.buffers.destroy(this.counts);
  }
}

/** Counts in memory, for the CPU runtime (the indices are already in memory there). */
class CpuVisitStore implements VisitStore {
  private counts: Uint32Array;
  constructor(private readonly instances: number) {
    this.counts = new Uint32Array(instances);
  }
  record(indices: tf.Tensor1D): void {
    for (const i of indices.dataSync()) this.counts[i]! += 1;
  }
  async take(): Promise<Uint32Array> {
    const counts = this.counts;
    this.counts = new Uint32Array(this.instances);
    return counts;
  }
  dispose(): void {
    // Plain memory: nothing to release.
  }
}

export class VisitCounter {
  private readonly totals: Float64Array;
  private readonly epochs: Array<EpochCoverage & { selection: boolean }> = [];

  private constructor(
    private readonly store: VisitStore,
    readonly instances: number,
  ) {
    this.totals = new Float64Array(instances);
  }

  static async create(rt: TrainingRuntime, instances: number): Promise<VisitCounter> {
    if (!onWebGpu(rt)) return new VisitCounter(new CpuVisitStore(instances), instances);
    await rt.kernels.load(countVisitsKernel);
    return new VisitCounter(new GpuVisitStore(rt, instances), instances);
  }

  /** After a step: counts the batch's instances (on WebGPU one dispatch, no readback). */
  record(indices: tf.Tensor1D): void {
    this.store.record(indices);
  }

  /** After an epoch's last step: its coverage (on WebGPU one readback), then the counts start again. */
  async closeEpoch(selection: boolean): Promise<EpochCoverage> {
    const counts = await this.store.take();
    for (let i = 0; i < counts.length; i++) this.totals[i]! += counts[i]!;
    const coverage = epochCoverage(counts);
    this.epochs.push({ ...coverage, selection });
    return coverage;
  }

  /** The run so far: shares over epochs and draws per instance over the run. */
  summary(): RunCoverage | null {
    if (this.epochs.length === 0) return null;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const selection = this.epochs.filter((e) => e.selection).map((e) => e.share);
    let neverDrawn = 0;
    for (const t of this.totals) if (t === 0) neverDrawn++;
    return {
      instances: this.instances,
      meanShare: mean(this.epochs.map((e) => e.share)),
      meanShareSelection: selection.length ? mean(selection) : null,
      minShare: Math.min(...this.epochs.map((e) => e.share)),
      draws: drawCounts(this.totals),
      neverDrawn,
    };
  }

  dispose(): void {
    this.store.dispose();
  }
}
