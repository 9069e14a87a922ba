/**
 * Has a run's model converged? Methods can only be compared on trained models, so every report
 * says it. A run has converged when its best validation epoch is clearly before the last one
 * (at least CLEARLY_BEFORE epochs earlier), or when its validation macro-AUC has stopped
 * improving: the best of the last FLAT_WINDOW epochs beats the best before them by less than
 * FLAT_CHANGE (the patience rule of early stopping; unlike a line fitted through the window, it
 * is not fooled by one noisy epoch at the window's start).
 */
import type { RunResult } from '../results/result';

export const CLEARLY_BEFORE = 10;
export const FLAT_WINDOW = 20;
export const FLAT_CHANGE = 0.005;

export interface Convergence {
  bestEpoch: number;
  lastEpoch: number;
  /** Best of the last FLAT_WINDOW epochs minus the best before them (NaN when the run is not longer than the window). */
  lastWindowGain: number;
  converged: boolean;
}

const maxOf = (values: number[]) => values.reduce((a, b) => (Number.isFinite(b) && b > a ? b : a), -Infinity);

export function convergence(run: Pick<RunResult, 'history' | 'best'>): Convergence {
  const curve = run.history.map((h) => (typeof h.validation.macro_auc === 'number' ? h.validation.macro_auc : NaN));
  const lastEpoch = curve.length - 1;
  const bestEpoch = run.best?.epoch ?? lastEpoch;
  const before = curve.slice(0, -FLAT_WINDOW);
  const gain = curve.length > FLAT_WINDOW ? maxOf(curve.slice(-FLAT_WINDOW)) - maxOf(before) : NaN;
  const lastWindowGain = Number.isFinite(gain) ? gain : NaN;
  const converged = bestEpoch <= lastEpoch - CLEARLY_BEFORE || lastWindowGain < FLAT_CHANGE;
  return { bestEpoch, lastEpoch, lastWindowGain, converged };
}
