import { describe, expect, it } from 'vitest';
import { roundTrip } from '../shared/gpu-scenarios';
import { useGpuRuntime } from './runtime';

const runtime = useGpuRuntime();

describe.each([
  ['GPU copy', false],
  ['zero copy', true],
])('tfjs -> WGSL -> tfjs round trip (%s)', (_label, zeroCopy) => {
  it('makes no readback until the final check and leaks no tensor or buffer', async () => {
    const r = await roundTrip(runtime(), zeroCopy);
    expect(r.readbacksDuringEpochs).toBe(0);
    expect(r.readbacksAtCheck).toBe(1);
    // One live result tensor per epoch, nothing else accumulating.
    expect(new Set(r.tensorsPerEpoch).size).toBe(1);
    expect(r.tensorsPerEpoch[0]).toBe(r.tensorsBefore + 1);
    expect(r.tensorsAfter).toBe(r.tensorsBefore);
    expect(r.buffersAfter).toBe(r.buffersBefore);
    expect(r.maxAbsError).toBeLessThan(1e-5);
  });
});

describe('readback accounting', () => {
  it('counts tfjs reads of GPU-resident tensors once, and not reads of CPU-cached values', async () => {
    const { ctx } = runtime();
    const tf = await import('@tensorflow/tfjs');
    const before = ctx.readbacks.snapshot();
    const onCpu = tf.tensor1d(new Float32Array(2000).fill(1));
    await onCpu.data(); // values not uploaded yet: no transfer
    expect(ctx.readbacks.since(before).total).toBe(0);
    const onGpu = tf.tidy(() => tf.add(onCpu, 1));
    const values = (await onGpu.array()) as number[];
    expect(values[0]).toBe(2);
    await onGpu.data(); // now cached on the CPU
    const diff = ctx.readbacks.since(before);
    expect(diff.total).toBe(1);
    expect(diff.bySource['tensor-read']).toBe(1);
    expect(diff.bytes).toBe(2000 * 4);
    tf.dispose([onCpu, onGpu]);
  });
});
