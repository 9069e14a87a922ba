/**
 * ROC AUC and average precision (area under the precision-recall curve, non-interpolated), per
 * label and micro-averaged, with scikit-learn's semantics (roc_auc_score, average_precision_score).
 *
 * Both come from one linear walk over the positives' and the negatives' scores, each sorted once
 * (./sort: radix sort, insertion sort when short), so a column of n scores costs at most O(n log n).
 */
import { scoreArrayLike, sortScores, SortScratch, type ScoreArray } from './sort';
import { checkLabelScores, type LabelScores } from './validate';

/** ROC AUC and AP of one binary problem. */
export interface BinaryCurveStats {
  positives: number;
  negatives: number;
  /** NaN when positives or negatives is 0. */
  rocAuc: number;
  /** 0 when positives is 0; 1 when negatives is 0 (and positives > 0). */
  averagePrecision: number;
}

/**
 * ROC AUC and AP from the positives' scores and the negatives' scores, each sorted ascending
 * (either may be empty). Tied scores form one threshold.
 *
 * AUC = P(s+ > s-) + P(s+ = s-)/2 over all (positive, negative) pairs (Mann-Whitney U with
 * average ranks; equal to the trapezoidal area under sklearn's ROC curve), counted in exact
 * integer arithmetic before the one division.
 * AP = sum over distinct thresholds t, descending, of (R(t) - R(t_prev)) * P(t), with R the
 * recall and P the precision of "score >= t"; this is sklearn's non-interpolated AP.
 */
export function sortedCurveStats(pos: ArrayLike<number>, neg: ArrayLike<number>): BinaryCurveStats {
  const p = pos.length;
  const q = neg.length;
  let i = p - 1;
  let j = q - 1;
  let tps = 0;
  let fps = 0;
  let twiceU = 0; // 2 * (pairs ordered correctly) + (tied pairs)
  let apSum = 0;
  while (i >= 0 || j >= 0) {
    let v: number;
    if (i < 0) v = neg[j]!;
    else if (j < 0) v = pos[i]!;
    else v = pos[i]! >= neg[j]! ? pos[i]! : neg[j]!;
    let dp = 0;
    while (i >= 0 && pos[i] === v) {
      dp++;
      i--;
    }
    let dn = 0;
    while (j >= 0 && neg[j] === v) {
      dn++;
      j--;
    }
    // j + 1 negatives remain, all strictly below v.
    twiceU += dp * (2 * (j + 1) + dn);
    tps += dp;
    fps += dn;
    if (dp > 0) apSum += (dp * tps) / (tps + fps);
  }
  return {
    positives: p,
    negatives: q,
    rocAuc: p > 0 && q > 0 ? twiceU / (2 * p * q) : NaN,
    averagePrecision: p > 0 ? apSum / p : 0,
  };
}

/** Splits entries into positives' and negatives' scores, then sorts each ascending. */
function splitSorted(
  yTrue: Uint8Array,
  scores: ScoreArray,
  start: number,
  count: number,
  stride: number,
  posBuf: ScoreArray,
  negBuf: ScoreArray,
  scratch: SortScratch,
): [ScoreArray, ScoreArray] {
  let p = 0;
  let q = 0;
  for (let k = 0, at = start; k < count; k++, at += stride) {
    if (yTrue[at] === 1) posBuf[p++] = scores[at]!;
    else negBuf[q++] = scores[at]!;
  }
  const pos = sortScores(posBuf.subarray(0, p), scratch);
  const neg = sortScores(negBuf.subarray(0, q), scratch);
  return [pos, neg];
}

/** Per-label stats (column j of the N x L input). Assumes validated input. */
export function computePerLabelCurves(input: LabelScores): BinaryCurveStats[] {
  const { rows, cols, yTrue, scores } = input;
  const posBuf = scoreArrayLike(scores, rows);
  const negBuf = scoreArrayLike(scores, rows);
  const scratch = new SortScratch();
  const out: BinaryCurveStats[] = [];
  for (let j = 0; j < cols; j++) {
    const [pos, neg] = splitSorted(yTrue, scores, j, rows, cols, posBuf, negBuf, scratch);
    out.push(sortedCurveStats(pos, neg));
  }
  return out;
}

/** Stats of the ravelled N*L problem. Assumes validated input. */
export function computeMicroCurve(input: LabelScores): BinaryCurveStats {
  const { yTrue, scores } = input;
  const n = yTrue.length;
  let p = 0;
  for (let k = 0; k < n; k++) p += yTrue[k]!;
  const [pos, neg] = splitSorted(yTrue, scores, 0, n, 1, scoreArrayLike(scores, p), scoreArrayLike(scores, n - p), new SortScratch());
  return sortedCurveStats(pos, neg);
}

/** The four curve metrics, by their reported names. */
export interface CurveMetrics {
  macro_auc: number;
  micro_auc: number;
  macro_aupr: number;
  micro_aupr: number;
}

/** Mean ROC AUC over the labels with both classes; NaN when none has. */
function macroAucOf(perLabel: BinaryCurveStats[]): number {
  let sum = 0;
  let used = 0;
  for (const s of perLabel) {
    if (s.positives > 0 && s.negatives > 0) {
      sum += s.rocAuc;
      used++;
    }
  }
  return used > 0 ? sum / used : NaN;
}

function macroApOf(perLabel: BinaryCurveStats[]): number {
  let sum = 0;
  for (const s of perLabel) sum += s.averagePrecision;
  return sum / perLabel.length;
}

/** macro/micro AUC and AUPR in one go. Assumes validated input. */
export function computeCurveMetrics(input: LabelScores): CurveMetrics {
  const perLabel = computePerLabelCurves(input);
  const micro = computeMicroCurve(input);
  return {
    macro_auc: macroAucOf(perLabel),
    micro_auc: micro.rocAuc,
    macro_aupr: macroApOf(perLabel),
    micro_aupr: micro.averagePrecision,
  };
}

/** All four curve metrics (validates its input). See the single-metric functions for semantics. */
export function curveMetrics(input: LabelScores): CurveMetrics {
  checkLabelScores(input);
  return computeCurveMetrics(input);
}

/**
 * macro_auc: ROC AUC of each label, averaged over the labels that have BOTH classes in yTrue
 * (scikit-learn would raise on the others; here they are skipped). Tied scores count 1/2.
 * NaN when no label has both classes.
 */
export function macroRocAuc(input: LabelScores): number {
  checkLabelScores(input);
  return macroAucOf(computePerLabelCurves(input));
}

/**
 * micro_auc: ROC AUC of the ravelled N*L entries (sklearn roc_auc_score(average='micro')).
 * Tied scores count 1/2. NaN when all entries are 0 or all are 1.
 */
export function microRocAuc(input: LabelScores): number {
  checkLabelScores(input);
  return computeMicroCurve(input).rocAuc;
}

/**
 * macro_aupr: average precision of each label, averaged over ALL labels (sklearn
 * average_precision_score(average='macro')). A label with no relevant instance gets AP 0 (what
 * sklearn returns, with its "No positive class found" warning) and is included in the mean; a
 * label where every instance is relevant gets AP 1. Tied scores form one threshold.
 */
export function macroAveragePrecision(input: LabelScores): number {
  checkLabelScores(input);
  return macroApOf(computePerLabelCurves(input));
}

/**
 * micro_aupr: average precision of the ravelled N*L entries (sklearn
 * average_precision_score(average='micro')). 0 when no entry is relevant; 1 when all are.
 */
export function microAveragePrecision(input: LabelScores): number {
  checkLabelScores(input);
  return computeMicroCurve(input).averagePrecision;
}

function asColumn(yTrue: Uint8Array, scores: Float32Array | Float64Array): LabelScores {
  const input: LabelScores = { rows: yTrue.length, cols: 1, yTrue, scores };
  checkLabelScores(input);
  return input;
}

/**
 * Binary ROC AUC (sklearn roc_auc_score for one column): ties count 1/2; NaN when yTrue holds
 * only one class (sklearn raises). Validates like a rows x 1 LabelScores.
 */
export function rocAucScore(yTrue: Uint8Array, scores: Float32Array | Float64Array): number {
  return computeMicroCurve(asColumn(yTrue, scores)).rocAuc;
}

/**
 * Binary non-interpolated average precision (sklearn average_precision_score for one column):
 * sum over distinct thresholds of (R_n - R_{n-1}) P_n, tied scores forming one threshold.
 * 0 when yTrue has no 1; 1 when it has no 0.
 */
export function averagePrecisionScore(yTrue: Uint8Array, scores: Float32Array | Float64Array): number {
  return computeMicroCurve(asColumn(yTrue, scores)).averagePrecision;
}

/**
 * The authors' best-epoch criterion (`macro_averaging_auc` in their `main.py`), which is not
 * macro_auc: per label with both classes, the fraction of (positive, negative) pairs with
 * s_neg <= s_pos, so a TIE COUNTS 1 (not 1/2); the sum over those labels is divided by ALL L
 * labels, so a label with one class in the evaluated set counts 0. Validates its input.
 */
export function macroAveragingAuc(input: LabelScores): number {
  checkLabelScores(input);
  const { rows, cols, yTrue, scores } = input;
  const posBuf = scoreArrayLike(scores, rows);
  const negBuf = scoreArrayLike(scores, rows);
  const scratch = new SortScratch();
  let sum = 0;
  for (let j = 0; j < cols; j++) {
    const [pos, neg] = splitSorted(yTrue, scores, j, rows, cols, posBuf, negBuf, scratch);
    if (pos.length === 0 || neg.length === 0) continue;
    // Walk both ascending lists: for each positive, the negatives scoring <= it.
    let atOrBelow = 0;
    let pairs = 0;
    for (let a = 0; a < pos.length; a++) {
      while (atOrBelow < neg.length && neg[atOrBelow]! <= pos[a]!) atOrBelow++;
      pairs += atOrBelow;
    }
    sum += pairs / (pos.length * neg.length);
  }
  return sum / cols;
}
