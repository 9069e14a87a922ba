/** CSV and Markdown tables of aggregated results. */
import { LOWER_IS_BETTER, METRIC_NAMES, type MetricName } from '../metrics/names';
import { KEY_SEP, groupKey, bestMethods, publishedFor, type MeanStd, type RunGroup } from './aggregate';
import { CLEARLY_BEFORE, convergence, FLAT_CHANGE, FLAT_WINDOW } from './convergence';
import { csvRow } from './safe-text';

/** "mean ± std"; with one run, the mean alone (a std of 0 from one run would say nothing). */
export const fmtMeanStd = (v: MeanStd, digits = 4) => (!Number.isFinite(v.mean) ? 'n/a' : v.n === 1 ? v.mean.toFixed(digits) : `${v.mean.toFixed(digits)} ± ${v.std.toFixed(digits)}`);

/** The runs column: "5", or "1 run, no spread". */
export const fmtRuns = (g: RunGroup) => (g.test.best.macro_auc.n === 1 || g.runs.length === 1 ? '1 run, no spread' : String(g.runs.length));

/** The model column: the backbone and the recipe its runs trained with. */
export function fmtModel(g: RunGroup): string {
  const recipes = [...new Set(g.runs.map((r) => r.config.recipe ?? 'none'))];
  return `${g.model} (recipe ${recipes.join(', ')})`;
}

/** One line on whether the runs' models converged (methods compare only on trained models). */
export function convergenceLine(groups: RunGroup[]): string {
  const runs = groups.flatMap((g) => g.runs.filter((r) => r.status === 'complete').map((r) => ({ g, r, c: convergence(r) })));
  const rule = `best validation epoch at least ${CLEARLY_BEFORE} before the last, or the best validation macro-AUC of the last ${FLAT_WINDOW} epochs beats the best before them by less than ${FLAT_CHANGE}`;
  const not = runs.filter((x) => !x.c.converged);
  if (runs.length === 0) return 'Convergence: no complete run.';
  if (not.length === 0) return `Convergence: all ${runs.length} complete runs converged (${rule}).`;
  const names = not.slice(0, 6).map((x) => `${x.g.method} on ${x.g.dataset} (${x.r.config.split}${x.r.config.split === 'cv5' ? ` fold ${x.r.config.fold}` : ''}, seed ${x.r.config.seed}: best epoch ${x.c.bestEpoch} of ${x.c.lastEpoch + 1})`);
  return `**Warning: ${not.length} of ${runs.length} runs did not converge** (${rule}): ${names.join('; ')}${not.length > 6 ? '; ...' : ''}. Differences between methods on models that are still learning say little about batch selection.`;
}

/** The published row's model cell and its footnote. */
export const PUBLISHED_MODEL = 'clif†';
export const PUBLISHED_NOTE = "† The D2ACE paper's figure. The paper's table does not name the backbone; the authors' released code trains CLIF, and reaches 0.71 test macro-AUC on yeast with it.";

export function csvTable(groups: RunGroup[]): string {
  const header = ['dataset', 'model', 'method', 'runs', 'weights', ...METRIC_NAMES.flatMap((m) => [`${m}_mean`, `${m}_std`]), 'total_seconds_mean', 'readbacks_per_step'];
  const rows = groups.flatMap((g) =>
    (['best', 'last'] as const).map((which) => [
      g.dataset,
      g.model,
      g.method,
      String(g.runs.length),
      which,
      // One run has no spread: its std is left empty rather than written as 0.
      ...METRIC_NAMES.flatMap((m) => [String(g.test[which][m].mean), g.test[which][m].n > 1 ? String(g.test[which][m].std) : '']),
      (g.timings.totalMs.mean / 1000).toFixed(2),
      // Empty: not applicable (the CPU runtime has no GPU to read back from).
      g.readbacksPerStep.n ? String(g.readbacksPerStep.mean) : '',
    ]),
  );
  return [header, ...rows].map(csvRow).join('\n');
}

/** One row per group: how much of the training set the method's epochs reach, and how unevenly. */
export function coverageMarkdown(groups: RunGroup[]): string {
  const rows = groups.filter((g) => g.coverage.runs > 0);
  if (rows.length === 0) return 'No run recorded its training-set coverage (result files before schema v4).';
  const pct = (v: MeanStd) => (!Number.isFinite(v.mean) ? 'n/a' : v.n === 1 ? `${(100 * v.mean).toFixed(1)}%` : `${(100 * v.mean).toFixed(1)}% ± ${(100 * v.std).toFixed(1)}`);
  const draws = (v: MeanStd) => fmtMeanStd(v, 1);
  const lines = [
    '| dataset | model | method | runs | visited per epoch | in selection epochs | lowest epoch | draws per instance: min | median | max |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((g) => `| ${g.dataset} | ${g.model} | ${g.method} | ${g.coverage.runs} | ${pct(g.coverage.meanShare)} | ${pct(g.coverage.meanShareSelection)} | ${pct(g.coverage.minShare)} | ${draws(g.coverage.drawsMin)} | ${draws(g.coverage.drawsMedian)} | ${draws(g.coverage.drawsMax)} |`),
  ];
  lines.push('', `Share of the training instances an epoch's batches reach (mean over epochs, then over runs), and how often each instance was drawn over a whole run. ${COVERAGE_NOTE}`);
  return lines.join('\n');
}

/** The resources table's head and rows: tensor, byte and GPU buffer counts at the start and end of training. */
export const RESOURCE_HEAD = ['dataset', 'model', 'method', 'runs', 'tensors: start', 'end', 'MB at the end', 'GPU buffers: start', 'end', 'leaking runs'];

export function resourceRows(groups: RunGroup[]): string[][] {
  const span = (values: number[]) => (Math.min(...values) === Math.max(...values) ? String(values[0]) : `${Math.min(...values)}–${Math.max(...values)}`);
  return groups.flatMap((g) => {
    const res = g.runs.map((r) => r.resources).filter((x): x is NonNullable<typeof x> => !!x);
    if (res.length === 0) return [];
    return [[g.dataset, g.model, g.method, String(res.length), span(res.map((x) => x.start.tensors)), span(res.map((x) => x.end.tensors)), (Math.max(...res.map((x) => x.end.bytes)) / 2 ** 20).toFixed(1), span(res.map((x) => x.start.buffers)), span(res.map((x) => x.end.buffers)), String(res.filter((x) => x.leak).length)]];
  });
}

export function resourcesMarkdown(groups: RunGroup[]): string {
  const rows = resourceRows(groups);
  const table = rows.length ? [`| ${RESOURCE_HEAD.join(' | ')} |`, `|${' --- |'.repeat(RESOURCE_HEAD.length)}`, ...rows.map((r) => `| ${r.join(' | ')} |`), ''] : [];
  return [...table, leakLine(groups)].join('\n');
}

/** One line on the runs' leak checks (tensors and GPU buffers flat from mid-run to the end). */
export function leakLine(groups: RunGroup[]): string {
  const runs = groups.flatMap((g) => g.runs.map((r) => ({ g, r, res: r.resources ?? null })));
  const checked = runs.filter((x) => x.res);
  if (checked.length === 0) return 'Leak check: no run recorded its tensor and buffer counts (result files before they were recorded).';
  const leaking = checked.filter((x) => x.res!.leak);
  if (leaking.length === 0) return `Leak check: in all ${checked.length} runs that recorded them, tensor and GPU buffer counts stayed flat from mid-run to the end of training.`;
  const names = leaking.slice(0, 6).map((x) => `${x.g.method} on ${x.g.dataset} (seed ${x.r.config.seed}${x.r.config.split === 'cv5' ? `, fold ${x.r.config.fold}` : ''}: +${x.res!.growthSinceMidRun.tensors} tensors, +${x.res!.growthSinceMidRun.buffers} buffers)`);
  return `**Warning: ${leaking.length} of ${checked.length} runs leaked** (tensor or GPU buffer counts grew from mid-run to the end): ${names.join('; ')}${leaking.length > 6 ? '; ...' : ''}.`;
}

export const COVERAGE_NOTE = 'Independent weighted batches (draw: independent) reach at most about 1 - 1/e = 63% of the set per epoch; one weighted permutation per epoch (D2ACE draw: epoch) and uniform reshuffles reach all of it.';

export const KEY_METRICS: MetricName[] = ['macro_auc', 'micro_auc', 'macro_f1', 'micro_f1', 'average_precision', 'ranking_loss', 'hamming_loss', 'coverage', 'one_error'];

/** A compact Markdown table (test metrics at the best-validation epoch, mean ± std over runs); best per column in bold. */
export function markdownTable(groups: RunGroup[], metrics: MetricName[] = KEY_METRICS): string {
  const best = bestMethods(groups);
  const header = `| dataset | model | method | runs | ${metrics.map((m) => `${m}${LOWER_IS_BETTER.has(m) ? ' ↓' : ''}`).join(' | ')} |`;
  const lines = [header, `|${' --- |'.repeat(4 + metrics.length)}`];
  let previous = '';
  for (const g of groups) {
    const dm = groupKey(g.dataset, g.model);
    // The paper's figure once per dataset (settings split a dataset's rows by model name).
    if (g.dataset !== previous) {
      const published = publishedFor(g.dataset);
      if (published) lines.push(`| ${g.dataset} | ${PUBLISHED_MODEL} | published D2ACE | | ${metrics.map((m) => (published[m] !== undefined ? published[m]!.toFixed(4) : '')).join(' | ')} |`);
      previous = g.dataset;
    }
    const cells = metrics.map((m) => {
      const text = fmtMeanStd(g.test.best[m]);
      return best.get(`${dm}${KEY_SEP}${m}`)?.has(g.key) ? `**${text}**` : text;
    });
    lines.push(`| ${g.dataset} | ${fmtModel(g)} | ${g.method} | ${fmtRuns(g)} | ${cells.join(' | ')} |`);
  }
  if (groups.some((g) => publishedFor(g.dataset))) lines.push('', PUBLISHED_NOTE);
  lines.push('', convergenceLine(groups));
  const older = groups.flatMap((g) => g.runs).filter((r) => r.metricDefinitions !== 'authors').length;
  if (older) lines.push('', `**Note: ${older} result file(s) were written before schema v3** and use scikit-learn's definitions (p >= 0.5 predicts; samples averaging): their thresholded metrics, example_precision, example_recall, average_precision and coverage are not comparable with the others.`);
  return lines.join('\n');
}
