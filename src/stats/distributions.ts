/**
 * The distributions the significance tests need, from @stdlib (a well-kept statistics library)
 * rather than hand-written special functions. The studentized range at infinite degrees of
 * freedom (Nemenyi's q_alpha) is not in @stdlib; it is one integral over stdlib's normal CDF,
 * inverted by bisection, and the tests hold it to Demšar's published table.
 */
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import fCdf from '@stdlib/stats-base-dists-f-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export { chisquareCdf, fCdf, tCdf, tQuantile };

const phi = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

/**
 * P(range of k independent N(0,1) draws <= q) = k * ∫ φ(z) (Φ(z) - Φ(z - q))^(k-1) dz, by
 * Simpson's rule on [-8, 8 + q] (the integrand is negligible outside).
 */
export function studentizedRangeCdfInfiniteDf(q: number, k: number): number {
  if (q <= 0) return 0;
  const lo = -8;
  const hi = 8 + q;
  const steps = 2000;
  const h = (hi - lo) / steps;
  let sum = 0;
  for (let i = 0; i <= steps; i++) {
    const z = lo + i * h;
    const f = phi(z) * Math.pow(normalCdf(z, 0, 1) - normalCdf(z - q, 0, 1), k - 1);
    sum += f * (i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2);
  }
  return Math.min(1, (k * sum * h) / 3);
}

/** Nemenyi's critical value q_alpha (Demšar 2006, Table 5a): the studentized range quantile at df = ∞, over √2. */
export function nemenyiQAlpha(k: number, alpha = 0.05): number {
  if (!Number.isInteger(k) || k < 2) throw new Error(`the Nemenyi test needs at least 2 methods, got ${k}`);
  let lo = 0;
  let hi = 20;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (studentizedRangeCdfInfiniteDf(mid, k) < 1 - alpha) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2 / Math.SQRT2;
}
