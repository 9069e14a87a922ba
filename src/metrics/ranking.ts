/**
 * Label-ranking metrics with scikit-learn's exact semantics (label_ranking_average_precision_score,
 * label_ranking_loss, coverage_error) plus one-error. Scores may be any real numbers (not NaN).
 *
 * Per instance the relevant scores are sorted once (./sort) and each irrelevant score is placed
 * among them by binary search: O(L log L) per instance, and fast when few labels are relevant.
 */
import { scoreArrayLike, sortScores, SortScratch } from './sort';
import { checkLabelScores, type LabelScores } from './validate';

/** The ranking metrics, by their reported names. */
export interface RankingMetrics {
  /**
   * Label ranking average precision (sklearn label_ranking_average_precision_score): per instance,
   * the mean over its relevant labels j of |{relevant k: s_k >= s_j}| / |{k: s_k >= s_j}|, i.e.
   * ranks with ties taking the MAX rank; an instance with no relevant label or with every label
   * relevant scores 1. Averaged over all instances.
   */
  average_precision: number;
  /**
   * sklearn label_ranking_loss: per instance, the fraction of (relevant j, irrelevant k) pairs with
   * s_k >= s_j (ties count as mis-ordered); an instance with no relevant or no irrelevant label
   * scores 0. Averaged over all instances.
   */
  ranking_loss: number;
  /**
   * sklearn coverage_error (1-indexed): per instance, max over relevant j of |{k: s_k >= s_j}|,
   * ties counted against the model (so L when every label is relevant); an instance with no
   * relevant label scores 0. Averaged over all instances. Range [0, L].
   */
  coverage: number;
  /**
   * Fraction of instances whose top-scored label is not relevant. The top label is the first
   * index among tied maxima (numpy argmax). An instance with no relevant label always counts as
   * an error.
   */
  one_error: number;
}

/** Assumes validated input. */
export function computeRanking(input: LabelScores): RankingMetrics {
  const { rows, cols, yTrue, scores } = input;
  const relBuf = scoreArrayLike(scores, cols);
  const irrBuf = scoreArrayLike(scores, cols);
  const scratch = new SortScratch();
  const slot = new Int32Array(cols + 1);
  let lrap = 0;
  let loss = 0;
  let coverage = 0;
  let oneError = 0;
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    let p = 0;
    let q = 0;
    let best = -Infinity;
    let bestRelevant = false;
    let minRelevant = Infinity;
    for (let j = 0; j < cols; j++) {
      const s = scores[base + j]!;
      const t = yTrue[base + j] === 1;
      if (j === 0 || s > best) {
        best = s;
        bestRelevant = t;
      }
      if (t) {
        relBuf[p++] = s;
        if (s < minRelevant) minRelevant = s;
      } else irrBuf[q++] = s;
    }
    if (!bestRelevant) oneError++;
    if (p === 0) {
      lrap += 1;
      continue;
    }
    // Coverage: how many labels score >= the lowest relevant score.
    let covered = 0;
    for (let j = 0; j < cols; j++) if (scores[base + j]! >= minRelevant) covered++;
    coverage += covered;
    if (q === 0) {
      lrap += 1;
      continue;
    }
    // Sort the relevant scores; place each irrelevant score among them by binary search:
    // slot[b] counts the irrelevant scores with exactly b relevant scores <= them.
    const rel = sortScores(relBuf.subarray(0, p), scratch);
    slot.fill(0, 0, p + 1);
    for (let b = 0; b < q; b++) {
      const s = irrBuf[b]!;
      let lo = 0;
      let hi = p;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (rel[mid]! <= s) lo = mid + 1;
        else hi = mid;
      }
      slot[lo]!++;
    }
    let below = 0; // irrelevant scores strictly below rel[a]
    let groupStart = 0; // first index of rel[a]'s tie group
    let ratio = 0;
    let misordered = 0;
    for (let a = 0; a < p; a++) {
      const v = rel[a]!;
      if (a > 0 && v !== rel[a - 1]) groupStart = a;
      below += slot[a]!; // those with fewer than a + 1 relevant scores <= them are < rel[a]
      const relAbove = p - groupStart; // relevant k with s_k >= v (max rank among relevant)
      const irrAbove = q - below; // irrelevant k with s_k >= v
      ratio += relAbove / (relAbove + irrAbove);
      misordered += irrAbove;
    }
    lrap += ratio / p;
    loss += misordered / (p * q);
  }
  return {
    average_precision: lrap / rows,
    ranking_loss: loss / rows,
    coverage: coverage / rows,
    one_error: oneError / rows,
  };
}

/** All four ranking metrics in one pass (validates its input). */
export function rankingMetrics(input: LabelScores): RankingMetrics {
  checkLabelScores(input);
  return computeRanking(input);
}

/** average_precision; see {@link RankingMetrics.average_precision}. */
export function labelRankingAveragePrecisionScore(input: LabelScores): number {
  return rankingMetrics(input).average_precision;
}

/** ranking_loss; see {@link RankingMetrics.ranking_loss}. */
export function labelRankingLoss(input: LabelScores): number {
  return rankingMetrics(input).ranking_loss;
}

/** coverage; see {@link RankingMetrics.coverage}. */
export function coverageError(input: LabelScores): number {
  return rankingMetrics(input).coverage;
}

/** one_error; see {@link RankingMetrics.one_error}. */
export function oneError(input: LabelScores): number {
  return rankingMetrics(input).one_error;
}
