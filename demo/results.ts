/**
 * The results table, one row per method of a run, and the same rows as a CSV download (a Blob,
 * header row first). The table rounds for reading; the CSV keeps every digit.
 */
import { csvRow, type TrainingOutcome } from 'd2ace-webgpu';

export interface ResultRow {
  dataset: string;
  model: string;
  outcome: TrainingOutcome;
}

interface Column {
  header: string;
  value: (row: ResultRow) => string | number | undefined;
  /** Digits shown in the table (the CSV has them all). */
  digits?: number;
}

const testMetric = (key: 'macro_auc' | 'micro_f1' | 'ranking_loss' | 'hamming_loss'): Column['value'] => (row) => row.outcome.test?.best[key];

const COLUMNS: Column[] = [
  { header: 'method', value: (r) => r.outcome.selection.method },
  { header: 'model', value: (r) => r.model },
  { header: 'status', value: (r) => r.outcome.status },
  { header: 'epochs', value: (r) => r.outcome.history.length },
  // 1-based, as the charts count epochs.
  { header: 'best epoch', value: (r) => (r.outcome.best ? r.outcome.best.epoch + 1 : undefined) },
  { header: 'test macro-AUC', value: testMetric('macro_auc'), digits: 4 },
  { header: 'test micro-F1', value: testMetric('micro_f1'), digits: 4 },
  { header: 'test ranking loss', value: testMetric('ranking_loss'), digits: 4 },
  { header: 'test hamming loss', value: testMetric('hamming_loss'), digits: 4 },
  { header: 'readbacks / step', value: (r) => r.outcome.readbacks?.perStep ?? 'n/a (CPU)', digits: 2 },
  { header: 'time (s)', value: (r) => r.outcome.timings.totalMs / 1000, digits: 1 },
];

function shown(column: Column, row: ResultRow): string {
  const v = column.value(row);
  if (v === undefined) return '–';
  if (typeof v === 'number') return column.digits !== undefined && !Number.isInteger(v) ? v.toFixed(column.digits) : String(v);
  return v;
}

/** Fills the table (test metrics are those of the best-validation epoch; a stopped run has none). */
export function renderResults(table: HTMLTableElement, rows: readonly ResultRow[]): void {
  const headRow = document.createElement('tr');
  for (const c of COLUMNS) headRow.appendChild(Object.assign(document.createElement('th'), { textContent: c.header }));
  table.tHead!.replaceChildren(headRow);
  table.tBodies[0]!.replaceChildren(
    ...rows.map((row) => {
      const tr = document.createElement('tr');
      for (const c of COLUMNS) tr.appendChild(Object.assign(document.createElement('td'), { textContent: shown(c, row) }));
      return tr;
    }),
  );
  table.hidden = rows.length === 0;
}

export function resultsCsv(rows: readonly ResultRow[]): string {
  const header = ['dataset', ...COLUMNS.map((c) => c.header)];
  const lines = rows.map((row) => csvRow([row.dataset, ...COLUMNS.map((c) => c.value(row))]));
  return [csvRow(header), ...lines].join('\n') + '\n';
}

/** Saves the rows as `<dataset>-results.csv` through a temporary object URL. */
export function downloadCsv(rows: readonly ResultRow[]): void {
  const url = URL.createObjectURL(new Blob([resultsCsv(rows)], { type: 'text/csv' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: `${rows[0]?.dataset ?? 'd2ace'}-results.csv` });
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download has started from the URL by now; free it on the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
