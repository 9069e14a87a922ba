/**
 * Paired comparison of two methods over matched runs (same dataset, fold and seed), as the
 * field reports it: the mean difference with a 95% interval from the corrected resampled t-test
 * (Nadeau and Bengio 2003: the variance is inflated by 1/n + n_test/n_train, because training
 * sets of cross-validation folds overlap and the plain paired t-test is too optimistic), the
 * Wilcoxon signed-rank p-value, and win / tie / loss counts.
 */
import wilcoxon from '@stdlib/stats-wilcoxon';
import { tCdf, tQuantile } from './distributions';

/** Differences smaller than this are ties (reports print 4 decimals). */
export const TIE_TOLERANCE = 1e-4;

export interface CorrectedTTest {
  n: number;
  meanDifference: number;
  /** 95% interval of the mean difference; null with fewer than 2 pairs. */
  interval: [number, number] | null;
  t: number;
  df: number;
  /** Two-sided; null with fewer than 2 pairs. */
  p: number | null;
}

/**
 * The corrected resampled t-test on differences d (n >= 1) with testTrainRatio = n_test / n_train
 * (1/4 for 5-fold cross-validation): t = mean(d) / sqrt((1/n + ratio) * var(d)), df = n - 1.
 */
export function correctedResampledTTest(d: readonly number[], testTrainRatio: number): CorrectedTTest {
  if (!(testTrainRatio >= 0)) throw new Error(`testTrainRatio must be >= 0, got ${testTrainRatio}`);
  const n = d.length;
  if (n === 0) throw new Error('a paired comparison needs at least one pair');
  const mean = d.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { n, meanDifference: mean, interval: null, t: NaN, df: 0, p: null };
  const variance = d.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  const se = Math.sqrt((1 / n + testTrainRatio) * variance);
  const df = n - 1;
  if (se === 0) return { n, meanDifference: mean, interval: [mean, mean], t: mean === 0 ? 0 : Math.sign(mean) * Infinity, df, p: mean === 0 ? 1 : 0 };
  const t = mean / se;
  const half = tQuantile(0.975, df) * se;
  return { n, meanDifference: mean, interval: [mean - half, mean + half], t, df, p: 2 * (1 - tCdf(Math.abs(t), df)) };
}

/**
 * Two-sided Wilcoxon signed-rank p-value of the differences (exact without ties below 50 pairs,
 * else the normal approximation with continuity correction; zero differences dropped). 1 when
 * every difference is 0; null with fewer than 2 pairs. Note that with 5 pairs the smallest
 * possible p is 0.0625: five folds alone cannot reach 0.05 with this test.
 */
export function wilcoxonSignedRankP(d: readonly number[]): number | null {
  if (d.length < 2) return null;
  if (d.every((v) => v === 0)) return 1;
  return wilcoxon([...d]).pValue;
}

export interface PairedComparison extends CorrectedTTest {
  wilcoxonP: number | null;
  wins: number;
  ties: number;
  losses: number;
}

/**
 * `a` against `b` on matched runs: the differences a - b, turned so that a positive difference
 * (and a win) is always `a` doing better, also for lower-is-better metrics.
 */
export function comparePaired(a: readonly number[], b: readonly number[], options: { testTrainRatio: number; lowerIsBetter: boolean }): PairedComparison {
  if (a.length !== b.length) throw new Error(`paired runs differ in number: ${a.length} and ${b.length}`);
  const sign = options.lowerIsBetter ? -1 : 1;
  const d = a.map((v, i) => sign * (v - b[i]!));
  const test = correctedResampledTTest(d, options.testTrainRatio);
  return {
    ...test,
    wilcoxonP: wilcoxonSignedRankP(d),
    wins: d.filter((v) => v > TIE_TOLERANCE).length,
    ties: d.filter((v) => Math.abs(v) <= TIE_TOLERANCE).length,
    losses: d.filter((v) => v < -TIE_TOLERANCE).length,
  };
}
