/**
 * Buffer ownership and readback. Every GPUBuffer the project creates goes through a
 * BufferRegistry, so tests can check that the live count stays flat across epochs.
 */
import type { ReadbackCounter } from './readbacks';

/**
 * What a readback needs of the device's context. GpuContext (context.ts) provides it; it is
 * stated here so that this file, which the context builds on, does not import the context back.
 */
export interface ReadbackContext {
  readonly device: GPUDevice;
  readonly readbacks: ReadbackCounter;
  readonly isLost: boolean;
  submit(commandBuffers: GPUCommandBuffer[]): void;
  guard<T>(work: Promise<T>): Promise<T>;
  throwIfFailed(): void;
}

export class BufferRegistry {
  private readonly live = new Set<GPUBuffer>();

  /** `flushPending` submits work recorded elsewhere (tfjs) that may still use a buffer. */
  constructor(
    private readonly device: GPUDevice,
    private readonly flushPending: () => void = () => undefined,
  ) {}

  create(descriptor: GPUBufferDescriptor): GPUBuffer {
    const buffer = this.device.createBuffer(descriptor);
    this.live.add(buffer);
    return buffer;
  }

  /** A storage buffer filled from `data` (rounded up to 4 bytes). */
  createWithData(label: string, data: ArrayBufferView, extraUsage = 0): GPUBuffer {
    const size = Math.max(4, Math.ceil(data.byteLength / 4) * 4);
    const buffer = this.create({
      label,
      size,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST | extraUsage,
      mappedAtCreation: true,
    });
    new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    buffer.unmap();
    return buffer;
  }

  /** An uninitialised (zero-filled by WebGPU) storage buffer of `byteSize` bytes. */
  createStorage(label: string, byteSize: number, extraUsage = 0): GPUBuffer {
    return this.create({
      label,
      size: Math.max(4, Math.ceil(byteSize / 4) * 4),
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST | extraUsage,
    });
  }

  /**
   * Destroys a buffer we created. Recorded-but-unsubmitted work (a tfjs op reading a
   * zero-copy tensor of this buffer, say) is submitted first, so it still sees the buffer.
   */
  destroy(buffer: GPUBuffer): void {
    if (!this.live.delete(buffer)) return;
    this.flushPending();
    buffer.destroy();
  }

  /** Buffers created here and not yet destroyed. */
  get liveCount(): number {
    return this.live.size;
  }

  destroyAll(): void {
    for (const buffer of this.live) buffer.destroy();
    this.live.clear();
  }
}

/**
 * Copies a buffer region to the CPU. This is a readback: it is counted, and it must never
 * run inside a training step. Rejects with DeviceLostError instead of hanging.
 */
export async function readBuffer(
  ctx: ReadbackContext,
  source: GPUBuffer,
  options: { offset?: number; size?: number } = {},
): Promise<ArrayBuffer> {
  ctx.throwIfFailed();
  const offset = options.offset ?? 0;
  const size = options.size ?? source.size - offset;
  const staging = ctx.device.createBuffer({
    label: `readback:${source.label}`,
    size,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  try {
    const encoder = ctx.device.createCommandEncoder({ label: 'readback' });
    encoder.copyBufferToBuffer(source, offset, staging, 0, size);
    ctx.submit([encoder.finish()]);
    ctx.readbacks.record('buffer-map', size);
    await ctx.guard(staging.mapAsync(GPUMapMode.READ));
    const copy = staging.getMappedRange().slice(0);
    staging.unmap();
    return copy;
  } finally {
    if (!ctx.isLost) staging.destroy();
  }
}
