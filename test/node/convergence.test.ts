import { describe, expect, it } from 'vitest';
import { convergence } from '../../src/report/convergence';
import type { RunResult } from '../../src/results/result';

/** A run with only its validation curve and best epoch. */
const run = (curve: number[], best?: number) =>
  ({ history: curve.map((macro_auc) => ({ validation: { macro_auc } })), best: { epoch: best ?? curve.indexOf(Math.max(...curve)) } }) as unknown as RunResult;

describe('convergence', () => {
  it('a curve still rising at the end has not converged', () => {
    const rising = Array.from({ length: 100 }, (_, e) => 0.5 + 0.002 * e);
    const c = convergence(run(rising));
    expect(c.bestEpoch).toBe(99);
    expect(c.lastWindowGain).toBeCloseTo(0.002 * 20, 12); // best of 80..99 minus best of 0..79
    expect(c.converged).toBe(false);
  });

  it('a plateau has converged even when its best epoch is near the end', () => {
    // Rises to 0.73 by epoch 60, then noise of +-0.003 around it; the best lands at 97.
    const plateau = Array.from({ length: 100 }, (_, e) => (e < 60 ? 0.5 + (0.23 * e) / 60 : 0.73 + (e % 3 === 0 ? 0.003 : -0.002)));
    plateau[97] = 0.734;
    const c = convergence(run(plateau));
    expect(c.bestEpoch).toBe(97);
    expect(c.lastWindowGain).toBeCloseTo(0.734 - 0.733, 12);
    expect(c.converged).toBe(true);
  });

  it('a best epoch clearly before the last is converged (over-fitting afterwards)', () => {
    const peak = Array.from({ length: 50 }, (_, e) => 0.9 - Math.abs(e - 9) * 0.001);
    expect(convergence(run(peak))).toMatchObject({ bestEpoch: 9, converged: true });
  });

  it('a run no longer than the window can only converge by its best epoch', () => {
    const short = [0.5, 0.6, 0.7];
    expect(convergence(run(short))).toMatchObject({ bestEpoch: 2, converged: false });
    expect(convergence(run(short)).lastWindowGain).toBeNaN();
  });
});
