/** CSV and Markdown tables of aggregated results. */
import { LOWER_IS_BETTER, METRIC_NAMES, type MetricName } from '../metrics/names';
import { bestMethods, publishedFor, type MeanStd, type RunGroup } from './aggregate';

export const fmtMeanStd = (v: MeanStd, digits = 4) => (Number.isFinite(v.mean) ? `${v.mean.toFixed(digits)} ± ${v.std.toFixed(digits)}` : 'n/a');

export function csvTable(groups: RunGroup[]): string {
  const header = ['dataset', 'model', 'method', 'runs', 'weights', ...METRIC_NAMES.flatMap((m) => [`${m}_mean`, `${m}_std`]), 'total_seconds_mean', 'readbacks_per_step'];
  const rows = groups.flatMap((g) =>
    (['best', 'last'] as const).map((which) => [
      g.dataset,
      g.model,
      g.method,
      String(g.runs.length),
      which,
      ...METRIC_NAMES.flatMap((m) => [String(g.test[which][m].mean), String(g.test[which][m].std)]),
      (g.timings.totalMs.mean / 1000).toFixed(2),
      String(g.readbacksPerStep.mean),
    ]),
  );
  return [header, ...rows].map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n');
}

export const KEY_METRICS: MetricName[] = ['macro_auc', 'micro_auc', 'macro_f1', 'micro_f1', 'average_precision', 'ranking_loss', 'hamming_loss', 'coverage', 'one_error'];

/** A compact Markdown table (test metrics at the best-validation epoch); best per column in bold. */
export function markdownTable(groups: RunGroup[], metrics: MetricName[] = KEY_METRICS): string {
  const best = bestMethods(groups);
  const header = `| dataset | model | method | runs | ${metrics.map((m) => `${m}${LOWER_IS_BETTER.has(m) ? ' ↓' : ''}`).join(' | ')} |`;
  const lines = [header, `|${' --- |'.repeat(4 + metrics.length)}`];
  let previous = '';
  for (const g of groups) {
    const dm = `${g.dataset}|${g.model}`;
    if (dm !== previous) {
      const published = publishedFor(g.dataset);
      if (published) lines.push(`| ${g.dataset} | | published D2ACE | | ${metrics.map((m) => (published[m] !== undefined ? published[m]!.toFixed(4) : '')).join(' | ')} |`);
      previous = dm;
    }
    const cells = metrics.map((m) => {
      const text = fmtMeanStd(g.test.best[m]);
      return best.get(`${dm}|${m}`)?.has(g.key) ? `**${text}**` : text;
    });
    lines.push(`| ${g.dataset} | ${g.model} | ${g.method} | ${g.runs.length} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
