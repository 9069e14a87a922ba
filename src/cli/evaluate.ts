/** `d2ace evaluate`: every metric for predictions made by any tool, from two CSV files. */
import { readNumericCsv } from '../data/csv';
import { DataFormatError } from '../data/errors';
import { evaluate, LOWER_IS_BETTER, METRIC_NAMES } from '../metrics';

export interface EvaluateCommandOptions {
  labels: string;
  scores: string;
  threshold?: number;
  json?: boolean;
}

export async function runEvaluateCommand(options: EvaluateCommandOptions, out: (text: string) => void): Promise<number> {
  const truth = await readNumericCsv(options.labels);
  const scores = await readNumericCsv(options.scores);
  if (truth.rows !== scores.rows || truth.cols !== scores.cols) {
    throw new DataFormatError(
      options.scores,
      undefined,
      `has ${scores.rows} rows x ${scores.cols} columns but ${options.labels} has ${truth.rows} x ${truth.cols}`,
    );
  }
  const yTrue = new Uint8Array(truth.values.length);
  truth.values.forEach((v, k) => {
    if (v !== 0 && v !== 1) {
      const row = Math.floor(k / truth.cols);
      throw new DataFormatError(options.labels, truth.lineOf[row], `label value ${v} in column ${(k % truth.cols) + 1} is not 0 or 1`);
    }
    yTrue[k] = v;
  });
  const metrics = evaluate({ rows: truth.rows, cols: truth.cols, yTrue, scores: scores.values }, { threshold: options.threshold });
  if (options.json) {
    out(JSON.stringify({ instances: truth.rows, labels: truth.cols, threshold: options.threshold ?? 0.5, metrics }, null, 2));
    return 0;
  }
  const lines = [`${truth.rows} instances x ${truth.cols} labels, threshold ${options.threshold ?? 0.5}`];
  for (const name of METRIC_NAMES) {
    lines.push(`  ${name.padEnd(18)} ${Number.isNaN(metrics[name]) ? 'n/a' : metrics[name].toFixed(4)}  ${LOWER_IS_BETTER.has(name) ? '(lower is better)' : ''}`.trimEnd());
  }
  out(lines.join('\n'));
  return 0;
}
