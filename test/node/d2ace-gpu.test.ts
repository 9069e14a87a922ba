import { describe, expect, it } from 'vitest';
import { d2aceParity } from '../shared/d2ace-scenarios';
import { useGpuRuntime } from './runtime';

const runtime = useGpuRuntime();

describe('D2ACE on the GPU against its TypeScript twin', () => {
  it.each([
    { N: 300, L: 7, d: 5, B: 32, steps: 40, seed: 1 },
    { N: 515, L: 33, d: 17, B: 64, steps: 20, seed: 2 },
  ])('agrees on random states: %o', async (setup) => {
    const r = await d2aceParity(runtime(), setup);
    console.log(JSON.stringify(r));
    // observe keeps the history in 16-bit unorm: E and F differ from the f32 twin by ~1e-5.
    expect(r.maxError['uncertainty']).toBeLessThan(5e-5);
    expect(r.maxError['flips']).toBeLessThan(5e-5);
    expect(r.maxError['loss']).toBe(0);
    expect(r.maxError['count']).toBe(0);
    expect(r.contextMismatch).toBe(0);
    for (const key of ['weightsE', 'weightsH', 'scoresE', 'scoresH']) expect(r.maxError[key], key).toBeLessThan(5e-6);
    for (const key of ['correlationE', 'correlationH']) expect(r.maxError[key], key).toBeLessThan(2e-6);
    // f32 and f64 may land on different sides of a quantisation step for an instance or two.
    expect(r.piMismatch).toBeLessThan(0.01);
    expect(r.piSum).toBeCloseTo(1, 4);
    expect(r.batchesValid).toBe(true);
    expect(r.batchesEqual).toBe(r.batchesCompared);
    expect(r.readbacksDuringSteps).toBe(0);
    expect(r.dispatchesPerObserve).toBe(1);
  });
});
