/**
 * Fold assignment for the evaluation protocol (spec section 5): k-fold iterative stratification
 * (Sechidis, Tsoumakas and Vlahavas, "On the stratification of multi-label data", ECML PKDD 2011,
 * Algorithm 1, order 1, as in scikit-multilearn's `IterativeStratification(order=1)`), the
 * train/test splits it induces, and the random validation holdout taken inside a training fold.
 */
import type { IndexSet } from './types';
import { randomInt, seededRandom, shuffleInPlace, type Random } from '../util/random';

function checkFolds(folds: number): void {
  if (!Number.isInteger(folds) || folds < 2) {
    throw new Error(`folds must be an integer >= 2, got ${folds}`);
  }
}

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got ${value}`);
  }
}

/**
 * Iterative stratification, order 1, into `folds` folds of equal desired proportion (1/folds).
 * Returns the fold (0..folds-1) of every row. `labels` is rows x cols, row-major, 0 or non-zero.
 *
 * Bookkeeping. The paper keeps real-valued desired counts: c^f = n/k examples per fold and
 * c_l^f = n_l/k positives of label l per fold, each decremented by 1 per example assigned. We keep
 * them multiplied by k, which makes them exact integers and leaves every comparison unchanged:
 *   desiredFold[f]     = n   - k * (examples already in fold f)
 *   desiredLabel[l][f] = n_l - k * (positives of label l already in fold f)
 *
 * Algorithm and tie-breaking, precisely:
 * 1. Label choice: among the labels that still have unassigned positive rows, take the one with
 *    the FEWEST unassigned positive rows; ties go to the LOWEST label index (deterministic; the
 *    paper breaks this tie at random).
 * 2. Its unassigned positive rows are taken in ASCENDING row index. Each goes to the fold with the
 *    largest desiredLabel[l][f]; ties: the fold with the largest desiredFold[f]; further ties: a
 *    uniformly random fold among the remaining candidates, drawn from the seeded generator
 *    (mulberry32, `seededRandom(seed)`). The generator is consumed only when two or more folds
 *    are still tied, one `randomInt(random, candidates)` call per such tie, the candidates listed
 *    in ascending fold index.
 * 3. After each assignment to fold m: desiredFold[m] and desiredLabel[j][m] for EVERY label j of
 *    the row drop (by k, in our scaling), and the row stops counting as unassigned for all its
 *    labels. Go back to 1 until no label has unassigned rows.
 * 4. Rows with no positive label, in ascending row index, each go to the fold with the largest
 *    desiredFold[f] (the largest remaining desired size); ties: uniformly random among the tied
 *    folds, same rule as in 2 (the paper's rule; scikit-multilearn draws any fold with positive
 *    remaining size instead).
 * The result depends only on (labels, rows, cols, folds, seed).
 */
export function iterativeStratification(
  labels: Uint8Array,
  rows: number,
  cols: number,
  folds: number,
  seed: number,
): Int32Array {
  checkFolds(folds);
  checkCount('rows', rows);
  checkCount('cols', cols);
  if (labels.length !== rows * cols) {
    throw new Error(`labels has length ${labels.length}, expected rows x cols = ${rows} x ${cols} = ${rows * cols}`);
  }
  if (folds > rows) {
    throw new Error(`cannot make ${folds} folds from ${rows} instances`);
  }
  const random = seededRandom(seed);
  const k = folds;

  // Positive rows of each label (CSC layout), in ascending row order.
  const labelCount = new Int32Array(cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let l = 0; l < cols; l++) if (labels[base + l]) labelCount[l] = labelCount[l]! + 1;
  }
  const start = new Int32Array(cols + 1);
  for (let l = 0; l < cols; l++) start[l + 1] = start[l]! + labelCount[l]!;
  const rowsOfLabel = new Int32Array(start[cols]!);
  const fill = start.slice(0, cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let l = 0; l < cols; l++) {
      if (labels[base + l]) {
        rowsOfLabel[fill[l]!] = r;
        fill[l] = fill[l]! + 1;
      }
    }
  }

  const desiredFold = new Float64Array(k).fill(rows);
  const desiredLabel = new Float64Array(cols * k);
  for (let l = 0; l < cols; l++) desiredLabel.fill(labelCount[l]!, l * k, (l + 1) * k);
  const remaining = Int32Array.from(labelCount);
  const foldOf = new Int32Array(rows).fill(-1);
  const candidates = new Int32Array(k);

  const assign = (r: number, m: number): void => {
    foldOf[r] = m;
    desiredFold[m] = desiredFold[m]! - k;
    const base = r * cols;
    for (let j = 0; j < cols; j++) {
      if (labels[base + j]) {
        desiredLabel[j * k + m] = desiredLabel[j * k + m]! - k;
        remaining[j] = remaining[j]! - 1;
      }
    }
  };

  for (;;) {
    // 1. The label with the fewest unassigned positives (> 0); lowest index on ties.
    let label = -1;
    let fewest = Infinity;
    for (let l = 0; l < cols; l++) {
      const c = remaining[l]!;
      if (c > 0 && c < fewest) {
        fewest = c;
        label = l;
      }
    }
    if (label < 0) break;
    // 2. Its rows, ascending, each to the most label-deficient fold.
    const offset = label * k;
    for (let p = start[label]!; p < start[label + 1]!; p++) {
      const r = rowsOfLabel[p]!;
      if (foldOf[r]! >= 0) continue;
      let best = -Infinity;
      for (let f = 0; f < k; f++) best = Math.max(best, desiredLabel[offset + f]!);
      let bestTotal = -Infinity;
      for (let f = 0; f < k; f++) {
        if (desiredLabel[offset + f] === best) bestTotal = Math.max(bestTotal, desiredFold[f]!);
      }
      let count = 0;
      for (let f = 0; f < k; f++) {
        if (desiredLabel[offset + f] === best && desiredFold[f] === bestTotal) candidates[count++] = f;
      }
      assign(r, pickCandidate(candidates, count, random));
    }
  }

  // 4. Rows without labels, ascending, to the folds with the largest remaining desired size.
  for (let r = 0; r < rows; r++) {
    if (foldOf[r]! >= 0) continue;
    let best = -Infinity;
    for (let f = 0; f < k; f++) best = Math.max(best, desiredFold[f]!);
    let count = 0;
    for (let f = 0; f < k; f++) if (desiredFold[f] === best) candidates[count++] = f;
    const m = pickCandidate(candidates, count, random);
    foldOf[r] = m;
    desiredFold[m] = desiredFold[m]! - k;
  }
  return foldOf;
}

/** The only candidate, or a seeded uniform draw among several (the generator is not touched for one). */
function pickCandidate(candidates: Int32Array, count: number, random: Random): number {
  return count === 1 ? candidates[0]! : candidates[randomInt(random, count)]!;
}

/** One train/test split per fold: test = the rows of that fold, train = all the others; ascending. */
export function kFoldSplits(foldOf: Int32Array, folds: number): Array<{ train: IndexSet; test: IndexSet }> {
  checkFolds(folds);
  const sizes = new Int32Array(folds);
  for (let r = 0; r < foldOf.length; r++) {
    const f = foldOf[r]!;
    if (!Number.isInteger(f) || f < 0 || f >= folds) {
      throw new Error(`row ${r} has fold ${f}, expected 0..${folds - 1}`);
    }
    sizes[f] = sizes[f]! + 1;
  }
  const splits: Array<{ train: IndexSet; test: IndexSet }> = [];
  for (let f = 0; f < folds; f++) {
    const test = new Int32Array(sizes[f]!);
    const train = new Int32Array(foldOf.length - sizes[f]!);
    let t = 0;
    let u = 0;
    for (let r = 0; r < foldOf.length; r++) {
      if (foldOf[r] === f) test[t++] = r;
      else train[u++] = r;
    }
    splits.push({ train, test });
  }
  return splits;
}

/**
 * A seeded random holdout of round(fraction * n) of `indices` (at least 1 when n >= 2, never all
 * n) for validation; the rest is returned as train. Both outputs are sorted ascending. The draw:
 * a Fisher-Yates shuffle of a copy of `indices` with `seededRandom(seed)`; its first entries
 * are the validation rows.
 */
export function validationHoldout(
  indices: IndexSet,
  fraction: number,
  seed: number,
): { train: IndexSet; validation: IndexSet } {
  if (!(fraction > 0 && fraction < 1)) {
    throw new Error(`validation fraction must be in (0, 1), got ${fraction}`);
  }
  const n = indices.length;
  let size = Math.round(fraction * n);
  if (n >= 2) size = Math.min(Math.max(size, 1), n - 1);
  else size = 0;
  const shuffled = shuffleInPlace(Int32Array.from(indices), seededRandom(seed));
  const validation = shuffled.slice(0, size).sort();
  const train = shuffled.slice(size).sort();
  return { train, validation };
}
