/**
 * A self-contained HTML report (opens from disk, no server): metric tables with the best
 * method per column marked and the published D2ACE figures beside ours, learning curves,
 * selector internals over epochs and timing breakdowns, drawn by Chart.js (inlined).
 */
import { LOWER_IS_BETTER, METRIC_NAMES } from '../metrics/names';
import { KEY_SEP, groupKey, bestMethods, publishedFor, type RunGroup } from './aggregate';
import { describeCompute } from '../results/result';
import { escapeHtml } from './escape-html';
import { acrossDatasetsHtml, significanceHtml } from './significance-sections';
import { convergenceLine, COVERAGE_NOTE, leakLine, RESOURCE_HEAD, resourceRows, fmtMeanStd, fmtModel, fmtRuns, KEY_METRICS, PUBLISHED_MODEL, PUBLISHED_NOTE } from './tables';


function metricTable(groups: RunGroup[], which: 'best' | 'last'): string {
  const best = bestMethods(groups, which);
  const head = `<tr><th>dataset</th><th>model</th><th>method</th><th>runs</th>${METRIC_NAMES.map((m) => `<th>${m.replace(/_/g, ' ')}${LOWER_IS_BETTER.has(m) ? ' ↓' : ''}</th>`).join('')}</tr>`;
  const rows: string[] = [];
  let previous = '';
  for (const g of groups) {
    const dm = groupKey(g.dataset, g.model);
    // The paper's figure once per dataset (settings split a dataset's rows by model name).
    if (g.dataset !== previous) {
      const published = publishedFor(g.dataset);
      if (published) {
        rows.push(`<tr class="published"><td>${escapeHtml(g.dataset)}</td><td>${PUBLISHED_MODEL}</td><td>published D2ACE</td><td></td>${METRIC_NAMES.map((m) => `<td>${published[m] !== undefined ? published[m]!.toFixed(4) : ''}</td>`).join('')}</tr>`);
      }
      previous = g.dataset;
    }
    const cells = METRIC_NAMES.map((m) => {
      const isBest = best.get(`${dm}${KEY_SEP}${m}`)?.has(g.key);
      return `<td${isBest ? ' class="best"' : ''}>${fmtMeanStd(g.test[which][m])}</td>`;
    });
    rows.push(`<tr><td>${escapeHtml(g.dataset)}</td><td>${escapeHtml(fmtModel(g))}</td><td>${escapeHtml(g.method)}</td><td>${escapeHtml(fmtRuns(g))}</td>${cells.join('')}</tr>`);
  }
  return `<table class="metrics"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Tensor, byte and buffer counts per group, and the leak verdict. */
function resourcesTable(groups: RunGroup[]): string {
  const rows = resourceRows(groups);
  const table = rows.length
    ? `<table class="metrics"><thead><tr>${RESOURCE_HEAD.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`
    : '';
  return `${table}<p class="note">${noteHtml(leakLine(groups))}</p>`;
}

/** A note written in Markdown's **bold**, as HTML. */
function noteHtml(line: string): string {
  return escapeHtml(line).replace(/\*\*(.*?)\*\*/g, '<strong>$1</strong>');
}

/** Training-set coverage per group: share visited per epoch and draws per instance over a run. */
function coverageTable(groups: RunGroup[]): string {
  const rows = groups.filter((g) => g.coverage.runs > 0);
  if (rows.length === 0) return '<p class="note">No run recorded its training-set coverage (result files before schema v4).</p>';
  const pct = (v: { mean: number; std: number; n: number }) => (!Number.isFinite(v.mean) ? 'n/a' : v.n === 1 ? `${(100 * v.mean).toFixed(1)}%` : `${(100 * v.mean).toFixed(1)}% ± ${(100 * v.std).toFixed(1)}`);
  const head = '<tr><th>dataset</th><th>model</th><th>method</th><th>runs</th><th>visited per epoch</th><th>in selection epochs</th><th>lowest epoch</th><th>draws min</th><th>draws median</th><th>draws max</th></tr>';
  const body = rows
    .map((g) => `<tr><td>${escapeHtml(g.dataset)}</td><td>${escapeHtml(g.model)}</td><td>${escapeHtml(g.method)}</td><td>${g.coverage.runs}</td><td>${pct(g.coverage.meanShare)}</td><td>${pct(g.coverage.meanShareSelection)}</td><td>${pct(g.coverage.minShare)}</td><td>${fmtMeanStd(g.coverage.drawsMin, 1)}</td><td>${fmtMeanStd(g.coverage.drawsMedian, 1)}</td><td>${fmtMeanStd(g.coverage.drawsMax, 1)}</td></tr>`)
    .join('');
  return `<table class="metrics"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

/** Every distinct environment of the runs (a study may mix WebGPU and CPU runs). */
function environmentLine(groups: RunGroup[]): string {
  const runs = groups.flatMap((g) => g.runs);
  if (!runs.length) return '';
  const seen = [...new Set(runs.map((r) => `${describeCompute(r.environment)} · tfjs ${r.environment.tfjs.version}`))];
  return seen.map(escapeHtml).join('; ');
}

export interface ReportOptions {
  chartJs: string;
  generatedAt: Date;
  title?: string;
  /** Runs kept apart (unfinished, differing settings), as Markdown lines from ./runs-apart.ts. */
  apart?: string[];
}

export function renderHtmlReport(groups: RunGroup[], options: ReportOptions): string {
  const title = options.title ?? 'd2ace-webgpu report';
  const chartData = groups.map((g) => ({
    key: g.key,
    dataset: g.dataset,
    model: g.model,
    method: g.method,
    curves: g.curves,
    timings: { setup: g.timings.setupMs.mean / 1000, train: g.timings.trainMs.mean / 1000, selection: g.timings.selectionMs.mean / 1000, evaluation: g.timings.evaluationMs.mean / 1000 },
  }));
  const runsTotal = groups.reduce((n, g) => n + g.runs.length, 0);
  const readbacks = groups.map((g) => `${escapeHtml(g.method)}/${escapeHtml(g.model)} on ${escapeHtml(g.dataset)}: ${g.readbacksPerStep.n ? g.readbacksPerStep.mean : 'not applicable (CPU runtime)'}`).join('; ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
header { background: #1d2330; color: #fff; padding: 1rem 2rem; } header h1 { margin: 0; font-size: 1.35rem; } header p { margin: .25rem 0 0; opacity: .8; }
main { padding: 1rem 2rem 3rem; }
section { background: #fff; border-radius: 6px; padding: 1rem 1.25rem; margin: 1rem 0; box-shadow: 0 1px 2px #0002; overflow-x: auto; }
h2 { font-size: 1.1rem; margin: 0 0 .6rem; }
table.metrics { border-collapse: collapse; font-size: 12px; white-space: nowrap; }
table.metrics th, table.metrics td { padding: 3px 8px; border-bottom: 1px solid #e4e6eb; text-align: right; }
table.metrics th:nth-child(-n+4), table.metrics td:nth-child(-n+4) { text-align: left; }
td.best { font-weight: 700; background: #e7f5ec; }
table.sig td { text-align: left; } td.win { background: #e7f5ec; font-weight: 600; } td.loss { background: #fdecec; font-weight: 600; }
h3 { font-size: .95rem; margin: 1rem 0 .4rem; }
.cds { display: grid; grid-template-columns: repeat(auto-fill, minmax(630px, 1fr)); gap: .75rem; } .cdbox { border: 1px solid #e4e6eb; border-radius: 6px; padding: .25rem; }
tr.published td { color: #6b4fbb; font-style: italic; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 1rem; }
.chart { background: #fff; border: 1px solid #e4e6eb; border-radius: 6px; padding: .5rem; height: 280px; }
.note { color: #555; font-size: 12px; }
</style></head>
<body>
<header><h1>${escapeHtml(title)}</h1><p>${runsTotal} complete run(s)${options.apart?.length ? ' (see the notes for runs kept apart)' : ''} · ${environmentLine(groups)} · generated ${options.generatedAt.toISOString()}</p></header>
<main>
<section><h2>Test metrics at the best-validation epoch (mean ± std over folds and seeds)</h2>
${metricTable(groups, 'best')}
<p class="note">Bold: best method for the dataset and model by mean (↓: lower is better); whether a difference is real is in the next two sections. Purple: the figure the D2ACE paper reports, where it reports one. ${escapeHtml(PUBLISHED_NOTE)}</p>
<p class="note">${noteHtml(convergenceLine(groups))}</p>
${(options.apart ?? []).map((line) => `<p class="note apart">${noteHtml(line)}</p>`).join('\n')}</section>
<section><h2>Is a difference real? Each method against uniform and D2ACE, per dataset</h2>${significanceHtml(groups, KEY_METRICS)}</section>
<section><h2>Across datasets: Friedman's test and critical-difference diagrams</h2>${acrossDatasetsHtml(groups, KEY_METRICS)}</section>
<section><h2>Test metrics at the last epoch</h2>${metricTable(groups, 'last')}</section>
<section><h2>Training-set coverage</h2>${coverageTable(groups)}<p class="note">Share of the training instances an epoch's batches reach (mean over epochs, then runs), and draws per instance over a whole run. ${escapeHtml(COVERAGE_NOTE)}</p></section>
<section><h2>Learning curves</h2><div class="charts" id="curves"></div></section>
<section><h2>Selector internals over epochs</h2><div class="charts" id="internals"></div>
<p class="note">Each method's internals under its own names (epochs before its first distribution are blank). Pressure: about how much more likely the most useful instance is than the least; max/min and effective size (1/Σπ²) describe the spread of the sampling probabilities; vectors (label weights) are averaged over labels.</p></section>
<section><h2>Time</h2><div class="charts" id="timings"></div><p class="note">Readbacks per training step: ${readbacks}.</p></section>
<section><h2>Tensors and GPU buffers (leak check)</h2>${resourcesTable(groups)}</section>
</main>
<script>${options.chartJs.replace(/<\/script/gi, '<\\/script')}</script>
<script>
const groups = ${JSON.stringify(chartData).replace(/</g, '\\u003c')};
const palette = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2'];
function addChart(container, title, config) {
  const box = document.createElement('div'); box.className = 'chart';
  const canvas = document.createElement('canvas'); box.appendChild(canvas);
  document.getElementById(container).appendChild(box);
  config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false, plugins: { title: { display: true, text: title } }, elements: { point: { radius: 0 } } }, config.options || {});
  new Chart(canvas, config);
}
const byPanel = {};
for (const g of groups) (byPanel[g.dataset + ' · ' + g.model] ||= []).push(g);
const line = (members, pick) => ({ type: 'line', data: { labels: members[0].curves.epochs, datasets: members.map((g, i) => ({ label: g.method, data: pick(g), borderColor: palette[i % palette.length], borderWidth: 1.5, spanGaps: true })) } });
for (const [panel, members] of Object.entries(byPanel)) {
  addChart('curves', panel + ': validation macro-AUC', line(members, (g) => g.curves.validationMacroAuc));
  addChart('curves', panel + ': training loss', line(members, (g) => g.curves.trainLoss));
  if (members.some((g) => g.curves.coverage.some((v) => v !== null && Number.isFinite(v)))) addChart('curves', panel + ': share of the training set visited per epoch', line(members, (g) => g.curves.coverage));
  // Each method's own internals, by its own names (from its registry descriptor).
  for (const [m, g] of members.entries()) {
    for (const chart of g.curves.internals) {
      if (!chart.series.some((s) => s.values.some((v) => v !== null && Number.isFinite(v)))) continue;
      const twoAxes = chart.series.some((s) => s.axis === 'right');
      addChart('internals', panel + ' · ' + g.method + ': ' + chart.title, { type: 'line', data: { labels: g.curves.epochs, datasets: chart.series.map((s, k) => ({
        label: s.label, data: s.values, borderColor: palette[(m + k) % palette.length], borderWidth: 1.5, spanGaps: true, yAxisID: s.axis === 'right' ? 'y1' : 'y' })) },
        options: twoAxes ? { scales: { y: { position: 'left' }, y1: { position: 'right', grid: { drawOnChartArea: false } } } } : {} });
    }
  }
}
addChart('timings', 'mean wall time per run (s)', { type: 'bar', data: { labels: groups.map((g) => g.method + ' · ' + g.model + ' · ' + g.dataset), datasets: [
  { label: 'setup', data: groups.map((g) => g.timings.setup), backgroundColor: '#94a3b8' },
  { label: 'training', data: groups.map((g) => g.timings.train), backgroundColor: palette[0] },
  { label: 'selection (per-epoch update)', data: groups.map((g) => g.timings.selection), backgroundColor: palette[1] },
  { label: 'evaluation', data: groups.map((g) => g.timings.evaluation), backgroundColor: palette[2] }] },
  options: { indexAxis: 'y', scales: { x: { stacked: true }, y: { stacked: true } } } });
</script>
</body></html>
`;
}
