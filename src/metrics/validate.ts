/**
 * The input every multi-label metric takes, and its validation. Errors are plain `Error`s with
 * exact messages; rows and columns in them are 0-based.
 */

/** Ground truth and scores for N instances x L labels, both row-major (entry i*L + j). */
export interface LabelScores {
  /** Instances N (>= 1). */
  rows: number;
  /** Labels L (>= 1). */
  cols: number;
  /** N*L entries, each 0 or 1. */
  yTrue: Uint8Array;
  /**
   * N*L scores: probabilities for the bipartition metrics (thresholded), any real numbers for the
   * ranking and curve metrics. NaN is rejected; +-Infinity is accepted and ordered as usual.
   */
  scores: Float32Array | Float64Array;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}

/**
 * Throws an `Error` unless `input` is well formed:
 * - `rows must be an integer >= 1, got 0` (same for `cols`);
 * - `yTrue must be a Uint8Array, got Array`; `scores must be a Float32Array or Float64Array, got Array`;
 * - `yTrue has 10 entries but rows*cols = 12` (same for `scores`);
 * - `yTrue must be 0 or 1, got 2 at row 1, column 0` (the first offending entry in row-major order);
 * - `scores is NaN at row 0, column 2` (the first NaN in row-major order).
 */
export function checkLabelScores(input: LabelScores): void {
  const { rows, cols, yTrue, scores } = input;
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`rows must be an integer >= 1, got ${rows}`);
  if (!Number.isInteger(cols) || cols < 1) throw new Error(`cols must be an integer >= 1, got ${cols}`);
  if (!(yTrue instanceof Uint8Array)) throw new Error(`yTrue must be a Uint8Array, got ${describe(yTrue)}`);
  if (!(scores instanceof Float32Array || scores instanceof Float64Array)) {
    throw new Error(`scores must be a Float32Array or Float64Array, got ${describe(scores)}`);
  }
  const n = rows * cols;
  if (yTrue.length !== n) throw new Error(`yTrue has ${yTrue.length} entries but rows*cols = ${n}`);
  if (scores.length !== n) throw new Error(`scores has ${scores.length} entries but rows*cols = ${n}`);
  for (let k = 0; k < n; k++) {
    const t = yTrue[k]!;
    if (t > 1) {
      throw new Error(`yTrue must be 0 or 1, got ${t} at row ${Math.floor(k / cols)}, column ${k % cols}`);
    }
  }
  for (let k = 0; k < n; k++) {
    const s = scores[k]!;
    if (s !== s) throw new Error(`scores is NaN at row ${Math.floor(k / cols)}, column ${k % cols}`);
  }
}

/** Throws `threshold must be a finite number, got NaN` unless `threshold` is a finite number. */
export function checkThreshold(threshold: number): void {
  if (typeof threshold !== 'number' || !Number.isFinite(threshold)) {
    throw new Error(`threshold must be a finite number, got ${String(threshold)}`);
  }
}

/** The default bipartition threshold: a score > 0.5 predicts the label (the authors' np.round). */
export const DEFAULT_THRESHOLD = 0.5;
