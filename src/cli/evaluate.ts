/** `d2ace evaluate`: every metric for predictions made by any tool, from two CSV files. */
import { readNumericCsv, type NumericCsv } from '../data/csv';
import { DataFormatError } from '../data/errors';
import { DEFAULT_THRESHOLD, evaluate, LOWER_IS_BETTER, METRIC_NAMES } from '../metrics';

export interface EvaluateCommandOptions {
  labels: string;
  scores: string;
  /** Undefined when not given: 0.5, and then the scores must be probabilities. */
  threshold?: number;
  json?: boolean;
}

/** Both files name their columns: the same labels, in the same order, or the scores belong to other labels. */
function checkSameHeader(truth: NumericCsv, scores: NumericCsv, options: EvaluateCommandOptions): void {
  if (!truth.header || !scores.header) return;
  const k = truth.header.findIndex((name, c) => name !== scores.header![c]);
  if (k < 0) return;
  throw new DataFormatError(
    options.scores,
    scores.headerLine,
    `column ${k + 1} is named '${scores.header[k]}' but column ${k + 1} of ${options.labels} is '${truth.header[k]}'; the two header rows must name the same labels in the same order`,
  );
}

/**
 * The default threshold is for probabilities: a score outside [0, 1] means logits or raw scores,
 * which the ranking metrics take as they are but 0.5 would split wrongly. A threshold given
 * explicitly says the user knows the scale.
 */
function checkProbabilities(scores: NumericCsv, options: EvaluateCommandOptions): void {
  if (options.threshold !== undefined) return;
  const k = scores.values.findIndex((v) => v < 0 || v > 1);
  if (k < 0) return;
  throw new DataFormatError(
    options.scores,
    scores.lineOf[Math.floor(k / scores.cols)],
    `score ${scores.values[k]} in column ${(k % scores.cols) + 1} is outside [0, 1]: these look like logits or raw scores, not probabilities. ` +
      `The ranking metrics do not need probabilities, but the bipartition threshold does (default ${DEFAULT_THRESHOLD}): pass --threshold explicitly (e.g. --threshold 0 for logits)`,
  );
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
  checkSameHeader(truth, scores, options);
  const yTrue = new Uint8Array(truth.values.length);
  truth.values.forEach((v, k) => {
    if (v !== 0 && v !== 1) {
      const row = Math.floor(k / truth.cols);
      throw new DataFormatError(options.labels, truth.lineOf[row], `label value ${v} in column ${(k % truth.cols) + 1} is not 0 or 1`);
    }
    yTrue[k] = v;
  });
  checkProbabilities(scores, options);
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const metrics = evaluate({ rows: truth.rows, cols: truth.cols, yTrue, scores: scores.values }, { threshold });
  if (options.json) {
    out(JSON.stringify({ instances: truth.rows, labels: truth.cols, threshold, metrics }, null, 2));
    return 0;
  }
  const lines = [`${truth.rows} instances x ${truth.cols} labels, threshold ${threshold}`];
  for (const name of METRIC_NAMES) {
    lines.push(`  ${name.padEnd(18)} ${Number.isNaN(metrics[name]) ? 'n/a' : metrics[name].toFixed(4)}  ${LOWER_IS_BETTER.has(name) ? '(lower is better)' : ''}`.trimEnd());
  }
  out(lines.join('\n'));
  return 0;
}
