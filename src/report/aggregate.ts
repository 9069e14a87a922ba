/**
 * src/report: how results are read and presented. This file groups run results over folds and
 * seeds (the numbers behind every report); significance.ts compares methods (paired tests,
 * Friedman, Nemenyi) and cd-diagram.ts draws the critical differences; convergence.ts judges
 * learning curves; runs-apart.ts names the runs kept out of the averages; tables.ts,
 * significance-sections.ts, markdown.ts and html.ts write CSV, Markdown and the HTML page. It
 * reads ../results and never the sweep code.
 */
import { inspectionNumber } from '../selection/inspection-path';
import { LOWER_IS_BETTER, METRIC_NAMES, type MetricName } from '../metrics/names';
import { SELECTION_METHODS } from '../selection/registry';
import type { RunResult } from '../results/result';
import { isComplete, rowNames } from './runs-apart';

/** The D2ACE figures the paper reports (D2ACE-SPEC section 7), as fractions. */
export const PUBLISHED_D2ACE: Record<string, Partial<Record<MetricName, number>>> = {
  corel5k: { ranking_loss: 0.1543 },
  mediamill: { macro_f1: 0.1479, macro_auc: 0.8701 },
  birds: { macro_auc: 0.809 },
  scene: { ranking_loss: 0.0629 },
  yeast: { macro_auc: 0.7305 },
  rcv1subset2: { ranking_loss: 0.0505 },
  cal500: { macro_auc: 0.5879 },
  rcv1subset3: { macro_auc: 0.9211 },
  'yahoo-arts': { macro_auc: 0.7512 },
};

/** Published figures for a dataset name (the stored rcv1 "-top944" and Yahoo "-mll" variants map to theirs). */
export function publishedFor(dataset: string): Partial<Record<MetricName, number>> | undefined {
  const key = dataset.toLowerCase().replace(/-top944$/, '').replace(/^yahoo-arts.*$/, 'yahoo-arts').replace(/^arts1?$/, 'yahoo-arts');
  return PUBLISHED_D2ACE[key];
}

/** Joins the parts of a group's key with NUL, which no dataset, model or method name can hold. */
export const KEY_SEP = '\u0000';
export const groupKey = (...parts: string[]) => parts.join(KEY_SEP);

export interface MeanStd {
  mean: number;
  std: number;
  n: number;
}

export function meanStd(values: number[]): MeanStd {
  const finite = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  const n = finite.length;
  if (n === 0) return { mean: NaN, std: NaN, n: 0 };
  const mean = finite.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(finite.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std, n };
}

/** One internals chart of a method (its descriptor's `internals`), averaged over runs. */
export interface InternalCurves {
  title: string;
  series: Array<{ label: string; axis: 'left' | 'right'; values: number[] }>;
}

export interface RunGroup {
  key: string;
  dataset: string;
  model: string;
  /** The name the runs go by: the run label (a variant) or the method's name. */
  method: string;
  /** The registered method behind it. */
  baseMethod: string;
  runs: RunResult[];
  /** Test metrics of the best-validation and the last epoch, mean and std over the group's runs. */
  test: { best: Record<MetricName, MeanStd>; last: Record<MetricName, MeanStd> };
  /** Per epoch, averaged over runs: validation macro-AUC, train loss, and the method's own internals charts. */
  curves: {
    epochs: number[];
    validationMacroAuc: number[];
    trainLoss: number[];
    /** Share of the training set each epoch visited (NaN where no run recorded it). */
    coverage: number[];
    internals: InternalCurves[];
  };
  timings: { setupMs: MeanStd; trainMs: MeanStd; selectionMs: MeanStd; evaluationMs: MeanStd; totalMs: MeanStd };
  /** Over the runs on WebGPU (n = 0: every run was on the CPU runtime, where it does not apply). */
  readbacksPerStep: MeanStd;
  /** Training-set coverage over the runs that recorded it (schema v4), mean and std over runs. */
  coverage: GroupCoverage;
}

export interface GroupCoverage {
  /** Runs with a coverage record. */
  runs: number;
  /** Mean share of the set an epoch visits: all epochs, and the selection epochs only. */
  meanShare: MeanStd;
  meanShareSelection: MeanStd;
  minShare: MeanStd;
  /** Draws per instance over a run. */
  drawsMin: MeanStd;
  drawsMedian: MeanStd;
  drawsMax: MeanStd;
}

function groupCoverage(runs: RunResult[]): GroupCoverage {
  const recorded = runs.map((r) => r.trainingCoverage).filter((c): c is NonNullable<typeof c> => !!c);
  const of = (pick: (c: (typeof recorded)[number]) => number | null) => meanStd(recorded.map(pick).filter((v): v is number => v !== null));
  return {
    runs: recorded.length,
    meanShare: of((c) => c.meanShare),
    meanShareSelection: of((c) => c.meanShareSelection),
    minShare: of((c) => c.minShare),
    drawsMin: of((c) => c.draws.min),
    drawsMedian: of((c) => c.draws.median),
    drawsMax: of((c) => c.draws.max),
  };
}

function metricTable(runs: RunResult[], which: 'best' | 'last'): Record<MetricName, MeanStd> {
  const complete = runs.filter((r) => r.test);
  return Object.fromEntries(METRIC_NAMES.map((m) => [m, meanStd(complete.map((r) => r.test![which][m] as number))])) as Record<MetricName, MeanStd>;
}

function curve(runs: RunResult[], pick: (record: RunResult['history'][number]) => number | undefined): number[] {
  const length = Math.max(0, ...runs.map((r) => r.history.length));
  return Array.from({ length }, (_, e) => meanStd(runs.map((r) => (r.history[e] ? pick(r.history[e]!) : undefined) as number)).mean);
}

/** The method's internals charts, from its descriptor (none for a method no longer registered). */
function internalCurves(method: string, runs: RunResult[]): InternalCurves[] {
  const descriptor = SELECTION_METHODS.find((m) => m.name === method);
  return (descriptor?.internals ?? []).map((chart) => ({
    title: chart.title,
    series: chart.series.map((s) => ({ label: s.label, axis: s.axis ?? 'left', values: curve(runs, (h) => inspectionNumber(h.selector, s.path)) })),
  }));
}

/**
 * Complete runs grouped into report rows by dataset, model and method. Interrupted runs are
 * left out (they have no test metrics; ./runs-apart.ts lists them), and runs whose settings
 * differ get rows of their own, named by what differs.
 */
export function groupRuns(results: RunResult[]): RunGroup[] {
  const complete = results.filter(isComplete);
  const { names } = rowNames(complete);
  const groups = new Map<string, RunResult[]>();
  for (const r of complete) {
    const name = names.get(r)!;
    const key = groupKey(r.dataset.name, name.model, name.method);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, runs]) => {
      const [dataset, model, method] = key.split(KEY_SEP) as [string, string, string];
      return {
        key,
        dataset,
        model,
        method,
        baseMethod: runs[0]!.config.method,
        runs,
        test: { best: metricTable(runs, 'best'), last: metricTable(runs, 'last') },
        curves: {
          epochs: curve(runs, (h) => h.epoch).map((_, e) => e),
          validationMacroAuc: curve(runs, (h) => h.validation.macro_auc as number),
          trainLoss: curve(runs, (h) => h.trainLoss as number),
          coverage: curve(runs, (h) => h.trainingCoverage?.share),
          internals: internalCurves(runs[0]!.config.method, runs),
        },
        timings: {
          setupMs: meanStd(runs.map((r) => r.timings.setupMs)),
          trainMs: meanStd(runs.map((r) => r.timings.trainMs)),
          selectionMs: meanStd(runs.map((r) => r.timings.selectionMs)),
          evaluationMs: meanStd(runs.map((r) => r.timings.evaluationMs)),
          totalMs: meanStd(runs.map((r) => r.timings.totalMs)),
        },
        // Runs on the CPU runtime have no readbacks to count (null): left out, n says how many did.
        readbacksPerStep: meanStd(runs.map((r) => r.readbacks?.perStep ?? NaN)),
        coverage: groupCoverage(runs),
      };
    });
}

/** For each dataset and model, the best method's key per metric (by mean; direction by metric). */
export function bestMethods(groups: RunGroup[], which: 'best' | 'last' = 'best'): Map<string, Set<string>> {
  const best = new Map<string, Set<string>>(); // groupKey(dataset, model, metric) -> group keys
  const byDatasetModel = new Map<string, RunGroup[]>();
  for (const g of groups) byDatasetModel.set(groupKey(g.dataset, g.model), [...(byDatasetModel.get(groupKey(g.dataset, g.model)) ?? []), g]);
  for (const [dm, members] of byDatasetModel) {
    for (const m of METRIC_NAMES) {
      const values = members.map((g) => g.test[which][m].mean).filter(Number.isFinite);
      if (!values.length) continue;
      const target = LOWER_IS_BETTER.has(m) ? Math.min(...values) : Math.max(...values);
      best.set(`${dm}${KEY_SEP}${m}`, new Set(members.filter((g) => g.test[which][m].mean === target).map((g) => g.key)));
    }
  }
  return best;
}
