/**
 * The significance of differences between methods, as the field reports it: per dataset and
 * metric, every method against each baseline (uniform and D2ACE) over the paired runs (same
 * split, fold and seed), and across datasets Friedman's test on average ranks with Nemenyi's
 * critical difference (Demšar 2006). The tests themselves are in ../stats.
 */
import { LOWER_IS_BETTER, type MetricName } from '../metrics/names';
import { comparePaired, friedmanTest, nemenyiCriticalDifference, type FriedmanResult, type PairedComparison } from '../stats';
import type { RunGroup } from './aggregate';
import type { RunResult } from '../results/result';

/** The methods every other method is compared with, where a sweep has them. */
export const BASELINES = ['uniform', 'd2ace'] as const;

export interface PairedRow {
  dataset: string;
  model: string;
  metric: MetricName;
  method: string;
  baseline: string;
  /** n_test / n_train of the paired runs (the t-test's correction). */
  testTrainRatio: number;
  /** method - baseline, signed so that positive means the method did better. */
  comparison: PairedComparison;
}

/** Where a run sits in a sweep: its split, fold and seed. */
const pairKey = (r: RunResult) => `${r.config.split}|${r.config.fold}|${r.config.seed}`;

function completeByPair(g: RunGroup): Map<string, RunResult> {
  return new Map(g.runs.filter((r) => r.status === 'complete' && r.test).map((r) => [pairKey(r), r]));
}

/** Every method against every baseline present, for each dataset, model and metric; only runs present for both. */
export function pairedComparisons(groups: RunGroup[], metrics: readonly MetricName[], baselines: readonly string[] = BASELINES): PairedRow[] {
  const rows: PairedRow[] = [];
  for (const base of groups.filter((g) => baselines.includes(g.method))) {
    const baseRuns = completeByPair(base);
    for (const other of groups) {
      if (other === base || other.dataset !== base.dataset || other.model !== base.model) continue;
      const otherRuns = completeByPair(other);
      const keys = [...otherRuns.keys()].filter((k) => baseRuns.has(k)).sort();
      if (keys.length === 0) continue;
      const ratios = keys.map((k) => {
        const s = baseRuns.get(k)!.dataset.sizes;
        return s.test / Math.max(1, s.train + s.validation);
      });
      const testTrainRatio = ratios.reduce((a, b) => a + b, 0) / ratios.length;
      for (const metric of metrics) {
        const a = keys.map((k) => otherRuns.get(k)!.test!.best[metric] as number);
        const b = keys.map((k) => baseRuns.get(k)!.test!.best[metric] as number);
        if (![...a, ...b].every((v) => typeof v === 'number' && Number.isFinite(v))) continue;
        rows.push({ dataset: base.dataset, model: base.model, metric, method: other.method, baseline: base.method, testTrainRatio, comparison: comparePaired(a, b, { testTrainRatio, lowerIsBetter: LOWER_IS_BETTER.has(metric) }) });
      }
    }
  }
  return rows;
}

export interface AcrossDatasets {
  model: string;
  metric: MetricName;
  datasets: string[];
  methods: string[];
  friedman: FriedmanResult;
  /** Nemenyi's critical difference of average ranks at alpha 0.05. */
  criticalDifference: number;
}

/**
 * Friedman's test per model and metric over the datasets where every method has a mean; needs
 * at least two datasets and two methods (undefined otherwise).
 */
export function acrossDatasets(groups: RunGroup[], model: string, metric: MetricName): AcrossDatasets | undefined {
  const mine = groups.filter((g) => g.model === model);
  const datasets = [...new Set(mine.map((g) => g.dataset))].sort();
  const methods = [...new Set(mine.map((g) => g.method))].sort();
  const usable = datasets.filter((d) => methods.every((m) => Number.isFinite(mine.find((g) => g.dataset === d && g.method === m)?.test.best[metric].mean)));
  if (usable.length < 2 || methods.length < 2) return undefined;
  const scores = usable.map((d) => methods.map((m) => mine.find((g) => g.dataset === d && g.method === m)!.test.best[metric].mean));
  return {
    model,
    metric,
    datasets: usable,
    methods,
    friedman: friedmanTest(scores, LOWER_IS_BETTER.has(metric)),
    criticalDifference: nemenyiCriticalDifference(methods.length, usable.length),
  };
}

/** Groups of methods whose average ranks differ by less than the critical difference (maximal runs, for the CD diagram's bars). */
export function cliques(ranks: readonly number[], cd: number): Array<[number, number]> {
  const order = ranks.map((r, i) => ({ r, i })).sort((a, b) => a.r - b.r);
  const spans: Array<[number, number]> = [];
  for (let a = 0; a < order.length; a++) {
    let b = a;
    while (b + 1 < order.length && order[b + 1]!.r - order[a]!.r < cd) b++;
    if (b > a && !spans.some(([s, e]) => s <= a && e >= b)) spans.push([a, b]);
  }
  return spans;
}
