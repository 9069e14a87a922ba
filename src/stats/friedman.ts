/**
 * Comparing several methods over several datasets (Demšar, "Statistical comparisons of
 * classifiers over multiple data sets", JMLR 2006): average ranks, Friedman's test (with the
 * Iman-Davenport F), and the Nemenyi critical difference for the CD diagram.
 */
import { chisquareCdf, fCdf, nemenyiQAlpha } from './distributions';

/** Ranks of one dataset's scores, 1 = best; tied scores share their average rank. */
export function rankRow(values: readonly number[], lowerIsBetter: boolean): number[] {
  const order = values.map((v, i) => ({ v: lowerIsBetter ? v : -v, i })).sort((x, y) => x.v - y.v);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.v === order[start]!.v) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]!.i] = rank;
    start = end + 1;
  }
  return ranks;
}

export interface FriedmanResult {
  datasets: number;
  methods: number;
  averageRanks: number[];
  chiSquare: number;
  df: number;
  p: number;
  /** Iman and Davenport's F (less conservative than chi-square); Infinity when every dataset ranks the methods alike, NaN for one dataset. */
  imanDavenportF: number;
  imanDavenportP: number;
}

/** Friedman's statistic from average ranks over N datasets (Demšar eq. 3 and the Iman-Davenport F). */
export function friedmanFromRanks(averageRanks: readonly number[], datasets: number): FriedmanResult {
  const k = averageRanks.length;
  const N = datasets;
  if (k < 2 || N < 1) throw new Error(`Friedman's test needs at least 2 methods and 1 dataset, got ${k} and ${N}`);
  const sumSquares = averageRanks.reduce((a, r) => a + r * r, 0);
  const chiSquare = ((12 * N) / (k * (k + 1))) * (sumSquares - (k * (k + 1) ** 2) / 4);
  const df = k - 1;
  const denominator = N * (k - 1) - chiSquare;
  // Perfect agreement of the rankings (chi2 = N (k - 1)) makes the F infinite.
  const imanDavenportF = N < 2 ? NaN : denominator > 1e-12 ? ((N - 1) * chiSquare) / denominator : Infinity;
  return {
    datasets: N,
    methods: k,
    averageRanks: [...averageRanks],
    chiSquare,
    df,
    p: 1 - chisquareCdf(chiSquare, df),
    imanDavenportF,
    imanDavenportP: Number.isNaN(imanDavenportF) ? NaN : 1 - fCdf(imanDavenportF, df, df * (N - 1)),
  };
}

/** Friedman's test on a datasets x methods table of scores. */
export function friedmanTest(scores: readonly (readonly number[])[], lowerIsBetter: boolean): FriedmanResult {
  const k = scores[0]?.length ?? 0;
  const sums = new Array<number>(k).fill(0);
  for (const row of scores) {
    if (row.length !== k) throw new Error(`every dataset needs a score for each of the ${k} methods`);
    rankRow(row, lowerIsBetter).forEach((r, j) => (sums[j]! += r));
  }
  return friedmanFromRanks(sums.map((s) => s / scores.length), scores.length);
}

/** Nemenyi's critical difference of average ranks: q_alpha * sqrt(k (k + 1) / (6 N)). */
export function nemenyiCriticalDifference(methods: number, datasets: number, alpha = 0.05): number {
  return nemenyiQAlpha(methods, alpha) * Math.sqrt((methods * (methods + 1)) / (6 * datasets));
}
