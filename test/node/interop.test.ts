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
