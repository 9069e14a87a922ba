import { describe, expect, it } from 'vitest';
import {
  comparePaired,
  correctedResampledTTest,
  friedmanFromRanks,
  friedmanTest,
  nemenyiCriticalDifference,
  nemenyiQAlpha,
  rankRow,
  wilcoxonSignedRankP,
} from '../../src/stats';

describe('Nemenyi critical values', () => {
  it("match Demšar's Table 5a (q_0.05 and q_0.10, k = 2..10)", () => {
    // Demšar (JMLR 2006), Table 5(a); the table truncates to three decimals.
    const q05 = [1.96, 2.343, 2.569, 2.728, 2.85, 2.949, 3.031, 3.102, 3.164];
    const q10 = [1.645, 2.052, 2.291, 2.459, 2.589, 2.693, 2.78, 2.855, 2.92];
    q05.forEach((q, i) => expect(Math.abs(nemenyiQAlpha(i + 2, 0.05) - q), `k=${i + 2}`).toBeLessThan(1.5e-3));
    q10.forEach((q, i) => expect(Math.abs(nemenyiQAlpha(i + 2, 0.1) - q), `k=${i + 2}`).toBeLessThan(1.5e-3));
  });

  it("give Demšar's critical difference for 4 methods on 14 datasets (CD = 1.25)", () => {
    expect(nemenyiCriticalDifference(4, 14)).toBeCloseTo(1.25, 2);
  });

  it('refuse fewer than two methods', () => {
    expect(() => nemenyiQAlpha(1)).toThrowError('the Nemenyi test needs at least 2 methods, got 1');
  });
});

describe("Friedman's test", () => {
  it("reproduces Demšar's worked example (chi2_F = 9.28, F_F = 3.69)", () => {
    // Section 3.2.2: average ranks of four C4.5 variants over 14 datasets.
    const f = friedmanFromRanks([3.143, 2.0, 2.893, 1.964], 14);
    expect(f.chiSquare).toBeCloseTo(9.28, 2);
    expect(f.imanDavenportF).toBeCloseTo(3.69, 2);
    expect(f.df).toBe(3);
    // Critical F(3, 39) at 0.05 is 2.85, so p < 0.05; chi2(3) at 0.05 is 7.815.
    expect(f.imanDavenportP).toBeLessThan(0.05);
    expect(f.p).toBeCloseTo(0.02575, 4);
  });

  it('ranks per dataset, ties sharing the average rank, in either direction', () => {
    expect(rankRow([0.7, 0.9, 0.8], false)).toEqual([3, 1, 2]);
    expect(rankRow([0.7, 0.9, 0.8], true)).toEqual([1, 3, 2]);
    expect(rankRow([0.5, 0.9, 0.5, 0.1], false)).toEqual([2.5, 1, 2.5, 4]);
  });

  it('gives chi2 = 0 and p = 1 when every method ties everywhere, and the maximum when ranks agree', () => {
    const same = friedmanTest([[1, 1, 1], [2, 2, 2]], false);
    expect(same.averageRanks).toEqual([2, 2, 2]);
    expect(same.chiSquare).toBeCloseTo(0, 12);
    expect(same.p).toBeCloseTo(1, 12);
    // Perfect agreement over N datasets: chi2 = N (k - 1).
    const agree = friedmanTest([[3, 2, 1], [30, 20, 10], [0.3, 0.2, 0.1]], false);
    expect(agree.averageRanks).toEqual([1, 2, 3]);
    expect(agree.chiSquare).toBeCloseTo(6, 12);
    expect(agree.imanDavenportF).toBe(Infinity);
    expect(agree.imanDavenportP).toBe(0);
  });
});

describe('corrected resampled t-test', () => {
  it('matches a hand computation (d = 0.01..0.05, ratio 1/4)', () => {
    // mean 0.03, s^2 = 2.5e-4, se = sqrt((1/5 + 1/4) * 2.5e-4) = 0.0106066, t = 2.828427, df 4.
    // t_{0.975, 4} = 2.776445 (published t tables: 2.776), so the interval barely excludes 0.
    const r = correctedResampledTTest([0.01, 0.02, 0.03, 0.04, 0.05], 0.25);
    expect(r.meanDifference).toBeCloseTo(0.03, 12);
    expect(r.t).toBeCloseTo(2.8284271, 6);
    expect(r.df).toBe(4);
    expect(r.interval![0]).toBeCloseTo(0.03 - 2.776445 * 0.0106066, 5);
    expect(r.interval![1]).toBeCloseTo(0.03 + 2.776445 * 0.0106066, 5);
    expect(r.p).toBeCloseTo(0.0474207, 6);
  });

  it('is wider than the plain paired t-test (ratio 0 is the plain test)', () => {
    const d = [0.01, 0.02, 0.03, 0.04, 0.05];
    const plain = correctedResampledTTest(d, 0);
    const corrected = correctedResampledTTest(d, 0.25);
    expect(plain.p!).toBeLessThan(corrected.p!);
    expect(plain.t).toBeCloseTo(0.03 / Math.sqrt(2.5e-4 / 5), 10);
  });

  it('says nothing about spread from a single pair, and handles zero variance', () => {
    expect(correctedResampledTTest([0.02], 0.25)).toEqual({ n: 1, meanDifference: 0.02, interval: null, t: NaN, df: 0, p: null });
    expect(correctedResampledTTest([0, 0, 0], 0.25).p).toBe(1);
    expect(correctedResampledTTest([0.1, 0.1], 0.25).p).toBe(0);
  });
});

describe('Wilcoxon signed-rank test', () => {
  it('gives the exact two-sided p-values (scipy.stats.wilcoxon agrees)', () => {
    expect(wilcoxonSignedRankP([0.01, 0.02, 0.03, 0.04, 0.05])).toBeCloseTo(0.0625, 12); // 2 / 2^5
    expect(wilcoxonSignedRankP([0.01, -0.02, 0.03, 0.04, 0.05])).toBeCloseTo(0.1875, 12); // 6 / 2^5
    expect(wilcoxonSignedRankP([1, 2, 3, 4, 5, 6, 7, 8, 9, -10])).toBeCloseTo(0.083984375, 12);
  });

  it('is 1 when every difference is 0 and undefined for one pair', () => {
    expect(wilcoxonSignedRankP([0, 0, 0])).toBe(1);
    expect(wilcoxonSignedRankP([0.3])).toBeNull();
  });
});

describe('paired comparison', () => {
  it('counts wins, ties and losses, turning lower-is-better metrics', () => {
    const a = [0.5, 0.6, 0.7, 0.8];
    const b = [0.4, 0.60005, 0.75, 0.7]; // 0.00005 apart is a tie
    const higher = comparePaired(a, b, { testTrainRatio: 0.25, lowerIsBetter: false });
    expect([higher.wins, higher.ties, higher.losses]).toEqual([2, 1, 1]);
    const lower = comparePaired(a, b, { testTrainRatio: 0.25, lowerIsBetter: true });
    expect([lower.wins, lower.ties, lower.losses]).toEqual([1, 1, 2]);
    expect(lower.meanDifference).toBeCloseTo(-higher.meanDifference, 12);
  });

  it('refuses unmatched runs', () => {
    expect(() => comparePaired([1, 2], [1], { testTrainRatio: 0.25, lowerIsBetter: false })).toThrowError('paired runs differ in number: 2 and 1');
  });
});
