import { describe, expect, it } from 'vitest';
import { columnStatsReference } from '../../src/gpu/self-check/reference';
import { columnStatsParity } from '../shared/gpu-scenarios';
import { useGpuRuntime } from './runtime';

const runtime = useGpuRuntime();

describe('column_stats kernel against its TypeScript twin', () => {
  it('twin matches hand-computed mean and population std', () => {
    // Column 0: 1, 2, 3, 4 -> mean 2.5, var 1.25. Column 1: constant 5 -> std 0.
    const stats = columnStatsReference([1, 5, 2, 5, 3, 5, 4, 5], 4, 2);
    expect(Array.from(stats)).toEqual([2.5, Math.sqrt(1.25), 5, 0]);
  });

  it('agrees on random matrices of awkward shapes', async () => {
    const cases = [
      { rows: 1, cols: 1, seed: 1, scale: 1, offset: 0 },
      { rows: 255, cols: 3, seed: 2, scale: 1, offset: 0 },
      { rows: 257, cols: 14, seed: 3, scale: 10, offset: 0 },
      { rows: 1500, cols: 1, seed: 4, scale: 1, offset: 100 },
      { rows: 4500, cols: 37, seed: 5, scale: 0.01, offset: 0.5 },
    ];
    const results = await columnStatsParity(runtime(), cases);
    for (const r of results) expect(r.maxRelError, JSON.stringify(r)).toBeLessThan(2e-5);
  });
});
