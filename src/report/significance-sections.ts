/**
 * The significance part of the reports, in Markdown and HTML: per dataset, every method against
 * each baseline (mean difference, 95% interval of the corrected resampled t-test, its p-value,
 * the Wilcoxon p-value, wins / ties / losses), and across datasets Friedman's test with a
 * critical-difference diagram per metric.
 */
import { LOWER_IS_BETTER, type MetricName } from '../metrics/names';
import type { RunGroup } from './aggregate';
import { renderCdDiagram } from './cd-diagram';
import { escapeHtml } from './escape-html';
import { acrossDatasets, pairedComparisons, type AcrossDatasets, type PairedRow } from './significance';
import { groupKey, KEY_SEP } from './aggregate';

const signed = (v: number, digits = 4) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}`;
/** "p=0.047", "p<0.001" (sep: what goes between p and its value, e.g. ' = '). */
const pIs = (p: number | null, sep = '=') => (p === null || Number.isNaN(p) ? `p${sep}n/a` : p < 0.001 ? `p${sep.replace('=', '<')}0.001` : `p${sep}${p.toFixed(3)}`);

/** One comparison in words: "+0.0061 [−0.0040, +0.0162] p=0.170, W p=0.313, 4/0/1". */
export function formatComparison(row: PairedRow, usualPairs?: number): string {
  const c = row.comparison;
  // A method with fewer paired runs than the others in its table says how many it has.
  const fewer = usualPairs !== undefined && c.n !== usualPairs && c.n > 1 ? ` (${c.n} pairs)` : '';
  const interval = c.interval ? ` [${signed(c.interval[0])}, ${signed(c.interval[1])}]` : '';
  if (c.n === 1) return `${signed(c.meanDifference)} (1 pair: no test)`;
  return `${signed(c.meanDifference)}${interval} t ${pIs(c.p)}, W ${pIs(c.wilcoxonP)}, ${c.wins}/${c.ties}/${c.losses}${fewer}`;
}

/** Significant at 0.05 by the corrected t-test. */
export const isSignificant = (row: PairedRow) => row.comparison.p !== null && row.comparison.p < 0.05;

function byBaseline(rows: PairedRow[]): Map<string, PairedRow[]> {
  const out = new Map<string, PairedRow[]>();
  for (const r of rows) {
    const key = groupKey(r.dataset, r.model, r.baseline);
    out.set(key, [...(out.get(key) ?? []), r]);
  }
  return out;
}

const EXPLAIN =
  'Difference = method − baseline over the paired runs (same split, fold and seed), signed so that + means the method did better (also for ↓ metrics). ' +
  '[interval]: 95% interval of the corrected resampled t-test (Nadeau and Bengio 2003); t p: its two-sided p-value; W p: Wilcoxon signed-rank p-value (with 5 pairs it cannot go below 0.0625); ' +
  'wins/ties/losses over the pairs (a tie is a difference under 0.0001). Bold: p < 0.05 by the corrected t-test.';

export function significanceMarkdown(groups: RunGroup[], metrics: readonly MetricName[]): string {
  const rows = pairedComparisons(groups, metrics);
  const lines: string[] = [];
  if (rows.length === 0) return 'No paired runs of a method and a baseline (uniform or d2ace): nothing to compare.';
  lines.push(EXPLAIN, '');
  for (const [key, members] of byBaseline(rows)) {
    const [dataset, model, baseline] = key.split(KEY_SEP) as [string, string, string];
    const methods = [...new Set(members.map((r) => r.method))];
    const n = Math.max(...members.map((r) => r.comparison.n));
    lines.push(`**${dataset} · ${model}: against ${baseline}** (${n} paired run${n === 1 ? '' : 's'}, n_test/n_train ${members[0]!.testTrainRatio.toFixed(3)})`, '');
    lines.push(`| metric | ${methods.join(' | ')} |`, `|${' --- |'.repeat(methods.length + 1)}`);
    for (const metric of metrics) {
      const cells = methods.map((m) => {
        const row = members.find((r) => r.method === m && r.metric === metric);
        if (!row) return '';
        const text = formatComparison(row, n);
        return isSignificant(row) ? `**${text}**` : text;
      });
      if (cells.some(Boolean)) lines.push(`| ${metric}${LOWER_IS_BETTER.has(metric) ? ' ↓' : ''} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}

function friedmanLine(a: AcrossDatasets): string {
  const f = a.friedman;
  const F = Number.isNaN(f.imanDavenportF) ? 'n/a' : f.imanDavenportF === Infinity ? '∞' : f.imanDavenportF.toFixed(2);
  return `Friedman χ²(${f.df}) = ${f.chiSquare.toFixed(2)}, ${pIs(f.p, ' = ')}; Iman-Davenport F = ${F}, ${pIs(f.imanDavenportP, ' = ')}; Nemenyi CD = ${a.criticalDifference.toFixed(2)} (${a.datasets.length} datasets)`;
}

/** Friedman's test per model and metric, where at least two datasets have every method. */
export function acrossDatasetsAll(groups: RunGroup[], metrics: readonly MetricName[]): AcrossDatasets[] {
  const models = [...new Set(groups.map((g) => g.model))].sort();
  return models.flatMap((model) => metrics.map((metric) => acrossDatasets(groups, model, metric)).filter((a): a is AcrossDatasets => a !== undefined));
}

export function acrossDatasetsMarkdown(groups: RunGroup[], metrics: readonly MetricName[]): string {
  const all = acrossDatasetsAll(groups, metrics);
  if (all.length === 0) return "Across datasets: Friedman's test needs at least two datasets where every method ran.";
  const methods = all[0]!.methods;
  const lines = [`| model | metric | ${methods.map((m) => `rank ${m}`).join(' | ')} | test |`, `|${' --- |'.repeat(methods.length + 3)}`];
  for (const a of all) lines.push(`| ${a.model} | ${a.metric}${LOWER_IS_BETTER.has(a.metric) ? ' ↓' : ''} | ${a.friedman.averageRanks.map((r) => r.toFixed(2)).join(' | ')} | ${friedmanLine(a)} |`);
  lines.push('', 'Average ranks over datasets (1 = best). With few datasets these tests have little power: a large p says "no evidence", not "no difference".');
  return lines.join('\n');
}


export function significanceHtml(groups: RunGroup[], metrics: readonly MetricName[]): string {
  const rows = pairedComparisons(groups, metrics);
  if (rows.length === 0) return '<p class="note">No paired runs of a method and a baseline (uniform or d2ace): nothing to compare.</p>';
  const parts: string[] = [`<p class="note">${escapeHtml(EXPLAIN)}</p>`];
  for (const [key, members] of byBaseline(rows)) {
    const [dataset, model, baseline] = key.split(KEY_SEP) as [string, string, string];
    const methods = [...new Set(members.map((r) => r.method))];
    const n = Math.max(...members.map((r) => r.comparison.n));
    const head = `<tr><th>metric</th>${methods.map((m) => `<th>${escapeHtml(m)}</th>`).join('')}</tr>`;
    const body = metrics
      .map((metric) => {
        const cells = methods.map((m) => {
          const row = members.find((r) => r.method === m && r.metric === metric);
          if (!row) return '<td></td>';
          const cls = isSignificant(row) ? (row.comparison.meanDifference > 0 ? ' class="win"' : ' class="loss"') : '';
          return `<td${cls}>${escapeHtml(formatComparison(row, n))}</td>`;
        });
        return `<tr><td>${metric}${LOWER_IS_BETTER.has(metric) ? ' ↓' : ''}</td>${cells.join('')}</tr>`;
      })
      .join('');
    parts.push(`<h3>${escapeHtml(dataset)} · ${escapeHtml(model)}: against ${escapeHtml(baseline)} (${n} paired run${n === 1 ? '' : 's'})</h3><table class="metrics sig"><thead>${head}</thead><tbody>${body}</tbody></table>`);
  }
  return parts.join('\n');
}

export function acrossDatasetsHtml(groups: RunGroup[], metrics: readonly MetricName[]): string {
  const all = acrossDatasetsAll(groups, metrics);
  if (all.length === 0) return "<p class=\"note\">Friedman's test and the critical-difference diagram need at least two datasets where every method ran.</p>";
  const diagrams = all.map((a) =>
    renderCdDiagram({ title: `${a.model} · ${a.metric}${LOWER_IS_BETTER.has(a.metric) ? ' (lower is better)' : ''}`, methods: a.methods, averageRanks: a.friedman.averageRanks, criticalDifference: a.criticalDifference, caption: friedmanLine(a) }),
  );
  return `<div class="cds">${diagrams.map((d) => `<div class="cdbox">${d}</div>`).join('')}</div><p class="note">Average ranks over datasets (1 = best, left); methods joined by a thick bar are not significantly different by the Nemenyi test (their ranks differ by less than CD). With few datasets these tests have little power: a large p says "no evidence", not "no difference".</p>`;
}

/**
 * D2ACE against each other method in plain words, per dataset: on which metrics it is
 * significantly better or worse (corrected resampled t-test, p < 0.05), and where the
 * difference is not significant. Built from the comparisons with D2ACE as the baseline.
 */
export function verdictsMarkdown(groups: RunGroup[], metrics: readonly MetricName[], subject = 'd2ace'): string {
  const rows = pairedComparisons(groups, metrics, [subject]);
  if (rows.length === 0) return `No paired runs of ${subject} and another method: no verdicts.`;
  const lines: string[] = [];
  const keys = [...new Set(rows.map((r) => groupKey(r.dataset, r.model, r.method)))];
  for (const key of keys) {
    const [dataset, model, other] = key.split(KEY_SEP) as [string, string, string];
    const mine = rows.filter((r) => r.dataset === dataset && r.model === model && r.method === other);
    const n = mine[0]!.comparison.n;
    if (n < 2) {
      lines.push(`- ${dataset} · ${model}: ${subject} vs ${other}: ${n} paired run, no test possible.`);
      continue;
    }
    // Rows measure other - subject; subject is better where the other method loses.
    const better = mine.filter((r) => isSignificant(r) && r.comparison.meanDifference < 0).map((r) => r.metric);
    const worse = mine.filter((r) => isSignificant(r) && r.comparison.meanDifference > 0).map((r) => r.metric);
    const none = mine.length - better.length - worse.length;
    const parts = [
      better.length ? `significantly better on ${better.join(', ')}` : '',
      worse.length ? `significantly worse on ${worse.join(', ')}` : '',
      none ? `no significant difference on ${better.length || worse.length ? 'the other ' : ''}${none} of ${mine.length} metrics` : '',
    ].filter(Boolean);
    lines.push(`- ${dataset} · ${model}: **${subject} vs ${other}** (${n} paired runs): ${parts.join('; ')}.`);
  }
  lines.push('', `Significant: p < 0.05 by the corrected resampled t-test over the paired runs; metrics: ${metrics.join(', ')}.`);
  return lines.join('\n');
}
