/** A result with only what the report's aggregation reads: one value for every metric. */
import { METRIC_NAMES, type MetricValues } from '../../src/metrics/names';
import type { RunResult } from '../../src/results/result';

export function fakeRun(dataset: string, method: string, fold: number, value: number): RunResult {
  const metrics = Object.fromEntries(METRIC_NAMES.map((m) => [m, value])) as MetricValues;
  return {
    status: 'complete',
    dataset: { name: dataset, sizes: { train: 1080, validation: 120, test: 300 } },
    config: { dataset, model: 'mlp', method, split: 'cv5', fold, seed: 0, recipe: 'mlp' },
    test: { best: metrics, last: metrics },
    history: [],
    timings: { setupMs: 1, trainMs: 1, selectionMs: 1, evaluationMs: 1, totalMs: 4 },
    readbacks: { perStep: 0 },
  } as unknown as RunResult;
}
