import { describe, expect, it } from 'vitest';
import { readBuffer } from '../../src/gpu/buffers';
import { GpuContext } from '../../src/gpu/context';
import { DeviceLostError } from '../../src/gpu/errors';
import { defaultGpuProvider } from '../../src/gpu/provider-node';

describe('device loss', () => {
  it('ends pending and later GPU calls with DeviceLostError instead of hanging', async () => {
    const ctx = await GpuContext.acquire(await defaultGpuProvider());
    const buffer = ctx.buffers.createStorage('lost', 1 << 20);
    const pending = readBuffer(ctx, buffer);
    // Someone else destroys the device while a readback is in flight.
    ctx.device.destroy();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceLostError);
    expect((error as Error).message).toMatch(/^GPU device lost \(destroyed\)/);
    await expect(ctx.sync()).rejects.toBeInstanceOf(DeviceLostError);
    expect(() => ctx.submit([])).toThrow(DeviceLostError);
    ctx.dispose();
  });

  it('reports a released device, not a failure, after dispose()', async () => {
    const ctx = await GpuContext.acquire(await defaultGpuProvider());
    ctx.dispose();
    await expect(ctx.sync()).rejects.toThrow('GPU device lost (released)');
  });
});
