/**
 * Label-ranking metrics as the authors' evaluation code (`main.py` of the D2ACE release) computes
 * them: average precision (scikit-learn average_precision_score(average='samples')), ranking loss
 * and one-error (their own code, equal to scikit-learn's label_ranking_loss and argmax), and
 * coverage (their own code: positions in a sorted ranking, so ties are NOT counted against the
 * model as scikit-learn's coverage_error does). Scores may be any real numbers (not NaN).
 * scikit-learn's label_ranking_average_precision_score and coverage_error stay available.
 *
 * Per instance the relevant scores are sorted once (./sort) and each irrelevant score is placed
 * among them by binary search: O(L log L) per instance, and fast when few labels are relevant.
 */
import { scoreArrayLike, sortScores, SortScratch } from './sort';
import { checkLabelScores, type LabelScores } from './validate';

/** The ranking metrics, by their reported names. */
export interface RankingMetrics {
  /**
   * Per instance, the non-interpolated average precision of its row (scikit-learn
   * average_precision_score(average='samples'), which the authors report): the mean over its
   * relevant labels j of |{relevant k: s_k >= s_j}| / |{k: s_k >= s_j}| (tied scores form one
   * threshold, i.e. the MAX rank). An instance with every label relevant scores 1; one with NO
   * relevant label scores 0 (scikit-learn's label_ranking_average_precision_score would give it
   * 1; the two agree on every other instance). Averaged over all instances.
   */
  average_precision: number;
  /**
   * Per instance, the fraction of (relevant j, irrelevant k) pairs with s_k >= s_j (ties count
   * as mis-ordered; the authors' code, equal to scikit-learn's label_ranking_loss); an instance
   * with no relevant or no irrelevant label scores 0. Averaged over all instances.
   */
  ranking_loss: number;
  /**
   * The authors' coverage (1-indexed): labels sorted by descending score, and per instance the
   * position of its last relevant label. Tied scores keep label order (a stable sort, which is
   * what numpy's `argsort(-O)` gives for short rows; numpy does not promise an order for ties),
   * so a relevant label tied with irrelevant ones is NOT pushed behind them, unlike
   * scikit-learn's coverage_error. An instance with no relevant label scores 0. Averaged over
   * all instances. Range [0, L].
   */
  coverage: number;
  /**
   * Fraction of instances whose top-scored label is not relevant. The top label is the first
   * index among tied maxima (numpy argmax). An instance with no relevant label always counts as
   * an error.
   */
  one_error: number;
}

/** The ranking metrics plus scikit-learn's variants of the two that differ. */
interface RankingDetails extends RankingMetrics {
  /** scikit-learn label_ranking_average_precision_score (rows without relevant labels score 1). */
  lrap: number;
  /** scikit-learn coverage_error (ties counted against the model). */
  coverageTiesAgainst: number;
}

/** Assumes validated input. */
export function computeRanking(input: LabelScores): RankingMetrics {
  const { average_precision, ranking_loss, coverage, one_error } = computeRankingDetails(input);
  return { average_precision, ranking_loss, coverage, one_error };
}

function computeRankingDetails(input: LabelScores): RankingDetails {
  const { rows, cols, yTrue, scores } = input;
  const relBuf = scoreArrayLike(scores, cols);
  const irrBuf = scoreArrayLike(scores, cols);
  const scratch = new SortScratch();
  const slot = new Int32Array(cols + 1);
  let apSum = 0; // rows without a relevant label add 0
  let loss = 0;
  let coverage = 0;
  let coverageTiesAgainst = 0;
  let noRelevant = 0;
  let oneError = 0;
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    let p = 0;
    let q = 0;
    let best = -Infinity;
    let bestRelevant = false;
    let minRelevant = Infinity;
    let lastAtMin = -1; // the highest label index among the relevant labels scoring minRelevant
    for (let j = 0; j < cols; j++) {
      const s = scores[base + j]!;
      const t = yTrue[base + j] === 1;
      if (j === 0 || s > best) {
        best = s;
        bestRelevant = t;
      }
      if (t) {
        relBuf[p++] = s;
        if (s <= minRelevant) {
          minRelevant = s;
          lastAtMin = j;
        }
      } else irrBuf[q++] = s;
    }
    if (!bestRelevant) oneError++;
    if (p === 0) {
      noRelevant++;
      continue;
    }
    // Coverage: the stable-sort position of the last relevant label (labels above it, plus the
    // tied ones before it in label order), and scikit-learn's count of labels scoring >= it.
    let above = 0;
    let tiedBefore = 0;
    let tied = 0;
    for (let j = 0; j < cols; j++) {
      const s = scores[base + j]!;
      if (s > minRelevant) above++;
      else if (s === minRelevant) {
        tied++;
        if (j <= lastAtMin) tiedBefore++;
      }
    }
    coverage += above + tiedBefore;
    coverageTiesAgainst += above + tied;
    if (q === 0) {
      apSum += 1;
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
    apSum += ratio / p;
    loss += misordered / (p * q);
  }
  return {
    average_precision: apSum / rows,
    ranking_loss: loss / rows,
    coverage: coverage / rows,
    one_error: oneError / rows,
    lrap: (apSum + noRelevant) / rows,
    coverageTiesAgainst: coverageTiesAgainst / rows,
  };
}

/** All four ranking metrics in one pass (validates its input). */
export function rankingMetrics(input: LabelScores): RankingMetrics {
  checkLabelScores(input);
  return computeRanking(input);
}

/** average_precision, the authors' (scikit-learn average_precision_score, average='samples'). */
export function samplesAveragePrecision(input: LabelScores): number {
  return rankingMetrics(input).average_precision;
}

/**
 * scikit-learn label_ranking_average_precision_score: as average_precision, except that an
 * instance with no relevant label scores 1 instead of 0.
 */
export function labelRankingAveragePrecisionScore(input: LabelScores): number {
  checkLabelScores(input);
  return computeRankingDetails(input).lrap;
}

/** ranking_loss; see {@link RankingMetrics.ranking_loss}. */
export function labelRankingLoss(input: LabelScores): number {
  return rankingMetrics(input).ranking_loss;
}

/** coverage, the authors' (ties keep label order); see {@link RankingMetrics.coverage}. */
export function referenceCoverage(input: LabelScores): number {
  return rankingMetrics(input).coverage;
}

/**
 * scikit-learn coverage_error: per instance, |{k: s_k >= s_min}| with s_min the lowest relevant
 * score (ties counted against the model); 0 without relevant labels. Averaged over instances.
 */
export function coverageError(input: LabelScores): number {
  checkLabelScores(input);
  return computeRankingDetails(input).coverageTiesAgainst;
}

/** one_error; see {@link RankingMetrics.one_error}. */
export function oneError(input: LabelScores): number {
  return rankingMetrics(input).one_error;
}
