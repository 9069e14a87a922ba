/**
 * GPU timing that never blocks the caller. With `timestamp-query`, kernel passes write
 * timestamps that are resolved into a pooled buffer and read back asynchronously (counted as
 * 'timing' readbacks). Without it, or for work we do not encode ourselves (tfjs ops), a span is
 * timed by the wall clock from submission until `onSubmittedWorkDone` resolves.
 */
import type { GpuContext } from './context';

export type TimingSource = 'timestamp' | 'wall';

export interface TimingStats {
  count: number;
  totalMs: number;
  meanMs: number;
  minMs: number;
  maxMs: number;
  source: TimingSource;
}

const now = (): number => globalThis.performance.now();

export class GpuTimer {
  readonly mode: TimingSource;
  private readonly stats = new Map<string, TimingStats>();
  private readonly pending = new Set<Promise<void>>();
  private readonly capacity: number;
  private querySet: GPUQuerySet | undefined;
  private resolveBuffer: GPUBuffer | undefined;
  private readonly freeMapBuffers: GPUBuffer[] = [];
  private readonly allMapBuffers: GPUBuffer[] = [];
  /** Labels of passes recorded since the last resolve, in query-pair order. */
  private pairs: string[] = [];
  /** Wall-clock starts of kernel passes when timestamps are unavailable. */
  private wallStarts: Array<[string, number]> = [];
  private resolvedBuffer: GPUBuffer | undefined;
  private resolvedLabels: string[] = [];

  constructor(
    private readonly ctx: GpuContext,
    options: { mode?: TimingSource | 'auto'; capacity?: number } = {},
  ) {
    const hasTimestamps = ctx.device.features.has('timestamp-query');
    const wanted = options.mode ?? 'auto';
    if (wanted === 'timestamp' && !hasTimestamps) {
      throw new Error("GpuTimer: 'timestamp' timing needs the timestamp-query feature, which this device lacks");
    }
    this.mode = wanted === 'auto' ? (hasTimestamps ? 'timestamp' : 'wall') : wanted;
    this.capacity = options.capacity ?? 64;
  }

  /** Timestamp writes for one compute pass labelled `label` (undefined in wall mode or when full). */
  passWrites(label: string): GPUComputePassTimestampWrites | undefined {
    if (this.mode === 'wall') {
      this.wallStarts.push([label, now()]);
      return undefined;
    }
    if (this.pairs.length >= this.capacity) return undefined;
    this.querySet ??= this.ctx.device.createQuerySet({ label: 'timer', type: 'timestamp', count: this.capacity * 2 });
    const index = this.pairs.length;
    this.pairs.push(label);
    return { querySet: this.querySet, beginningOfPassWriteIndex: 2 * index, endOfPassWriteIndex: 2 * index + 1 };
  }

  /** Called before the encoder holding timed passes is finished. */
  resolveInto(encoder: GPUCommandEncoder): void {
    if (this.mode === 'wall' || this.pairs.length === 0 || !this.querySet) return;
    const bytes = this.pairs.length * 16;
    this.resolveBuffer ??= this.ctx.buffers.create({
      label: 'timer-resolve',
      size: this.capacity * 16,
      usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
    });
    const target = this.freeMapBuffers.pop() ?? this.newMapBuffer();
    encoder.resolveQuerySet(this.querySet, 0, this.pairs.length * 2, this.resolveBuffer, 0);
    encoder.copyBufferToBuffer(this.resolveBuffer, 0, target, 0, bytes);
    this.resolvedBuffer = target;
    this.resolvedLabels = this.pairs;
    this.pairs = [];
  }

  /** Called after that encoder was submitted: reads results when the GPU is done, without waiting. */
  afterSubmit(): void {
    if (this.mode === 'wall') {
      const starts = this.wallStarts;
      this.wallStarts = [];
      this.ctx.flushPending();
      this.track(this.ctx.device.queue.onSubmittedWorkDone().then(() => {
        const end = now();
        for (const [label, start] of starts) this.record(label, end - start, 'wall');
      }));
      return;
    }
    const buffer = this.resolvedBuffer;
    const labels = this.resolvedLabels;
    this.resolvedBuffer = undefined;
    if (!buffer) return;
    this.ctx.readbacks.record('timing', labels.length * 16);
    this.track(
      buffer.mapAsync(GPUMapMode.READ, 0, labels.length * 16).then(() => {
        const ticks = new BigUint64Array(buffer.getMappedRange(0, labels.length * 16));
        labels.forEach((label, i) => {
          const ns = ticks[2 * i + 1]! > ticks[2 * i]! ? Number(ticks[2 * i + 1]! - ticks[2 * i]!) : 0;
          this.record(label, ns / 1e6, 'timestamp');
        });
        buffer.unmap();
        this.freeMapBuffers.push(buffer);
      }),
    );
  }

  /** Times GPU work submitted by `submitWork` (ours or tfjs's), wall clock to completion. */
  span<T>(label: string, submitWork: () => T): T {
    const start = now();
    const result = submitWork();
    this.ctx.flushPending();
    this.track(this.ctx.device.queue.onSubmittedWorkDone().then(() => this.record(label, now() - start, 'wall')));
    return result;
  }

  /** All timings so far, once every pending measurement has landed. */
  async results(): Promise<Record<string, TimingStats>> {
    await this.ctx.guard(Promise.all([...this.pending]));
    return Object.fromEntries([...this.stats].map(([label, s]) => [label, { ...s }]));
  }

  dispose(): void {
    this.querySet?.destroy();
    if (this.resolveBuffer) this.ctx.buffers.destroy(this.resolveBuffer);
    for (const buffer of this.allMapBuffers) this.ctx.buffers.destroy(buffer);
    this.allMapBuffers.length = 0;
    this.freeMapBuffers.length = 0;
  }

  private newMapBuffer(): GPUBuffer {
    const buffer = this.ctx.buffers.create({
      label: 'timer-readback',
      size: this.capacity * 16,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    this.allMapBuffers.push(buffer);
    return buffer;
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.ctx.recordError(error as Error));
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  private record(label: string, ms: number, source: TimingSource): void {
    const s = this.stats.get(label);
    if (!s) {
      this.stats.set(label, { count: 1, totalMs: ms, meanMs: ms, minMs: ms, maxMs: ms, source });
      return;
    }
    s.count += 1;
    s.totalMs += ms;
    s.meanMs = s.totalMs / s.count;
    s.minMs = Math.min(s.minMs, ms);
    s.maxMs = Math.max(s.maxMs, ms);
  }
}
