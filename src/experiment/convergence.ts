/**
 * Has a run's model converged? Methods can only be compared on trained models, so every report
 * says it. A run has converged when its best validation epoch is clearly before the last one
 * (at least CLEARLY_BEFORE epochs earlier), or when its validation macro-AUC is flat over the
 * last FLAT_WINDOW epochs (the least-squares line through them changes by less than FLAT_CHANGE).
 */
import type { RunResult } from './result';

export const CLEARLY_BEFORE = 10;
export const FLAT_WINDOW = 20;
export const FLAT_CHANGE = 0.005;

export interface Convergence {
  bestEpoch: number;
  lastEpoch: number;
  /** Change of the fitted line over the last FLAT_WINDOW epochs (NaN when the run is shorter). */
  lastWindowChange: number;
  converged: boolean;
}

/** The least-squares slope of ys against 0..n-1. */
function slope(ys: number[]): number {
  const n = ys.length;
  const mx = (n - 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  ys.forEach((y, x) => {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  });
  return den === 0 ? 0 : num / den;
}

export function convergence(run: Pick<RunResult, 'history' | 'best'>): Convergence {
  const curve = run.history.map((h) => h.validation.macro_auc as number);
  const lastEpoch = curve.length - 1;
  const bestEpoch = run.best?.epoch ?? lastEpoch;
  const window = curve.slice(-FLAT_WINDOW);
  const lastWindowChange = curve.length >= FLAT_WINDOW && window.every(Number.isFinite) ? slope(window) * (FLAT_WINDOW - 1) : NaN;
  const converged = bestEpoch <= lastEpoch - CLEARLY_BEFORE || Math.abs(lastWindowChange) < FLAT_CHANGE;
  return { bestEpoch, lastEpoch, lastWindowChange, converged };
}
