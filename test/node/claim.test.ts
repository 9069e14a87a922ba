/**
 * The paper's claim put to the results: the verdict per backbone and metric from the average
 * ranks, Friedman's test and Nemenyi's critical difference, and D2ACE against each method over
 * the datasets, on hand-made runs whose ranks and tests are worked out in the comments.
 */
import { describe, expect, it } from 'vitest';
import { groupRuns } from '../../src/report/aggregate';
import { claimMarkdown, claimRows, overDatasetsMarkdown } from '../../src/report/claim';
import { markdownReport } from '../../src/report/markdown';
import type { RunResult } from '../../src/results/result';
import { fakeRun } from '../support/fake-run';


// Per fold, d2ace gains 0.01..0.05 over uniform and obs loses twice that: on every dataset d2ace
// ranks 1, uniform 2, obs 3 on higher-is-better metrics, and the paired t-test gives p = 0.047.
const GAINS = [0.01, 0.02, 0.03, 0.04, 0.05];
function study(datasets: number): RunResult[] {
  return Array.from({ length: datasets }, (_, d) => `set${d}`).flatMap((dataset, d) =>
    GAINS.flatMap((gain, fold) => {
      const base = 0.5 + d * 0.01 + fold * 0.001;
      return [fakeRun(dataset, 'uniform', fold, base), fakeRun(dataset, 'd2ace', fold, base + gain), fakeRun(dataset, 'obs', fold, base - 2 * gain)];
    }),
  );
}

describe("the paper's claim", () => {
  it('12 datasets: supported on macro-AUC (first, Friedman p < 0.05, both others beyond CD 0.957), not supported on ranking loss (last)', () => {
    const rows = claimRows(groupRuns(study(12)));
    const auc = rows.find((r) => r.metric === 'macro_auc')!;
    // Friedman: chi2 = 12*12/(3*4) * (1+4+9) - 3*12*4 = 24, p = exp(-12); CD = 2.343 * sqrt(3*4 / (6*12)).
    expect(auc).toMatchObject({ model: 'mlp', datasets: 12, rank: 1, place: 1, methods: 3, beatenByCd: ['obs', 'uniform'], verdict: 'supported' });
    expect(auc.friedmanP).toBeCloseTo(Math.exp(-12), 8);
    expect(auc.criticalDifference).toBeCloseTo(2.343 * Math.sqrt(12 / 72), 2);
    const loss = rows.find((r) => r.metric === 'ranking_loss')!;
    expect(loss).toMatchObject({ rank: 3, place: 3, beatenByCd: [], verdict: 'not supported here' });
    expect(rows.map((r) => r.metric)).toEqual(['macro_auc', 'ranking_loss', 'macro_f1', 'average_precision']);
  });

  it('4 datasets: first but within the critical difference of uniform is only partly supported; 2 datasets are too few', () => {
    // N = 4: CD = 2.343 * sqrt(12 / 24) = 1.657 > 1, the gap to uniform; Friedman chi2 = 8, p = exp(-4).
    const four = claimRows(groupRuns(study(4))).find((r) => r.metric === 'macro_auc')!;
    expect(four).toMatchObject({ place: 1, beatenByCd: ['obs'], verdict: 'partly supported' });
    expect(four.friedmanP).toBeCloseTo(Math.exp(-4), 8);
    expect(claimRows(groupRuns(study(2))).every((r) => r.verdict === 'too few datasets')).toBe(true);
  });

  it('writes the verdict table and its rule', () => {
    const md = claimMarkdown(groupRuns(study(12)));
    expect(md).toContain('| mlp | macro_auc | 12 | 1.00 of 3 methods | 1 | p < 0.001 (CD 0.96) | obs, uniform | **supported** |');
    expect(md).toContain('| mlp | ranking_loss ↓ | 12 | 3.00 of 3 methods | 3 | p < 0.001 (CD 0.96) | none | **not supported here** |');
    expect(md).toContain('- **mlp**: d2ace ranks first on 3 of 4 main metrics and beats every other method by the critical difference on 3;');
    expect(claimMarkdown(groupRuns(study(12).filter((r) => r.config.method !== 'd2ace')))).toBe(
      'The claim needs d2ace and at least one other method on at least two datasets where every method ran.',
    );
  });

  it('counts wins, ties and losses over the datasets and the datasets where the paired test is significant', () => {
    const md = overDatasetsMarkdown(groupRuns(study(12)));
    expect(md).toContain('| obs | 12/0/0 (sig. +12 / −0) | 0/0/12 (sig. +0 / −12) | 12/0/0 (sig. +12 / −0) | 12/0/0 (sig. +12 / −0) |');
    expect(md).toContain('| uniform | 12/0/0 (sig. +12 / −0) | 0/0/12 (sig. +0 / −12) | 12/0/0 (sig. +12 / −0) | 12/0/0 (sig. +12 / −0) |');
  });

  it("places the reader's notes right after the claim", () => {
    const md = markdownReport(groupRuns(study(3)), [], '### Threats\n\nOne seed.\n');
    const claim = md.indexOf("### The paper's claim");
    const notes = md.indexOf('### Threats\n\nOne seed.');
    expect(claim).toBeGreaterThan(0);
    expect(notes).toBeGreaterThan(claim);
    expect(md.indexOf('### D2ACE over the datasets')).toBeGreaterThan(notes);
  });
});
