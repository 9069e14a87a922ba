import { describe, expect, it } from 'vitest';
import { benchmarkBackbones, forwardFlops } from '../../src/bench/backbones';
import { benchmarkSelection } from '../../src/bench/selection';
import { useGpuRuntime } from './runtime';

const runtime = useGpuRuntime();

describe('benchmarks (smoke, tiny sizes)', () => {
  it('counts forward FLOPs by hand for a one-layer MLP', () => {
    // 2 * B * (d*w + w*L) = 2 * 4 * (3*5 + 5*2) = 200
    expect(forwardFlops('mlp', 4, 3, 2, 0, [5])).toBe(200);
  });

  it('backbone benchmark rows report time, GFLOP and zero readbacks per step', async () => {
    const rows = await benchmarkBackbones(runtime(), { models: ['mlp', 'clif'], shapes: ['yeast'], batch: 8, hidden: 8, mlpWidths: [8], warmupSteps: 1, steps: 1 });
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.msPerStep).toBeGreaterThan(0);
      expect(row.gflopPerStep).toBeGreaterThan(0);
      expect(row.readbacksPerStep).toBe(0);
    }
  });

  it('selection benchmark measures GPU and twin side by side', async () => {
    const [row] = await benchmarkSelection(runtime(), {
      shapes: ['yeast'],
      methods: ['d2ace'],
      batch: 64,
      observeSteps: 2,
      knnRows: 100,
      twinMaxEntries: 1e9,
      overheadModels: [],
      overheadHidden: 8,
    });
    expect(row!.method).toBe('d2ace');
    expect(row!.dispatchesPerStep).toBe(1);
    expect(row!.readbacksPerStep).toBe(0);
    expect(row!.gpu.epochUpdateMs).toBeGreaterThan(0);
    expect(row!.twin!.epochUpdateMs).toBeGreaterThan(0);
    expect(row!.twinOverGpu!.epoch).toBeGreaterThan(0);
  });
});
